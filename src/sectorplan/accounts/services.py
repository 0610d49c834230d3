"""Writes about logging in: unlocking, and turning two-factor login on and off. Each is
recorded in the audit trail (the failed logins and authenticators themselves live in
django-axes' and django-otp's tables)."""

from axes.utils import reset as axes_reset
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplan.accounts import audit
from sectorplan.accounts.models import User


@transaction.atomic
def login_unlock(*, by: User, username: str = "", ip_address: str = "") -> int:
    """Lift the lockout of a username or of an address; returns the attempts removed."""
    if username:
        removed = axes_reset(username=username)
        user = User.objects.filter(username=username).first()
        audit.record(by, "login.unlock", user, note=f"username {username}")
    elif ip_address:
        removed = axes_reset(ip=ip_address)
        audit.record(by, "login.unlock", None, note=f"address {ip_address}")
    else:
        raise ValueError("give a username or an address")
    return removed


def two_factor_start(*, user: User) -> TOTPDevice:
    """The authenticator being set up: a new secret, or the one shown before, so that reloading
    the set-up page keeps the QR code the person may have scanned already."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def two_factor_confirm(*, device: TOTPDevice, by: User) -> TOTPDevice:
    """The person typed a right code from the new authenticator: it becomes their one device."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(by, "login.two_factor_on", device.user)
    return device


@transaction.atomic
def two_factor_remove(*, user: User, by: User) -> int:
    """Remove the user's authenticators (turned off, or lost: the office removes them)."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if not removed:
        return 0
    audit.record(by, "login.two_factor_off" if user == by else "login.device_removed", user)
    return removed
