import time

from sectorplan.cli.base import ProjectCommand
from sectorplan.cli.load import load_generate


class Command(ProjectCommand):
    help = (
        "Generate a scale dataset for the benchmarks: the demo programme plus copies of it, "
        "so that --scale N holds N programmes like the demo; --regions R adds one programme "
        "over R regions (with --empty: regions and allocation basis only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="programmes like the demo")
        parser.add_argument("--regions", type=int, default=0, help="a programme over R regions")
        parser.add_argument(
            "--empty", action="store_true", help="the wide programme without plans or reports"
        )

    def require_migrated(self) -> None:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)

    def handle(self, *args, **options):
        if options["scale"] < 1 or options["regions"] < 0:
            self.stderr.write("--scale must be 1 or more and --regions 0 or more")
            raise SystemExit(2)
        started = time.perf_counter()
        result = load_generate(
            scale=options["scale"], regions=options["regions"], empty=options["empty"]
        )
        self.stdout.write(
            f"programmes created: {len(result.created)}, kept: {len(result.kept)}; "
            f"{result.rows} rows copied in {time.perf_counter() - started:.1f} s"
        )
