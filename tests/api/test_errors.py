"""Every error under /api/ is JSON in the documented shape, in the request's language: a body
nested too deep or not JSON is 400 (never a RecursionError), one over the size limit 413
with the limit, and an unexpected failure 500 with a reference id that is also logged."""

import json
import logging

import pytest
from django.db import connection

from sectorplan.plans.models import Plan
from tests.api.conftest import api
from tests.monitoring.conftest import final_round, granted_plan, report
from tests.plans.conftest import draft_plan

__all__ = ["draft_plan", "final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programmes/sw-2015/"
PLAN = BASE + "plans/AM01/"
REPORT = BASE + "rounds/eindevaluatie/reports/AM01/"
#: The attack pass's body: 6 KB, 3,000 levels deep.
DEEP = '{"title": ' + "[" * 3000 + "]" * 3000 + "}"


def _send(client, method: str, url: str, body, **headers):
    etag = client.get(url if "actions" not in url else url.split("actions/")[0])["ETag"]
    return getattr(client, method)(
        url, body, content_type="application/json", HTTP_IF_MATCH=etag, **headers
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [("patch", PLAN), ("post", PLAN + "actions/submit/")],
)
def test_a_body_nested_3000_deep_is_400_json_on_the_plan(draft_plan, method, url):
    before = Plan.objects.get(pk=draft_plan.pk)
    response = _send(api("regio-am01"), method, url, DEEP, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": "The body nests deeper than 64 levels."}
    after = Plan.objects.get(pk=draft_plan.pk)
    assert (after.lock_version, after.state, after.title) == (
        before.lock_version,
        before.state,
        before.title,
    )


def test_a_body_nested_3000_deep_is_400_json_on_the_report(report):
    client = api("regio-am01")
    lock_version = report.lock_version
    for method, url in [("patch", REPORT), ("post", REPORT + "actions/submit/")]:
        response = _send(client, method, url, DEEP, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 400
        assert response.json() == {"detail": "De inhoud is dieper genest dan 64 niveaus."}
    report.refresh_from_db()
    assert report.lock_version == lock_version


def test_nesting_within_the_limit_and_brackets_in_strings_are_read(draft_plan):
    client = api("regio-am01")
    title = '"\\' + "[" * 100 + "{" * 100
    response = _send(client, "patch", PLAN, json.dumps({"title": title}))
    assert response.status_code == 200, response.json()
    assert Plan.objects.get(pk=draft_plan.pk).title == title
    # 64 levels is the limit: a list 63 deep in the body's object is read (and refused as
    # not a text, per field).
    inner = "[" * 63 + "]" * 63
    response = _send(client, "patch", PLAN, '{"title": ' + inner + "}")
    assert response.status_code == 400 and "title" in response.json()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"title": "open', "The body is not valid JSON (line 1, column 11)."),
        ('{"title": NaN}', "The body is not valid JSON."),
        (b'{"title": "\xff"}', "The body is not valid JSON."),
    ],
)
def test_malformed_json_is_400_json(draft_plan, body, message):
    response = _send(api("regio-am01"), "patch", PLAN, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": message}


def test_a_body_over_the_limit_is_413_json_naming_the_limit(draft_plan, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = _send(
        api("regio-am01"),
        "patch",
        PLAN,
        json.dumps({"title": "x" * 20_000}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The body is larger than the limit of 10000 bytes."}
    assert Plan.objects.get(pk=draft_plan.pk).title != "x" * 20_000


@pytest.mark.parametrize("debug", [False, True])
def test_a_failure_is_500_json_with_a_reference_in_the_log(demo, settings, caplog, debug):
    settings.DEBUG = debug
    with connection.cursor() as cursor:  # a real failure: the table is gone (rolled back)
        cursor.execute("ALTER TABLE knowledge_instrument RENAME TO knowledge_instrument_gone")
    client = api("regio-am01")
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="sectorplan.api.errors"):
        response = client.get("/api/v1/instruments/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "reference"}
    assert body["reference"] in body["detail"]
    assert "instrument" not in body["detail"].lower()  # nothing internal
    logged = [r for r in caplog.records if body["reference"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_a_failure_in_a_middleware_is_500_json_too(demo, as_region_contact):
    with connection.cursor() as cursor:  # the session table is gone: the middleware fails
        cursor.execute("ALTER TABLE django_session RENAME TO django_session_gone")
    as_region_contact.raise_request_exception = False
    response = as_region_contact.get("/api/v1/programmes/")
    assert response.status_code == 500
    assert set(response.json()) == {"detail", "reference"}
    page = as_region_contact.get("/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
