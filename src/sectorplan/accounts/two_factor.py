"""Two-factor login with an authenticator app (TOTP, django-otp).

Mandatory for the national roles and superusers (`rules.must_use_two_factor`), optional for
regional roles. After the password, a user who must give a code — or who turned it on — is
held at the verification page (or, without an authenticator yet, at its set-up page) until
the code is right; `SECTORPLAN_TWO_FACTOR` switches this off for the demo.
"""

from base64 import b32encode
from urllib.parse import quote

import segno
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplan.accounts.rules import must_use_two_factor

#: Whether the user had a confirmed authenticator when logging in; read at login so that the
#: pages of a regional user without one cost no query.
HAS_DEVICE_SESSION_KEY = "sectorplan_two_factor_device"
#: Where the API lives; its authentication checks the second step itself (api.authentication).
API_PREFIX = "/api/"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def needs_code(request) -> bool:
    """The logged-in user must still enter a code (or set up an authenticator) now."""
    user = request.user
    if not settings.SECTORPLAN_TWO_FACTOR or not user.is_authenticated or is_verified(user):
        return False
    return bool(request.session.get(HAS_DEVICE_SESSION_KEY)) or must_use_two_factor(user)


def remember_device_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        request.session[HAS_DEVICE_SESSION_KEY] = has_device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, title=title, svgclass="qr-code", lineclass=None
    )


class TwoFactorMiddleware:
    """Until the code is given, every page but logging in and out, the code pages themselves,
    language switching, static files and the health check leads to the code page.

    The API (`/api/`) is never redirected: it answers JSON itself, and refuses a session that
    still owes its code with a 403 (a token is proof enough: it was made in a verified
    session or by the operator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_code(request) and not self._open(request.path_info):
            target = reverse("two-factor-verify")
            if request.method == "GET":
                target += "?next=" + quote(request.get_full_path())
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = (
            reverse("login"),
            reverse("logout"),
            reverse("two-factor-verify"),
            reverse("two-factor-setup"),
            reverse("set_language"),
            reverse("healthz"),
            "/" + settings.STATIC_URL.lstrip("/"),
            API_PREFIX,
        )
        return path.startswith(open_paths)
