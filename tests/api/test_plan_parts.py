"""A plan's parts over the API: advice with the plan page's visibility, activities written by
the region's contact through the page's form and services (If-Match on the plan's version,
409/403/404/400 as the other writes), and the assessment steps with their payloads per role."""

from datetime import date
from decimal import Decimal

import pytest

from sectorplan.accounts.models import AuditEvent
from sectorplan.plans import services as plan_services
from sectorplan.plans.models import Activity, Advice, BudgetLine, Decision, Plan
from tests.api.conftest import api, if_match, write_as
from tests.monitoring.conftest import granted_plan
from tests.plans.conftest import draft_plan, user

__all__ = ["draft_plan", "granted_plan"]  # fixtures used here

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programmes/sw-2015/"
PLAN = BASE + "plans/AM01/"
ACTIVITIES = PLAN + "activities/"
ADVICES = PLAN + "advices/"


def _in_advice(plan: Plan) -> Plan:
    for action, username in [
        ("submit", "regio-am01"),
        ("confirm_cofinancing", "gemeente-am01"),
        ("open_advice", "bureau"),
    ]:
        plan = plan_services.plan_transition(plan=plan, action=action, by=user(username))
    return plan


@pytest.fixture
def in_advice(draft_plan):
    return _in_advice(draft_plan)


def _advise(plan: Plan, username: str, verdict: str = "positief") -> None:
    plan_services.plan_transition(
        plan=plan, action="advise", by=user(username), verdict=verdict, motivation="Zo."
    )


def _parties(client) -> list[str]:
    response = client.get(ADVICES)
    assert response.status_code == 200, response.json()
    return [a["organisation"]["name"] for a in response.json()["results"]]


# --- Advice -----------------------------------------------------------------------------------


def test_advice_is_shown_as_the_plan_page_shows_it(in_advice):
    _advise(in_advice, "vng")
    # The office and the ministry read all advice, while the plan is out for advice.
    assert _parties(api("bureau")) == ["VNG"]
    assert _parties(api("szw")) == ["VNG"]
    # An assessing party that has not advised yet sees nobody's advice; after its own, all.
    assert _parties(api("sociale-partners")) == []
    _advise(in_advice, "sociale-partners", "negatief")
    assert _parties(api("sociale-partners")) == ["VNG", "Sociale partners"]
    assert _parties(api("vng")) == ["VNG", "Sociale partners"]
    # The region reads advice once the version was decided.
    assert _parties(api("regio-am01")) == []
    assert _parties(api("gemeente-am01")) == []
    plan_services.plan_transition(
        plan=in_advice,
        action="grant",
        by=user("szw"),
        amount=Decimal("100000.00"),
        decided_on=date(2015, 10, 15),
    )
    body = api("regio-am01").get(ADVICES).json()["results"]
    assert [(a["organisation"]["name"], a["verdict"], a["version"]) for a in body] == [
        ("VNG", "positief", 1),
        ("Sociale partners", "negatief", 1),
    ]
    # Another region's plan has no advice to show: 404, as its page.
    assert api("regio-am02").get(ADVICES).status_code == 404
    assert api().get(ADVICES).status_code == 401


def test_the_plan_page_keeps_advice_back_as_before(in_advice, client):
    """The page reads the same selector: a party that has not advised sees the note."""
    from tests.conftest import log_in

    _advise(in_advice, "vng")
    log_in(client, user("sociale-partners"))
    page = client.get("/programmas/sw-2015/plannen/AM01/")
    assert page.status_code == 200
    assert page.context["advices"] == [] and page.context["advices_kept_back"]


# --- Assessment steps with their payload, per role ----------------------------------------


