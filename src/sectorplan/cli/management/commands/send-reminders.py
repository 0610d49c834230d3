from datetime import date

from django.utils import timezone

from sectorplan.cli.base import ProjectCommand
from sectorplan.monitoring.reminders import reminders_send


class Command(ProjectCommand):
    help = (
        "E-mail the contacts of reports not yet submitted, on the reminder days of each open "
        "round (run daily by cron; never twice for a report on the same day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            help="act as if today were this date (YYYY-MM-DD); for catching up a missed day",
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        sent = reminders_send(today=today)
        for reminder in sent:
            self.stdout.write(
                f"{reminder.round.code} {reminder.region.code}: {reminder.recipients}"
            )
        self.stdout.write(f"sent {len(sent)} reminders for {today.isoformat()}")
