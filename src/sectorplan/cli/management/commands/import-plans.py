from pathlib import Path

from sectorplan.cli.base import ProjectCommand
from sectorplan.plans.imports import TARGETS, plans_import_file


class Command(ProjectCommand):
    help = (
        "Import plan activities per region (columns region_code,activity_type,title,subsidy,"
        "cofinancing) from CSV or XLSX. The file's rows replace the draft activities of each "
        "region in the file; with --state, those plans are then brought to that state as a "
        "recorded import."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--state",
            choices=sorted(TARGETS),
            help="submitted: skip the confirmation and advice steps; decided: also grant the "
            "plan's total subsidy, dated today",
        )

    def handle(self, *args, **options):
        programme = self.get_programme(options["slug"])
        state = options["state"]
        result = plans_import_file(programme=programme, source=options["file"], state=state)
        self.stdout.write(
            f"imported {result.activities} activities for {result.regions} regions "
            f"into '{programme.slug}'"
        )
        if state:
            self.stdout.write(
                f"plans brought to '{TARGETS[state]}': {result.moved}, "
                f"already up to date: {result.up_to_date}"
            )
