"""Failed logins (django-axes): the client address it counts, the page a locked-out person
sees, and the lockouts the programme office may lift."""

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The address a login comes from. Behind `SECTORPLAN_PROXY_COUNT` reverse proxies it is
    the entry that the outermost proxy added to X-Forwarded-For; entries left of it are what
    the client claims and could be forged to escape a lockout."""
    count = settings.SECTORPLAN_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def cool_off_minutes() -> int:
    cool_off = get_cool_off()
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, saying why logging in is refused now (429)."""
    return render(
        request,
        "accounts/login.html",
        {"form": AuthenticationForm(request), "locked_out": True, "minutes": cool_off_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@dataclass(frozen=True)
class Lockout:
    #: "username" or "ip_address": what is locked.
    kind: str
    value: str
    failures: int
    last_attempt: datetime


def current_lockouts() -> list[Lockout]:
    """Usernames and addresses with too many failed logins within the cool-off time."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    lockouts = []
    for kind in ("username", "ip_address"):
        rows = (
            attempts.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by(kind)
        )
        lockouts += [Lockout(kind, row[kind], row["failures"], row["last"]) for row in rows]
    return lockouts
