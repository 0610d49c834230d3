import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

from sectorplan.cli.base import ProjectCommand
from sectorplan.cli.demo import PASSWORD, demo_load, demo_users


class Command(ProjectCommand):
    help = "Set up the database, load the demo programme and its users, and serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT to serve on")
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")
        parser.add_argument("--fresh", action="store_true", help="delete all data first")

    def require_migrated(self) -> None:
        call_command("migrate", interactive=False, verbosity=0)

    def handle(self, *args, **options):
        settings.DEMO_MARKER.write_text(
            "This data directory holds the sectorplan demo: DEBUG is on by default here.\n",
            encoding="utf-8",
        )
        if options["fresh"]:
            call_command("flush", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        # Building the demo's history takes ~150 workflow steps; nobody needs those e-mails.
        backend, settings.EMAIL_BACKEND = (
            settings.EMAIL_BACKEND,
            "django.core.mail.backends.dummy.EmailBackend",
        )
        try:
            programme = demo_load()
        finally:
            settings.EMAIL_BACKEND = backend
        self.stdout.write(f"demo programme '{programme.slug}': {programme.name}")
        self.stdout.write(f"demo users (password '{PASSWORD}'):")
        for username, role in demo_users():
            self.stdout.write(f"  {username:32} {role}")
        if not options["no_serve"]:
            self.stdout.write(f"serving on http://{options['addr']}/  (Ctrl-C to stop)")
            # The background jobs (final reports, imports, e-mail) run in a worker beside the
            # server, stopped with it: one command still starts everything.
            worker = subprocess.Popen([sys.executable, "-m", "sectorplan", "worker"])
            try:
                call_command("runserver", options["addr"], use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(timeout=30)
