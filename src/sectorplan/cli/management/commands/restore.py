from pathlib import Path

from sectorplan.cli.backup import restore_read
from sectorplan.cli.base import ProjectCommand


class Command(ProjectCommand):
    help = (
        "Restore a backup made by `sectorplan backup` into an empty, freshly migrated "
        "database of the same schema (refuses a database that holds data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH.zip")

    def handle(self, *args, **options):
        path = options["path"]
        summary = restore_read(path)
        self.stdout.write(
            f"restored {path}: {summary.rows} rows of {summary.tables} tables, "
            f"{summary.files} uploaded files"
        )
