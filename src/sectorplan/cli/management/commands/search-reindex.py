from sectorplan.cli.base import ProjectCommand
from sectorplan.knowledge.index import rebuild_all


class Command(ProjectCommand):
    help = (
        "Rebuild the search index of the knowledge pages from the plans, reports, practices, "
        "instruments and meetings (after a restore from an older backup, or to check it)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"indexed {rebuild_all()} texts")
