from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sectorplan.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from sectorplan.plans import rules, services  # noqa: F401  (register perms, workflow)
