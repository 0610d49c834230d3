"""A form sent without a valid CSRF token gets a 403 page in the site's layout, in the
user's language, that says what happened and what to do (not Django's plain English page),
with DEBUG off as in production."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import log_in
from tests.plans.conftest import user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _refused(client: Client, url: str, data: dict, language: str) -> str:
    with override_settings(DEBUG=False):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert 'class="site-header"' in page and "sectorplan.css" in page
    assert "CSRF" not in page and "Forbidden" not in page  # Django's own page says both
    # The page hands out a fresh token, so the form works once reloaded.
    assert response.cookies["csrftoken"].value
    assert f'href="{url}"' in page  # "open the page again"
    return page


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "nl",
            [
                "Het formulier kon niet worden verstuurd",
                "Open de pagina opnieuw",
                "niet bewaard",
                "cookies",
            ],
        ),
        (
            "en",
            [
                "The form could not be sent",
                "Open the page again",
                "has not been saved",
                "cookies",
            ],
        ),
    ],
)
def test_a_login_form_without_a_token(language, texts):
    client = Client(enforce_csrf_checks=True)
    url = reverse("login")
    page = _refused(client, url, {"username": "bureau", "password": "x"}, language)
    for text in texts:
        assert text in page, text


def test_a_signed_in_user_keeps_the_site_around_the_page():
    client = log_in(Client(enforce_csrf_checks=True), user("regio-am01"))
    page = _refused(client, reverse("logout"), {}, "nl")
    assert "Uitloggen" in page  # still signed in: the refused form changed nothing
    assert client.get(reverse("account")).status_code == 200
