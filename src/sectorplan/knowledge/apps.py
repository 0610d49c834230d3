from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "sectorplan.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge exchange")

    def ready(self):
        # The search index follows the plans and reports written by the apps below this one.
        from sectorplan.knowledge import index

        index.connect()
        from sectorplan.knowledge import (
            rules,  # noqa: F401  (registers the permissions)
            services,  # noqa: F401  (registers the workflow)
        )
