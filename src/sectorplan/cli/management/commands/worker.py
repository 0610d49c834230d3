from django.core.management import call_command

from sectorplan.cli.base import ProjectCommand


class Command(ProjectCommand):
    help = (
        "Run the background jobs (final reports, web imports, e-mail) as they are queued: "
        "the worker of django-tasks' database backend. Run one or more beside the app "
        "servers; --batch stops when the queue is empty."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )
        parser.add_argument("--batch", action="store_true", help="stop when the queue is empty")
        parser.add_argument("--max-tasks", type=int, help="stop after this many jobs")

    def handle(self, *args, **options):
        more = {"max_tasks": options["max_tasks"]} if options["max_tasks"] else {}
        call_command(
            "db_worker",
            interval=options["interval"],
            batch=options["batch"],
            startup_delay=not options["batch"],
            verbosity=options["verbosity"],
            **more,
        )
