from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sectorplan.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from sectorplan.monitoring import (
            report_flow,  # noqa: F401  (registers the workflow)
            rules,  # noqa: F401  (registers the permissions)
        )
