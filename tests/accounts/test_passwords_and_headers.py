"""Password reset by e-mail, password change, session expiry and the security headers."""

import re

from django.conf import settings
from django.core import mail
from django.test import Client

from sectorplan.accounts.models import User
from sectorplan.cli.demo import PASSWORD

NEW_PASSWORD = "een-heel-nieuw-wachtwoord-42"


def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_the_login_page_links_to_password_reset(db):
    assert (
        'href="/accounts/wachtwoord/vergeten/"' in Client().get("/accounts/login/").content.decode()
    )


def test_password_reset_mail_arrives_and_its_link_sets_a_new_password(demo, settings):
    settings.SECTORPLAN_BASE_URL = "https://sectorplan.example.org/"
    client = english()
    response = client.post("/accounts/wachtwoord/vergeten/", {"email": "regio-am01@example.org"})
    assert response["Location"] == "/accounts/wachtwoord/vergeten/verstuurd/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["regio-am01@example.org"]
    assert message.subject == "sectorplan: set a new password"
    assert "Hello regio-am01" in message.body
    link = re.search(
        r"https://sectorplan\.example\.org(/accounts/wachtwoord/nieuw/\S+)", message.body
    )
    assert link, message.body

    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/wachtwoord/nieuw/klaar/"
    assert User.objects.get(username="regio-am01").check_password(NEW_PASSWORD)
    # The link works once.
    assert "This link does not work" in client.get(link.group(1), follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(demo):
    response = Client().post("/accounts/wachtwoord/vergeten/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/wachtwoord/vergeten/verstuurd/"
    assert mail.outbox == []


def test_password_change(as_region_contact):
    page = as_region_contact.get("/accounts/mijn-account/").content.decode()
    assert 'href="/accounts/wachtwoord/wijzigen/"' in page
    response = as_region_contact.post(
        "/accounts/wachtwoord/wijzigen/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/wachtwoord/gewijzigd/"
    assert User.objects.get(username="regio-am01").check_password(NEW_PASSWORD)
    assert as_region_contact.get("/").status_code == 200  # still logged in


def test_sessions_end_after_an_hour_without_requests_and_at_browser_close(as_region_contact):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = as_region_contact.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # a browser-session cookie, refreshed on every request
    assert as_region_contact.session.get_expiry_age() == 60 * 60


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_strict_content_security_policy(as_region_contact):
    response = as_region_contact.get("/")
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    login = Client().get("/accounts/login/")
    assert "Content-Security-Policy" in login


def _inline_scripts_and_styles(html: str) -> list[str]:
    scripts = [s for s in re.findall(r"<script\b[^>]*>", html) if "src=" not in s]
    styles = re.findall(r"<style\b|\sstyle=\"", html)
    return scripts + styles


def test_the_admin_works_under_the_policy(as_office):
    for url in ("/admin/", "/admin/accounts/user/", "/admin/programmes/programme/add/"):
        response = as_office.get(url)
        assert response.status_code == 200, url
        assert _inline_scripts_and_styles(response.content.decode()) == [], url


def test_the_pages_have_no_inline_script_or_style(as_office, as_region_contact):
    for client, url in [
        (as_office, "/"),
        (as_office, "/programmas/sw-2015/"),
        (as_office, "/accounts/mijn-account/"),
        (as_office, "/accounts/toegang/"),
        (as_region_contact, "/accounts/tweestapsverificatie/instellen/"),
        (Client(), "/accounts/login/"),
        (Client(), "/accounts/wachtwoord/vergeten/"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _inline_scripts_and_styles(response.content.decode()) == [], url
