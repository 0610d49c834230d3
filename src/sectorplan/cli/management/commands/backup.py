from pathlib import Path

from sectorplan.cli.backup import backup_write
from sectorplan.cli.base import ProjectCommand


class Command(ProjectCommand):
    help = "Write a full backup (all data and uploaded files) to PATH.zip."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH.zip")

    def handle(self, *args, **options):
        path = options["path"]
        summary = backup_write(path)
        self.stdout.write(
            f"wrote {path}: {summary.rows} rows of {summary.tables} tables, "
            f"{summary.files} uploaded files"
        )
