from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sectorplan.core"
    label = "core"

    def ready(self):
        from sectorplan.core import (
            theme,  # noqa: F401  (registers the theme's system check)
            versions,
        )

        versions.connect()
