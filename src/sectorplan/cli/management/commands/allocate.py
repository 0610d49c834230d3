from sectorplan.cli.base import ProjectCommand
from sectorplan.core.cells import CsvWriter
from sectorplan.core.numbers import format_decimal_plain
from sectorplan.programmes.selectors import allocation_changes, allocation_compute
from sectorplan.programmes.services import allocation_publish


class Command(ProjectCommand):
    help = "Print the allocation as CSV; with --publish, fix it on the programme."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args, **options):
        programme = self.get_programme(options["slug"])
        rows = allocation_compute(programme)
        if options["publish"]:
            changes = allocation_changes(programme)
            for change in changes:
                old = (
                    "-" if change.old_subsidy is None else format_decimal_plain(change.old_subsidy)
                )
                self.stderr.write(
                    f"{change.region.code}: {old} -> {format_decimal_plain(change.new_subsidy)}"
                )
            if changes:
                allocation_publish(programme=programme)
                self.stderr.write(f"published the allocation of '{programme.slug}'")
            else:
                self.stderr.write("the published allocation is up to date; nothing changed")
        writer = CsvWriter(self.stdout)
        writer.writerow(["region_code", "region_name", "basis", "subsidy", "cofinancing"])
        for row in rows:
            writer.writerow(
                [
                    row.region.code,
                    row.region.name,
                    format_decimal_plain(row.basis, places=None),
                    format_decimal_plain(row.subsidy),
                    format_decimal_plain(row.cofinancing),
                ]
            )