def test_an_assessing_party_advises_and_others_may_not(in_advice):
    step = PLAN + "actions/advise/"
    payload = {"verdict": "positief", "motivation": "Goed onderbouwd."}
    assert write_as("szw", "post", step, payload, guarding=PLAN).status_code == 403
    assert write_as("regio-am01", "post", step, payload, guarding=PLAN).status_code == 403
    assert write_as("gemeente-am01", "post", step, payload, guarding=PLAN).status_code == 403
    assert write_as("regio-am02", "post", step, payload, guarding=PLAN).status_code == 404
    # Wrong payload: no verdict (the guard), a verdict of the wrong type (the parser).
    no_verdict = write_as("vng", "post", step, {"motivation": "x"}, guarding=PLAN)
    assert no_verdict.status_code == 400 and no_verdict.json()["non_field_errors"]
    assert write_as("vng", "post", step, {"verdict": ["x"]}, guarding=PLAN).status_code == 400
    assert not Advice.objects.exists()
    done = write_as("vng", "post", step, payload, guarding=PLAN)
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "in_advice"
    # As on the plan page: a party that has advised is offered no second advice.
    assert "advise" not in [a["action"] for a in done.json()["actions"]]
    assert "advise" in [a["action"] for a in api("sociale-partners").get(PLAN).json()["actions"]]
    again = write_as("vng", "post", step, payload, guarding=PLAN)
    assert again.status_code == 400  # one advice per party per version
    assert Advice.objects.get().organisation.name == "VNG"


def test_the_ministry_grants_or_rejects_and_others_may_not(in_advice):
    grant = {"amount": "100000.00", "decided_on": "2015-10-15"}
    for who in ("bureau", "vng", "regio-am01", "gemeente-am01"):
        assert (
            write_as(who, "post", PLAN + "actions/grant/", grant, guarding=PLAN).status_code == 403
        )
        assert (
            write_as(
                who, "post", PLAN + "actions/reject/", {"reason": "x"}, guarding=PLAN
            ).status_code
            == 403
        )
    ministry = api("szw")
    too_much = ministry.post(
        PLAN + "actions/grant/",
        {**grant, "amount": "100000.01"},
        format="json",
        **if_match(ministry, PLAN),
    )
    assert too_much.status_code == 400
    assert (
        ministry.post(
            PLAN + "actions/grant/", {"amount": "veel"}, format="json", **if_match(ministry, PLAN)
        ).status_code
        == 400
    )
    no_reason = ministry.post(
        PLAN + "actions/reject/", {}, format="json", **if_match(ministry, PLAN)
    )
    assert no_reason.status_code == 400 and no_reason.json()["non_field_errors"]
    assert Plan.objects.get(pk=in_advice.pk).state == "in_advice"
    assert not Decision.objects.exists()
    granted = ministry.post(
        PLAN + "actions/grant/", grant, format="json", **if_match(ministry, PLAN)
    )
    assert granted.status_code == 200, granted.json()
    assert granted.json()["state"] == "granted"
    [decision] = api("regio-am01").get(PLAN + "decisions/").json()["results"]
    assert (decision["granted"], decision["amount"]) == (True, "100000.00")
    # Decided: rejecting is no step any more (409).
    assert (
        ministry.post(
            PLAN + "actions/reject/", {"reason": "x"}, format="json", **if_match(ministry, PLAN)
        ).status_code
        == 409
    )


