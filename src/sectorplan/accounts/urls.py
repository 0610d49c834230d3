from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from sectorplan.accounts import history, views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("mijn-account/", views.account, name="account"),
    path("mijn-account/gegevens.json", views.personal_data, name="personal-data"),
    path("tweestapsverificatie/", views.two_factor_verify, name="two-factor-verify"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="two-factor-setup"),
    path("tweestapsverificatie/uitzetten/", views.two_factor_disable, name="two-factor-disable"),
    path(
        "wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password-change-done",
    ),
    path(
        "wachtwoord/vergeten/",
        views.PasswordResetView.as_view(success_url=reverse_lazy("password-reset-done")),
        name="password-reset",
    ),
    path(
        "wachtwoord/vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord/nieuw/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("toegang/", views.access, name="access"),
    path("toegang/ontgrendelen/", views.access_unlock, name="access-unlock"),
    path(
        "toegang/<int:user_id>/authenticator-verwijderen/",
        views.access_remove_device,
        name="access-remove-device",
    ),
    path("audittrail/", history.trail_export, name="trail-export"),
]
