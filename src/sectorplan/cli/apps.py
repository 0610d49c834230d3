from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "sectorplan.cli"
    label = "cli"
