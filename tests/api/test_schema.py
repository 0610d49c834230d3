"""The OpenAPI schema, its docs page under the CSP, and schemathesis against a running server:
every operation, a bounded number of examples, as the office and as a region contact."""

import os
import re
import time

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.api.conftest import token_for
from tests.monitoring.conftest import final_round, granted_plan, report

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here


@pytest.fixture
def demo(demo_committed):
    """The live server answers from another thread: it needs the demo committed."""
    return demo_committed


#: Examples per operation: bounded for CI; `SCHEMATHESIS_EXAMPLES=200` for a deep local run.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))


@pytest.mark.django_db
def test_the_schema_is_openapi_3_with_every_operation_described():
    response = Client().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 23
    for path, method, operation in operations:
        assert operation.get("summary") or operation.get("description"), (path, method)
        assert {"401", "404"} <= set(operation["responses"]), (path, method)
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    # Every write to a plan or report needs If-Match, and documents 428 for its absence.
    guarded = [
        (path, method)
        for path, method, operation in operations
        if any(p["name"] == "If-Match" and p["required"] for p in operation.get("parameters", []))
    ]
    assert len(guarded) == 7
    for path, method, operation in operations:
        if method in {"post", "patch", "delete"}:
            assert {"413", "500"} <= set(operation["responses"]), (path, method)
            assert ("428" in operation["responses"]) == ((path, method) in guarded), (path, method)


@pytest.mark.django_db
def test_the_docs_page_loads_only_our_own_scripts():
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    for attributes, body in scripts:
        source = re.search(r'src="([^"]+)"', attributes)
        assert source and source.group(1).startswith("/" + settings.STATIC_URL.lstrip("/"))
        assert body.strip() == ""
    assert "<style" not in html and "style=" not in html
    static = "/" + settings.STATIC_URL.lstrip("/")
    for source in re.findall(r'(?:src|href)="([^"#][^"]*)"', html):
        assert source.startswith(static), source
        assert finders.find(source.removeprefix(static)), source


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404():
    response = Client().get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("username", ["bureau", "regio-am01"])
def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    username, live_server, report, monkeypatch
):
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from sectorplan.api.plumbing import TokenRateThrottle

    # Throttling has its own test; here every example should reach the endpoint.
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "1000000/hour"})
    started = time.monotonic()
    headers = {"Authorization": f"Token {token_for(username)}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    known = {
        "slug": "sw-2015",
        "region_code": "AM01",
        "round": "eindevaluatie",
        "version": 1,
        "code": "ser",
        "action": "submit",
        "pk": report.region.organisations.first().pk,
        "id": report.plan.activities.first().pk,
    }
    failures = []
    statuses: dict[int, int] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # As generated (mostly unknown codes: 404), then with the codes of real objects
            # and the generated query and body, so the examples reach the endpoints too.
            for real in (False, True):
                if real and case.path_parameters:
                    case.path_parameters = {
                        name: known.get(name, value) for name, value in case.path_parameters.items()
                    }
                elif real:
                    continue
                response = case.call_and_validate(
                    base_url=live_server.url, headers=headers, checks=checks
                )
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 23
    assert failures == [], "\n\n".join(failures)
    # The examples reached the endpoints, not only their refusals.
    assert statuses.get(200, 0) >= operations, statuses
    print(f"schemathesis as {username}: {statuses} in {time.monotonic() - started:.1f}s")
    assert EXAMPLES > 5 or time.monotonic() - started < 180
