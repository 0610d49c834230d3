from pathlib import Path

from sectorplan.cli.base import ProjectCommand
from sectorplan.programmes.services import basis_import_file


class Command(ProjectCommand):
    help = "Import the allocation basis per region (columns region_code,basis) from CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        programme = self.get_programme(options["slug"])
        count = basis_import_file(programme=programme, source=options["file"])
        self.stdout.write(f"imported the basis of {count} regions into '{programme.slug}'")
