"""Two-factor login (TOTP): mandatory for national roles, optional for regional ones."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplan.accounts.models import AuditEvent, User
from sectorplan.cli.demo import PASSWORD
from tests.conftest import two_factor_device

VERIFY = "/accounts/tweestapsverificatie/"
SETUP = "/accounts/tweestapsverificatie/instellen/"
DISABLE = "/accounts/tweestapsverificatie/uitzetten/"
ACCOUNT = "/accounts/mijn-account/"


def logged_in_with_password(username: str) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def main_of(response) -> str:
    match = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    assert match, "the page has no <main>"
    return match.group(0)


@pytest.fixture
def no_throttle(settings):
    """A wrong code makes the device wait a second before the next try (django-otp's
    throttling); these tests type the right code straight after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_a_national_user_without_device_must_set_one_up_first(demo, no_throttle):
    client = logged_in_with_password("szw")
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(VERIFY)
    to_setup = client.get(home["Location"])
    assert to_setup["Location"].startswith(SETUP)
    for url in ("/", "/programmas/sw-2015/", ACCOUNT, "/admin/"):
        assert client.get(url)["Location"].startswith(VERIFY), url

    page = client.get(SETUP)
    assert page.status_code == 200
    html = main_of(page)
    assert "<svg" in html and 'class="qr-code"' in html
    device = TOTPDevice.objects.get(user__username="szw", confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert len(secret.replace(" ", "")) == 32

    wrong = client.post(SETUP, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "This code is not right" in main_of(wrong)
    assert client.get("/")["Location"].startswith(VERIFY)

    done = client.post(SETUP, {"code": code_of(device), "next": "/"})
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(
        action="login.two_factor_on", object_id=device.user_id
    ).exists()
    # A second authenticator cannot be set up around the first one.
    assert client.get(SETUP)["Location"] == ACCOUNT


def test_a_national_user_with_a_device_gives_the_code(demo, no_throttle):
    device = two_factor_device(User.objects.get(username="bureau"))
    client = logged_in_with_password("bureau")
    response = client.get("/programmas/sw-2015/")
    assert response["Location"] == VERIFY + "?next=/programmas/sw-2015/"
    assert client.get(SETUP)["Location"] == ACCOUNT  # no way around the code

    wrong = client.post(VERIFY, {"code": "12345", "next": "/programmas/sw-2015/"})
    assert wrong.status_code == 200
    assert "Enter the 6 digits of the code" in main_of(wrong)
    wrong = client.post(VERIFY, {"code": code_of(device, offset=-10)})
    assert "This code is not right" in main_of(wrong)
    assert client.get("/").status_code == 302

    right = client.post(VERIFY, {"code": code_of(device), "next": "/programmas/sw-2015/"})
    assert right.status_code == 302
    assert right["Location"] == "/programmas/sw-2015/"
    assert client.get("/").status_code == 200


def test_verification_does_not_send_anywhere_outside(demo):
    device = two_factor_device(User.objects.get(username="vng"))
    client = logged_in_with_password("vng")
    right = client.post(VERIFY, {"code": code_of(device), "next": "https://evil.example/"})
    assert right["Location"] == "/"


def test_a_regional_contact_is_not_forced_but_can_turn_it_on_and_off(demo):
    client = logged_in_with_password("regio-am01")
    assert client.get("/").status_code == 200
    account = main_of(client.get(ACCOUNT))
    assert "Off: you log in with your password only." in account
    assert SETUP in account

    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username="regio-am01")
    assert client.post(SETUP, {"code": code_of(device)})["Location"] == ACCOUNT
    assert "Turn two-factor login off" in main_of(client.get(ACCOUNT))

    # At the next login the code is asked for.
    client.post("/accounts/logout/")
    client = logged_in_with_password("regio-am01")
    assert client.get("/")["Location"].startswith(VERIFY)
    device.refresh_from_db()
    client.post(VERIFY, {"code": code_of(device, offset=1)})
    assert client.get("/").status_code == 200

    assert client.post(DISABLE)["Location"] == ACCOUNT
    assert not TOTPDevice.objects.filter(user__username="regio-am01").exists()
    client.post("/accounts/logout/")
    assert logged_in_with_password("regio-am01").get("/").status_code == 200


def test_a_national_user_cannot_turn_it_off(as_ministry):
    assert as_ministry.post(DISABLE).status_code == 403
    assert TOTPDevice.objects.filter(user__username="szw").exists()


def test_the_office_removes_a_lost_authenticator(demo, as_office):
    device = two_factor_device(User.objects.get(username="szw"))
    page = as_office.get("/accounts/toegang/").content.decode()
    url = f"/accounts/toegang/{device.user_id}/authenticator-verwijderen/"
    assert url in page
    assert as_office.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user__username="szw").exists()
    removal = AuditEvent.objects.get(action="login.device_removed", object_id=device.user_id)
    assert removal.actor.username == "bureau"
    client = logged_in_with_password("szw")
    assert client.get(VERIFY)["Location"].startswith(SETUP)


@pytest.mark.parametrize("fixture", ["as_ministry", "as_municipality"])
def test_others_cannot_remove_authenticators(demo, fixture, request):
    device = two_factor_device(User.objects.get(username="bureau"))
    client = request.getfixturevalue(fixture)
    url = f"/accounts/toegang/{device.user_id}/authenticator-verwijderen/"
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_without_enforcement_national_users_log_in_with_a_password(demo, settings):
    settings.SECTORPLAN_TWO_FACTOR = False
    assert logged_in_with_password("szw").get("/").status_code == 200
