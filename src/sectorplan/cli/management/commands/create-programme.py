from sectorplan.cli.base import ProjectCommand
from sectorplan.programmes.programme_templates import DEFAULT_TEMPLATE
from sectorplan.programmes.services import programme_create


class Command(ProjectCommand):
    help = "Create a programme from a template, with the regions of the template's region set."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--budget", required=True, help="subsidy budget in euros")
        parser.add_argument("--cofinancing-ratio", default=None, help="default: the template's")
        parser.add_argument(
            "--template", default=DEFAULT_TEMPLATE, help="template code or path to a .toml file"
        )

    def handle(self, *args, **options):
        programme = programme_create(
            slug=options["slug"],
            name=options["name"],
            budget=options["budget"],
            cofinancing_ratio=options["cofinancing_ratio"],
            template=options["template"],
        )
        self.stdout.write(
            f"created programme '{programme.slug}' with {programme.participations.count()} regions"
        )
