"""Who has an account: the office invites people, deactivates and reactivates accounts.
Accounts are never deleted (the audit trail points at them); see privacy.py for anonymising.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sectorplan.accounts import audit
from sectorplan.accounts.models import Membership, User
from sectorplan.accounts.rules import is_programme_office
from sectorplan.core.errors import Refused


def _require_office(by) -> None:
    if not is_programme_office(by):
        raise Refused(_("Only the programme office manages accounts."))


def set_password_url(user: User) -> str:
    """A one-time link to choose a password (valid for settings.PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password-reset-confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return settings.SECTORPLAN_BASE_URL.rstrip("/") + path


@transaction.atomic
def invite(
    *, by, first_name: str, last_name: str, email: str, role: str, organisation, region=None
) -> User:
    """An account for a new person, with one membership, and an e-mail with a link to choose
    a password. The username is the e-mail address."""
    _require_office(by)
    email = User.objects.normalize_email(email.strip()).lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise Refused(
            _("There is already an account for %(email)s; add the role to that account instead.")
            % {"email": email}
        )
    user = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    user.set_unusable_password()
    user.save()
    membership = Membership(user=user, role=role, organisation=organisation, region=region)
    membership.full_clean(exclude=["user"])
    membership._history_user = by
    membership.save()
    audit.record(
        by,
        "user.invite",
        user,
        audit.changed({}, {"email": email, "membership": str(membership)}),
    )
    transaction.on_commit(lambda: send_invitation(user, by))
    return user


def send_invitation(user: User, by) -> None:
    inviter = by.get_full_name() or by.get_username()
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    send_mail(
        subject=_("Your account for sectorplan"),
        message=ngettext(
            "%(inviter)s has made an account for you in sectorplan, the system of the "
            "programme office for the sector plans.\n\n"
            "Your username is: %(username)s\n\n"
            "Choose your password with this link (valid for %(days)d day):\n%(url)s\n",
            "%(inviter)s has made an account for you in sectorplan, the system of the "
            "programme office for the sector plans.\n\n"
            "Your username is: %(username)s\n\n"
            "Choose your password with this link (valid for %(days)d days):\n%(url)s\n",
            days,
        )
        % {
            "inviter": inviter,
            "username": user.get_username(),
            "days": days,
            "url": set_password_url(user),
        },
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def resend_invitation(*, by, user: User) -> None:
    _require_office(by)
    if not user.is_active:
        raise Refused(_("%(user)s is deactivated.") % {"user": user.get_username()})
    if user.has_usable_password():
        raise Refused(_("%(user)s has chosen a password already.") % {"user": user.get_username()})
    audit.record(by, "user.invite_again", user)
    transaction.on_commit(lambda: send_invitation(user, by))


@transaction.atomic
def set_active(*, by, user: User, active: bool) -> User:
    """Deactivate (the person can no longer log in; everything they did stays) or reactivate."""
    _require_office(by)
    if user.pk == by.pk and not active:
        raise Refused(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        by,
        "user.reactivate" if active else "user.deactivate",
        user,
        {"is_active": [audit.text(not active), audit.text(active)]},
    )
    return user