def test_the_ministry_rejects_with_a_reason(in_advice):
    response = write_as(
        "szw",
        "post",
        PLAN + "actions/reject/",
        {"reason": "Onvoldoende onderbouwd."},
        guarding=PLAN,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "rejected"
    assert Decision.objects.get().reason == "Onvoldoende onderbouwd."


# --- Activities -------------------------------------------------------------------------------

NEW = {
    "activity_type": "werk_naar_werk",
    "title": "Detacheren",
    "people_per_year": 12,
    "starts_on": "2016-01-01",
    "ends_on": "2016-12-31",
    "budget_lines": [
        {"description": "Begeleiding", "subsidy": "2500.50", "cofinancing": "2500.50"},
        {"description": "Opleiding", "subsidy": "1000", "cofinancing_source": "sw_bedrijf"},
    ],
}


def _lines(activity_id: int) -> list[tuple]:
    return list(
        BudgetLine.objects.filter(activity_id=activity_id)
        .order_by("pk")
        .values_list("description", "subsidy", "cofinancing", "cofinancing_source")
    )


def test_the_region_adds_changes_and_deletes_an_activity(draft_plan):
    client = api("regio-am01")
    listed = client.get(ACTIVITIES)
    assert listed.status_code == 200 and listed.json()["count"] == 1
    etag = client.get(PLAN)["ETag"]
    created = client.post(ACTIVITIES, NEW, format="json", HTTP_IF_MATCH=etag)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["activity_type"], body["theme"], body["title"]) == (
        "werk_naar_werk",
        "trajecten",
        "Detacheren",
    )
    assert created["ETag"] != etag
    pk = body["id"]
    assert _lines(pk) == [
        ("Begeleiding", Decimal("2500.50"), Decimal("2500.50"), "centrumgemeente"),
        ("Opleiding", Decimal("1000.00"), Decimal("0.00"), "sw_bedrijf"),
    ]
    assert AuditEvent.objects.latest("pk").action == "plan.activity_add"
    # The plan's totals read the new lines.
    plan = client.get(PLAN).json()
    assert plan["total_subsidy"] == "103500.50"
    # PATCH: what is left out stays; budget_lines left out keep the lines.
    changed = client.patch(
        ACTIVITIES + f"{pk}/", {"people_per_year": 15}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert changed.status_code == 200, changed.json()
    activity = Activity.objects.get(pk=pk)
    assert (activity.people_per_year, activity.title, activity.starts_on) == (
        15,
        "Detacheren",
        date(2016, 1, 1),
    )
    assert len(_lines(pk)) == 2
    assert AuditEvent.objects.latest("pk").action == "plan.activity_change"
    # budget_lines given: they replace the old ones.
    replaced = client.patch(
        ACTIVITIES + f"{pk}/",
        {"budget_lines": [{"description": "Alles", "subsidy": "10", "cofinancing": "10"}]},
        format="json",
        **if_match(client, PLAN),
    )
    assert replaced.status_code == 200, replaced.json()
    assert [line["description"] for line in replaced.json()["budget_lines"]] == ["Alles"]
    assert client.get(ACTIVITIES + f"{pk}/")["ETag"] == replaced["ETag"]
    deleted = client.delete(ACTIVITIES + f"{pk}/", HTTP_IF_MATCH=replaced["ETag"])
    assert deleted.status_code == 204
    assert deleted["ETag"] != replaced["ETag"]
    assert not Activity.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.latest("pk").action == "plan.activity_delete"
    assert client.get(ACTIVITIES + f"{pk}/").status_code == 404


def test_activity_input_errors_are_per_field_and_save_nothing(draft_plan):
    client = api("regio-am01")
    before = (Activity.objects.count(), BudgetLine.objects.count(), draft_plan.lock_version)

    def refused(body, path=ACTIVITIES, method="post"):
        response = getattr(client, method)(path, body, format="json", **if_match(client, PLAN))
        assert response.status_code == 400, (body, response.status_code)
        return response.json()

    assert set(refused({})) == {"activity_type", "title"}
    assert "activity_type" in refused({**NEW, "activity_type": "bestaat_niet"})
    # The page's own messages: the end before the start, a negative amount, a bad source.
    assert "ends_on" in refused({**NEW, "ends_on": "2015-01-01"})
    errors = refused(
        {
            **NEW,
            "budget_lines": [
                {"description": "Goed", "subsidy": "1"},
                {"description": "Fout", "subsidy": "-5", "cofinancing_source": "bank"},
            ],
        }
    )
    assert errors["budget_lines"][0] == {}
    assert set(errors["budget_lines"][1]) == {"subsidy", "cofinancing_source"}
    assert "people_per_year" in refused({**NEW, "people_per_year": -1})
    assert "title" in refused({**NEW, "title": "x" * 301})
    pk = draft_plan.activities.get().pk
    assert "starts_on" in refused({"starts_on": "morgen"}, ACTIVITIES + f"{pk}/", "patch")
    assert (Activity.objects.count(), BudgetLine.objects.count()) == before[:2]
    assert Plan.objects.get(pk=draft_plan.pk).lock_version == before[2]


def test_activity_writes_need_the_current_version(draft_plan):
    client = api("regio-am01")
    stale = client.get(PLAN)["ETag"]
    assert client.post(ACTIVITIES, NEW, format="json", HTTP_IF_MATCH=stale).status_code == 201
    count = Activity.objects.count()
    pk = draft_plan.activities.order_by("pk").first().pk
    lock = Plan.objects.get(pk=draft_plan.pk).lock_version
    for response in (
        client.post(ACTIVITIES, NEW, format="json", HTTP_IF_MATCH=stale),
        client.patch(ACTIVITIES + f"{pk}/", {"title": "x"}, format="json", HTTP_IF_MATCH=stale),
        client.delete(ACTIVITIES + f"{pk}/", HTTP_IF_MATCH=stale),
    ):
        assert response.status_code == 412
        assert response.json()["detail"]
    assert Activity.objects.count() == count
    assert Activity.objects.get(pk=pk).title != "x"
    assert Plan.objects.get(pk=draft_plan.pk).lock_version == lock


def test_only_the_region_contact_writes_activities(draft_plan):
    pk = draft_plan.activities.get().pk
    detail = ACTIVITIES + f"{pk}/"
    lock = draft_plan.lock_version
    for who in ("bureau", "szw", "gemeente-am01"):
        client = api(who)
        assert client.get(detail).status_code == 200  # they read it, as the page
        assert (
            client.post(ACTIVITIES, NEW, format="json", **if_match(client, PLAN)).status_code == 403
        )
        assert (
            client.patch(
                detail, {"title": "x"}, format="json", **if_match(client, PLAN)
            ).status_code
            == 403
        )
        assert client.delete(detail, **if_match(client, PLAN)).status_code == 403
    # An assessing party does not see a draft; another region never sees the plan.
    for who in ("vng", "regio-am02"):
        other = api(who)
        assert other.get(ACTIVITIES).status_code == 404
        assert (
            other.post(ACTIVITIES, NEW, format="json", **if_match(other, PLAN)).status_code == 404
        )
        assert (
            other.patch(detail, {"title": "x"}, format="json", **if_match(other, PLAN)).status_code
            == 404
        )
        assert other.delete(detail, **if_match(other, PLAN)).status_code == 404
    assert write_as(None, "post", ACTIVITIES, NEW, guarding=PLAN).status_code == 401
    # An activity of another plan is not found under this one.
    assert (
        write_as("regio-am01", "patch", ACTIVITIES + "999999/", {}, guarding=PLAN).status_code
        == 404
    )
    assert Activity.objects.get(pk=pk).title != "x"
    assert Plan.objects.get(pk=draft_plan.pk).lock_version == lock


def test_a_plan_that_is_not_being_written_refuses_activity_writes_409(granted_plan):
    client = api("regio-am01")
    pk = granted_plan.activities.get().pk
    lock = granted_plan.lock_version
    for response in (
        client.post(ACTIVITIES, NEW, format="json", **if_match(client, PLAN)),
        client.patch(
            ACTIVITIES + f"{pk}/", {"title": "x"}, format="json", **if_match(client, PLAN)
        ),
        client.delete(ACTIVITIES + f"{pk}/", **if_match(client, PLAN)),
    ):
        assert response.status_code == 409
        assert response.json()["non_field_errors"]
    assert Plan.objects.get(pk=granted_plan.pk).lock_version == lock
    assert Activity.objects.filter(pk=pk).exists()


def test_activity_lists_filter_and_count_queries(draft_plan, django_assert_max_num_queries):
    client = api("bureau")
    client.get(ACTIVITIES)  # the token's first use is recorded once
    write_as(
        "regio-am01", "post", ACTIVITIES, {**NEW, "activity_type": "jobcoaching"}, guarding=PLAN
    )
    with django_assert_max_num_queries(12):
        body = client.get(ACTIVITIES + "?activity_type=werk_naar_werk").json()
    assert [a["activity_type"] for a in body["results"]] == ["werk_naar_werk"]
    assert client.get(ACTIVITIES).json()["count"] == 2


def test_activity_errors_are_in_the_users_language(draft_plan):
    client = api("regio-am01")
    body = {**NEW, "activity_type": "bestaat_niet"}
    dutch = client.post(ACTIVITIES, body, format="json", **if_match(client, PLAN)).json()
    assert dutch["activity_type"] == ["Het activiteitstype hoort niet bij dit programma."]
    english = client.post(
        ACTIVITIES, body, format="json", HTTP_ACCEPT_LANGUAGE="en", **if_match(client, PLAN)
    ).json()
    assert english["activity_type"] == ["The activity type does not belong to this programme."]
    refused = client.post(
        ACTIVITIES,
        {**NEW, "ends_on": "2015-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
        **if_match(client, PLAN),
    )
    assert refused.json()["ends_on"] == ["The end date is before the start date."]
