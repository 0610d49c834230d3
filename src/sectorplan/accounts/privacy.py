"""Personal data (AVG/GDPR): what we keep of a person, their own copy of it, and the
anonymisation of accounts that have not been used for the retention period.

We keep of a person only what the work needs: name, e-mail address, username, the roles
they act in, when they last logged in, their authenticator (if any) and the trail of what
they changed. After the retention period without a login (settings.SECTORPLAN_RETENTION_DAYS,
two years by default) `sectorplan anonymise-accounts` deactivates the account and replaces
name, e-mail and username by a pseudonym; the audit trail keeps pointing at the account, so
it shows the pseudonym and the role, never the person.
"""

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplan.accounts import audit
from sectorplan.accounts.models import AuditEvent, Membership, User

PSEUDONYM_PREFIX = "geanonimiseerd-"


def personal_data(user: User) -> dict:
    """Everything the system holds about `user` as a person, for their own download."""
    memberships = Membership.objects.filter(user=user).select_related("organisation", "region")
    events = AuditEvent.objects.filter(actor=user).select_related("content_type").order_by("at")
    return {
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "is_active": user.is_active,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "language": user.language,
        },
        # The tokens' names and dates; never a key (only its hash is stored anyway).
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created": token.created_at.isoformat(),
                "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in user.api_tokens.order_by("created_at", "pk")
        ],
        "memberships": [
            {
                "role": m.role,
                "organisation": m.organisation.name,
                "region": m.region.code if m.region_id else None,
                "is_active": m.is_active,
            }
            for m in memberships
        ],
        "changes_made": [
            {
                "time": event.at.isoformat(),
                "action": event.action,
                "object_type": f"{event.content_type.app_label}.{event.content_type.model}"
                if event.content_type_id
                else "",
                "object": event.object_repr,
                "changes": event.changes,
                "note": event.note,
            }
            for event in events
        ],
    }


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.SECTORPLAN_RETENTION_DAYS)


def due_for_anonymisation(now=None):
    """Accounts not used since the cutoff (never logged in: joined before it), not yet
    anonymised."""
    cutoff = retention_cutoff(now)
    return (
        User.objects.filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
        )
        .exclude(username__startswith=PSEUDONYM_PREFIX)
        .order_by("pk")
    )


@dataclass(frozen=True)
class Anonymised:
    pseudonym: str


@transaction.atomic
def anonymise(user: User, *, by=None) -> Anonymised:
    """Replace what identifies the person by a pseudonym and close the account. The trail
    records that it happened, without the old values."""
    pseudonym = f"{PSEUDONYM_PREFIX}{user.pk}"
    former = user.get_username()
    user.username = pseudonym
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    Membership.objects.filter(user=user).update(is_active=False)
    TOTPDevice.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=former).delete()
    audit.record(
        by,
        "user.anonymise",
        user,
        {"username": ["", pseudonym]},
        note="name, e-mail address, authenticator and login records removed",
    )
    return Anonymised(pseudonym)
