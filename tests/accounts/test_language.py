"""A user's language is kept on their account and follows them to another browser."""

from django.test import Client

from sectorplan.accounts.models import User
from tests.conftest import log_in


def _lang(client: Client, **headers) -> str:
    page = client.get("/", **headers).content.decode()
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_switch_saves_the_language_on_the_account_for_every_device(as_region_contact):
    assert _lang(as_region_contact) == "nl"
    response = as_region_contact.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert User.objects.get(username="regio-am01").language == "en"

    # Another browser, asking for Dutch: the account's choice wins once logged in …
    elsewhere = log_in(Client(), User.objects.get(username="regio-am01"))
    assert _lang(elsewhere, HTTP_ACCEPT_LANGUAGE="nl") == "en"
    # … and not before: the login page follows the browser.
    login_page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert 'lang="nl"' in login_page.content.decode()

    as_region_contact.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert User.objects.get(username="regio-am01").language == "nl"
    assert _lang(elsewhere, HTTP_ACCEPT_LANGUAGE="en") == "nl"


def test_an_unknown_language_changes_nothing(as_region_contact):
    as_region_contact.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert User.objects.get(username="regio-am01").language == ""
    assert _lang(as_region_contact) == "nl"


def test_switching_without_logging_in_only_sets_the_cookie(demo):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()
    assert not User.objects.exclude(language="").exists()
