"""`sectorplan templates` lists the programme templates found; `sectorplan templates validate
FILE` checks one template file and lists every problem (exit 1 when there is one)."""

from django.core.management.base import CommandError

from sectorplan.cli.base import ProjectCommand
from sectorplan.core.errors import Refused
from sectorplan.programmes.programme_templates import (
    TEMPLATE_DIR,
    template_files,
    template_problems,
)


class Command(ProjectCommand):
    help = "List the programme templates, or check one template file (validate FILE)."
    # Reads files only: no database needed, so it works before `sectorplan migrate`.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("subcommand", nargs="?", choices=["validate"])
        parser.add_argument("file", nargs="?")

    def require_migrated(self) -> None:
        pass

    def handle(self, *args, **options):
        if options["subcommand"] == "validate":
            if not options["file"]:
                raise CommandError("templates validate: give the template file")
            self.validate(options["file"])
            return
        for code, path in template_files().items():
            where = "shipped" if path.parent == TEMPLATE_DIR else str(path)
            problems = template_problems(str(path))
            note = f"  ({len(problems)} problems: see `templates validate`)" if problems else ""
            self.stdout.write(f"{code}\t{where}{note}")

    def validate(self, file: str) -> None:
        problems = template_problems(file)
        if problems:
            raise Refused(problems)
        self.stdout.write(f"{file}: valid")
