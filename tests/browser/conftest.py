"""Debian's chromium driven by Playwright, shared by the browser tests.

Without chromium the tests skip with the reason, except in CI (`CI=true`), where a missing
browser is a failure (CONTRACTS §1).
"""

import os
import re
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "sectorplan-demo"


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole run; each test makes its own contexts (cookies, storage)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread from here on; Django refuses
    # database access from a thread with a running loop unless told that it is safe here.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_image(django_db_setup, django_db_blocker):
    """On SQLite: the whole demo (plans, reports, knowledge) loaded once and kept as a copy of
    the database, made and put back with sqlite3's backup API in milliseconds; None on another
    database, where each test loads the demo itself."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        yield None
        return
    from sectorplan.cli.demo import demo_load

    empty, full = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        connection.connection.backup(empty)
        demo_load()
        connection.connection.backup(full)
        _put_back(empty)
    empty.close()
    yield full
    full.close()


def _put_back(image) -> None:
    """Make the test database a copy of `image` (a sqlite3 connection)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    connection.ensure_connection()
    image.backup(connection.connection)
    ContentType.objects.clear_cache()  # ids as the image has them


@pytest.fixture
def full_demo_site(live_server, transactional_db, demo_image):
    """The live server's address, serving the whole demo (committed: the server's thread
    reads it)."""
    if demo_image is None:
        from sectorplan.cli.demo import demo_load

        demo_load()
    else:
        _put_back(demo_image)
    return live_server.url


def prepare_two_factor(username: str) -> bool:
    """Give a user whose role asks for two-factor login an authenticator; True if they have to
    give a code after their password."""
    from sectorplan.accounts.models import User
    from sectorplan.accounts.rules import must_use_two_factor
    from tests.conftest import two_factor_device

    user = User.objects.get(username=username)
    if not must_use_two_factor(user):
        return False
    two_factor_device(user)
    return True


def current_code(username: str) -> str:
    """The code the user's authenticator app shows now; a later one when this one was used
    already (a code works once)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    now = (int(time.time()) - device.t0) // device.step
    drift = max(device.drift, device.last_t + 1 - now)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def give_code(page, username: str) -> None:
    """On the verification page after the password: type the code and send it."""
    page.wait_for_url(re.compile(r"/accounts/tweestapsverificatie/"))
    page.fill("#id_code", current_code(username))
    page.locator("form:has(#id_code) button[type=submit]").click()


@pytest.fixture
def log_in(browser, site):
    """`log_in("vng")`: a browser context of that user's own, logged in through the form (and,
    for a national role, with the code of their authenticator), reading the site in English
    (or `language="nl"`), on the start page."""
    contexts = []

    def make(username: str, language: str = "en"):
        context = browser.new_context(
            locale="nl-NL" if language == "nl" else "en-GB",
            extra_http_headers={"Accept-Language": language},
            viewport={"width": 1280, "height": 800},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(site + "/")
        assert "/accounts/login/" in page.url, page.url
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        asks_code = prepare_two_factor(username)
        page.locator("main form button[type=submit]").click()
        if asks_code:
            give_code(page, username)
        page.wait_for_url(site + "/")
        return page

    yield make
    for context in contexts:
        context.close()
