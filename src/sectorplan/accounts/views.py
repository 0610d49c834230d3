from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplan.accounts import privacy, services
from sectorplan.accounts.forms import CodeForm
from sectorplan.accounts.lockout import cool_off_minutes, current_lockouts
from sectorplan.accounts.models import User
from sectorplan.accounts.rules import must_use_two_factor
from sectorplan.accounts.selectors import memberships_of
from sectorplan.accounts.two_factor import (
    HAS_DEVICE_SESSION_KEY,
    confirmed_device,
    is_verified,
    qr_svg,
    secret_text,
)


def _next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


# --- Two-factor login -----------------------------------------------------------------------


@login_required
def two_factor_verify(request):
    """The second step of logging in: the code from the authenticator app."""
    if is_verified(request.user):
        return redirect(_next(request))
    device = confirmed_device(request.user)
    if device is None:
        request.session[HAS_DEVICE_SESSION_KEY] = False
        if must_use_two_factor(request.user):
            return redirect(reverse("two-factor-setup") + "?" + urlencode({"next": _next(request)}))
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _reason = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes. Wait a moment and try again."))
        elif device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next(request))
        else:
            form.add_error("code", _("This code is not right. Enter the code your app shows now."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


@login_required
def two_factor_setup(request):
    """Connect an authenticator app: scan the QR code (or type the secret), give one code."""
    if confirmed_device(request.user) is not None:
        # Setting up another one would be a way around the code of the one there is.
        return redirect("account")
    device = services.two_factor_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            services.two_factor_confirm(device=device, by=request.user)
            otp_login(request, device)
            request.session[HAS_DEVICE_SESSION_KEY] = True
            messages.success(request, _("Two-factor login is on."))
            return redirect(_next(request, default="account"))
        form.add_error("code", _("This code is not right. Enter the code your app shows now."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "qr": qr_svg(device, _("QR code for your authenticator app")),
            "secret": secret_text(device),
            "required": must_use_two_factor(request.user),
        },
    )


@login_required
@require_POST
def two_factor_disable(request):
    if must_use_two_factor(request.user):
        raise PermissionDenied
    services.two_factor_remove(user=request.user, by=request.user)
    request.session[HAS_DEVICE_SESSION_KEY] = False
    messages.success(request, _("Two-factor login is off."))
    return redirect("account")


# --- The account page -----------------------------------------------------------------------


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships_of(request.user),
            "has_device": confirmed_device(request.user) is not None,
            "required": must_use_two_factor(request.user),
            "enforced": settings.SECTORPLAN_TWO_FACTOR,
            "manages_access": request.user.has_perm("accounts.manage_access"),
            "retention_days": settings.SECTORPLAN_RETENTION_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def personal_data(request):
    """Everything the system holds about the person who asks (AVG), as JSON."""
    response = JsonResponse(privacy.personal_data(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    @property
    def extra_email_context(self):
        # Links in e-mails point at the site's configured address, as all e-mails do.
        return {"base_url": settings.SECTORPLAN_BASE_URL.rstrip("/")}


# --- The programme office: lockouts and lost authenticators ---------------------------------


def _require_office(user) -> None:
    if not user.has_perm("accounts.manage_access"):
        raise PermissionDenied


@login_required
def access(request):
    _require_office(request.user)
    devices = (
        TOTPDevice.objects.filter(confirmed=True)
        .select_related("user")
        .order_by("user__username", "pk")
    )
    return render(
        request,
        "accounts/access.html",
        {"lockouts": current_lockouts(), "devices": devices, "minutes": cool_off_minutes()},
    )


@login_required
@require_POST
def access_unlock(request):
    _require_office(request.user)
    username = request.POST.get("username", "").strip()
    ip_address = request.POST.get("ip_address", "").strip()
    if not (username or ip_address):
        messages.error(request, _("Choose what to unlock."))
        return redirect("access")
    services.login_unlock(by=request.user, username=username, ip_address=ip_address)
    messages.success(request, _("%(who)s is unlocked.") % {"who": username or ip_address})
    return redirect("access")


@login_required
@require_POST
def access_remove_device(request, user_id):
    _require_office(request.user)
    user = get_object_or_404(User, pk=user_id)
    if not services.two_factor_remove(user=user, by=request.user):
        messages.error(request, _("%(who)s has no authenticator.") % {"who": user.get_username()})
        return redirect("access")
    messages.success(
        request,
        _("The authenticator of %(who)s is removed; they set up a new one at their next login.")
        % {"who": user.get_username()},
    )
    return redirect("access")
