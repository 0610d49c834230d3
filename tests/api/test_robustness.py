"""Hostile bodies on every write operation of the API, found in its OpenAPI schema (a new
operation is covered when it appears): nested 3,000 deep, over the size limit, a list for
the object, and per field an object, NUL bytes, 100,000 characters and the numbers 1e10,
1e400, NaN, Infinity and -0. Each answer is a 4xx in JSON and the database is unchanged.

-0 is the number 0, a legal value of a number field; it is sent where it is the wrong type.
Each write sends the `If-Match` it needs, and as the role that may write, so what refuses
it is the body."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from sectorplan.accounts.models import AuditEvent
from sectorplan.monitoring.models import ActivityProgress, Answer, Report
from sectorplan.plans import services as plan_services
from sectorplan.plans.models import Activity, BudgetLine, Decision, Plan
from sectorplan.programmes.models import AllocationPublication, Round
from tests.api.conftest import api, if_match
from tests.monitoring.conftest import final_round, granted_plan, report
from tests.plans.conftest import fill_plan

__all__ = ["final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db

#: The region whose plan is a draft (plan writes) and the one with a report being written.
DRAFT_REGION, REPORT_REGION = "AM02", "AM01"
#: Path parameters: the demo's, and per kind of action one the actor may take now.
KNOWN = {"slug": "sw-2015", "round": "eindevaluatie"}
ACTIONS = {"plans": "submit", "reports": "submit", "rounds": "close"}
#: The limit the huge body exceeds (lowered so the test sends little).
LIMIT = 100_000

DEEP = "[" * 3000 + "]" * 3000
#: Raw JSON values, each wrong for any field; "-0" only where a number is the wrong type.
HOSTILE_VALUES = {
    "object": '{"a": 1}',
    "nul": '"a\\u0000b"',
    "overlong": json.dumps("x" * 100_000),
    "1e10": "1e10",
    "1e400": "1e400",
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
}
NUMBER_TYPES = {"integer", "number", "boolean"}


def _write_operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"post", "patch", "put", "delete"}
    ]


def _properties(schema: dict, operation: dict) -> dict:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not body:
        return {}
    ref = body["schema"].get("$ref", "")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]].get("properties", {})


def _url(path: str, activity: Activity) -> str:
    region = DRAFT_REGION if "/plans/" in path else REPORT_REGION
    values = {**KNOWN, "region_code": region, "id": str(activity.pk)}
    if "{action}" in path:
        before = path.split("/actions/")[0]
        kind = next(k for k in ("reports", "plans", "rounds") if f"/{k}/" in before)
        values["action"] = ACTIONS[kind]
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def _actor(path: str) -> str:
    if "/allocation/" in path or ("/rounds/" in path and "/reports/" not in path):
        return "bureau"
    return f"regio-{(DRAFT_REGION if '/plans/' in path else REPORT_REGION).lower()}"


def _object(url: str) -> str:
    """The plan or report a write changes (whose ETag it sends)."""
    for marker in ("/reports/", "/plans/"):
        if marker in url:
            head, tail = url.split(marker, 1)
            return f"{head}{marker}{tail.split('/')[0]}/"
    return ""


def _bodies(properties: dict) -> list[tuple[str, str]]:
    name = next(iter(properties), "x")
    bodies = [
        ("nested 3000 deep", f'{{"{name}": {DEEP}}}'),
        ("over the limit", json.dumps({name: "x" * (LIMIT + 1)})),
        ("a list for the object", json.dumps([{name: "x"}])),
    ]
    for field, spec in (properties or {"x": {"type": "string"}}).items():
        values = dict(HOSTILE_VALUES)
        if spec.get("type") not in NUMBER_TYPES and spec.get("format") != "decimal":
            values["-0"] = "-0"
        bodies += [(f"{field}={kind}", f'{{"{field}": {raw}}}') for kind, raw in values.items()]
    return bodies


def _snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            Plan,
            Activity,
            BudgetLine,
            Decision,
            Report,
            Answer,
            ActivityProgress,
            Round,
            AllocationPublication,
        )
    ] + [AuditEvent.objects.count()]


@pytest.fixture
def world(report):
    """AM01's plan granted with its final report a draft in the open round; AM02's plan a
    complete draft."""
    programme = report.round.programme
    region = programme.region_set.regions.get(code=DRAFT_REGION)
    fill_plan(plan_services.plan_for_region(programme=programme, region=region))
    return report


def test_every_write_operation_refuses_hostile_bodies_with_json_and_changes_nothing(
    world, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    schema = Client().get("/api/v1/schema/?format=json").json()
    operations = _write_operations(schema)
    assert len(operations) >= 10
    activity = Activity.objects.get(plan__region__code=DRAFT_REGION)
    failures, sent = [], 0
    for path, method, operation in operations:
        url = _url(path, activity)
        client = api(_actor(path))
        headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        if any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
            headers |= if_match(client, _object(url))
            assert "HTTP_IF_MATCH" in headers, url
        before = _snapshot()  # after the token is made (its making is audited)
        for label, body in _bodies(_properties(schema, operation)):
            response = getattr(client, method)(
                url, body, content_type="application/json", **headers
            )
            sent += 1
            if not 400 <= response.status_code < 500:
                failures.append(f"{method} {url} {label}: {response.status_code}")
            elif response["Content-Type"] != "application/json":
                failures.append(f"{method} {url} {label}: {response['Content-Type']}")
            elif _snapshot() != before:
                failures.append(f"{method} {url} {label}: changed the database")
                before = _snapshot()
    assert failures == [], "\n".join(failures)
    assert sent > 300


def test_a_huge_amount_or_a_far_date_is_refused_at_its_field(world):
    """What the attack pass found accepted: a budget line of €10,000,000,000 and an end
    date in the year 9999. Refused with core.bounds's message, at the field."""
    client = api("regio-am02")
    plan_url = f"/api/v1/programmes/sw-2015/plans/{DRAFT_REGION}/"
    line = {"description": "Veel", "subsidy": "1e10", "cofinancing": "0"}
    new = {"activity_type": "werk_naar_werk", "title": "Groot", "budget_lines": [line]}
    response = client.post(
        plan_url + "activities/",
        new,
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
        **if_match(client, plan_url),
    )
    assert response.status_code == 400
    assert response.json() == {
        "budget_lines": {"0": {"subsidy": ["An amount may be at most € 1,000,000,000.00."]}}
    }
    response = client.patch(
        plan_url,
        {"ends_on": "9999-12-31"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
        **if_match(client, plan_url),
    )
    assert response.status_code == 400
    assert response.json() == {"ends_on": ["Vul een datum in tussen 01-04-2005 en 28-02-2027."]}
    plan = Plan.objects.get(region__code=DRAFT_REGION, programme__slug="sw-2015")
    assert plan.ends_on != date(9999, 12, 31)
    assert not BudgetLine.objects.filter(subsidy__gt=Decimal("1e9")).exists()
