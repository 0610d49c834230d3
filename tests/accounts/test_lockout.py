"""Failed logins lock an account (django-axes); the programme office unlocks it."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client

from sectorplan.accounts.models import AuditEvent
from sectorplan.cli.demo import PASSWORD

LOGIN = "/accounts/login/"
ACCESS = "/accounts/toegang/"
UNLOCK = "/accounts/toegang/ontgrendelen/"


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def main_of(response) -> str:
    match = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    assert match, "the page has no <main>"
    return match.group(0)


def attempt(client: Client, password: str, username: str = "regio-am01"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_twenty_wrong_passwords_lock_the_account_until_the_office_unlocks_it(demo, as_office):
    client = english()
    statuses = [attempt(client, f"wrong-{n}").status_code for n in range(20)]
    # The form says "did not work" four times; from the fifth failure on, it is locked.
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}

    locked = attempt(client, PASSWORD)  # the right password does not help while locked
    assert locked.status_code == 429
    page = main_of(locked)
    assert "Logging in is blocked for now" in page
    assert "try again after 30 minutes, or ask the programme office" in page
    assert "_auth_user_id" not in client.session

    overview = as_office.get(ACCESS)
    assert overview.status_code == 200
    assert 'name="username" value="regio-am01"' in overview.content.decode()

    response = as_office.post(UNLOCK, {"username": "regio-am01"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="regio-am01").exists()
    entry = AuditEvent.objects.get(action="login.unlock", object_repr="regio-am01")
    assert entry.actor.username == "bureau"
    assert entry.note == "username regio-am01"

    assert attempt(client, PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


def test_a_locked_address_can_be_unlocked_too(demo, as_office):
    client = english()
    for n in range(5):
        attempt(client, "wrong", username=f"guess-{n}")
    assert attempt(client, PASSWORD).status_code == 429  # this address is locked for anyone
    assert 'name="ip_address" value="127.0.0.1"' in as_office.get(ACCESS).content.decode()
    as_office.post(UNLOCK, {"ip_address": "127.0.0.1"})
    assert attempt(client, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(demo):
    client = english()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200


@pytest.mark.parametrize("fixture", ["as_ministry", "as_assessor", "as_region_contact"])
def test_only_the_office_reaches_the_unlock_page(demo, fixture, request):
    client = request.getfixturevalue(fixture)
    attempt(english(), "wrong")
    assert client.get(ACCESS).status_code == 403
    assert client.post(UNLOCK, {"username": "regio-am01"}).status_code == 403
    assert AccessAttempt.objects.filter(username="regio-am01").exists()


def test_the_proxy_address_is_read_from_x_forwarded_for(settings, rf):
    from sectorplan.accounts.lockout import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "10.0.0.1"
    settings.SECTORPLAN_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # not the forged first entry
