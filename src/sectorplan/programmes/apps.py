from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "sectorplan.programmes"
    label = "programmes"
