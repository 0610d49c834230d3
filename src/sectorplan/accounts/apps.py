from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sectorplan.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sectorplan.accounts.two_factor import remember_device_at_login

        user_logged_in.connect(remember_device_at_login, dispatch_uid="sectorplan_two_factor")
