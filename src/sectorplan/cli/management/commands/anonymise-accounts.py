from sectorplan.accounts.privacy import anonymise, due_for_anonymisation
from sectorplan.cli.base import ProjectCommand


class Command(ProjectCommand):
    help = (
        "Anonymise the accounts not used for the retention period (SECTORPLAN_RETENTION_DAYS, "
        "default 730): name and e-mail removed, a pseudonym for the username, account closed. "
        "Run daily by cron. The audit trail keeps the pseudonym."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list the accounts, change nothing"
        )

    def handle(self, *args, **options):
        due = list(due_for_anonymisation())
        for user in due:
            if options["dry_run"]:
                self.stdout.write(f"would anonymise account {user.pk}")
            else:
                self.stdout.write(f"account {user.pk}: {anonymise(user).pseudonym}")
        verb = "would anonymise" if options["dry_run"] else "anonymised"
        self.stdout.write(f"{verb} {len(due)} accounts")
