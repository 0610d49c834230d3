"""What every `sectorplan` project command shares: exit codes and error reporting.

Exit status (CONTRACTS §3): 0 done · 1 refused, nothing written · 2 usage error (argparse).
"""

import sys

from django.core.checks import Tags
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from sectorplan.core.errors import Refused
from sectorplan.programmes.models import Programme


class ProjectCommand(BaseCommand):
    # A data command checks what it touches: the models and the database. The site's checks
    # (URLs, templates, security, theme) are `sectorplan check`'s and the server's; running
    # them here would load every view, the API and the document libraries on each start.
    requires_system_checks = [Tags.models, Tags.database]

    def execute(self, *args, **options):
        # Command output is English, as in CONTRACTS §3; the Dutch catalogue is for pages.
        translation.deactivate_all()
        try:
            self.require_migrated()
            return super().execute(*args, **options)
        except Refused as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            sys.exit(1)

    def require_migrated(self) -> None:
        if Programme._meta.db_table not in connection.introspection.table_names():
            raise Refused(_("the database has not been set up: run `sectorplan migrate` first"))

    @staticmethod
    def get_programme(slug: str) -> Programme:
        programme = Programme.objects.filter(slug=slug).select_related("region_set").first()
        if programme is None:
            raise Refused(_("unknown programme '%(slug)s'") % {"slug": slug})
        return programme
