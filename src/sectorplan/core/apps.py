from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sectorplan.core"
    label = "core"
