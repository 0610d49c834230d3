"""Making, finding and revoking API tokens. Every change is written to the audit trail."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.accounts.models import ApiToken
from sectorplan.core.errors import Refused

#: A key looks like `sp_<prefix>_<secret>`: the prefix is stored and shown, the rest not.
KEY_START = "sp_"
PREFIX_LENGTH = 8
NAME_MAX = 100
#: Only refresh `last_used_at` when it is older than this, so reads stay reads.
LAST_USED_PRECISION_SECONDS = 60


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, by) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its key, which is never shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise Refused(_("Give the token a name, so you can tell it apart later."))
    if len(name) > NAME_MAX:
        raise Refused(_("A token's name is at most %(max)d characters.") % {"max": NAME_MAX})
    if not user.is_active:
        raise Refused(
            _("The account '%(username)s' is not active.") % {"username": user.get_username()}
        )
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=hash_key(key), created_by=by
    )
    audit.record(by, "api_token.create", token, {"name": ["", name], "prefix": ["", prefix]})
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token; from now on it is refused (401). Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(by, "api_token.revoke", token, {"revoked": ["", "true"]})
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The token with this key, with its user, whether revoked or not; None when unknown."""
    if not key.startswith(KEY_START):
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()


def token_touch(token: ApiToken) -> None:
    """Remember when the token was last used (to the minute, without a write per request)."""
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_PRECISION_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
