from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sectorplan.accounts"
    label = "accounts"
