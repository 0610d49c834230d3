"""Writes through the API call the pages' services: the plan's general part, a report's
answers and the workflow steps; If-Match guards against lost updates; refusals are JSON."""

import re

import pytest

from sectorplan.accounts.models import AuditEvent
from sectorplan.monitoring.models import ActivityProgress, Report
from sectorplan.plans import services as plan_services
from sectorplan.plans.models import Plan
from tests.api.conftest import api, if_match, write_as
from tests.monitoring.conftest import final_round, granted_plan, report
from tests.plans.conftest import draft_plan, fill_plan

__all__ = ["draft_plan", "final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programmes/sw-2015/"
PLAN = BASE + "plans/AM01/"
REPORT = BASE + "rounds/eindevaluatie/reports/AM01/"


def test_the_region_changes_its_draft_plan_with_if_match(draft_plan):
    client = api("regio-am01")
    etag = client.get(PLAN)["ETag"]
    events = AuditEvent.objects.count()
    response = client.patch(
        PLAN, {"title": "Nieuwe titel", "summary": "Kort"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.json()
    draft_plan.refresh_from_db()
    assert draft_plan.title == "Nieuwe titel"
    assert response["ETag"] != etag
    assert re.fullmatch(
        rf'"plan-{draft_plan.pk}-v{draft_plan.lock_version}-[0-9a-f]{{12}}"', response["ETag"]
    )
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("pk").action == "plan.update"


def test_a_stale_etag_gets_412_and_changes_nothing(draft_plan):
    client = api("regio-am01")
    stale = client.get(PLAN)["ETag"]
    client.patch(PLAN, {"title": "Eerst"}, format="json", HTTP_IF_MATCH=stale)
    before = Plan.objects.get(pk=draft_plan.pk)
    response = client.patch(PLAN, {"title": "Daarna"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["detail"]
    after = Plan.objects.get(pk=draft_plan.pk)
    assert (after.title, after.lock_version) == ("Eerst", before.lock_version)
    action = client.post(PLAN + "actions/submit/", {}, format="json", HTTP_IF_MATCH=stale)
    assert action.status_code == 412
    assert Plan.objects.get(pk=draft_plan.pk).state == "draft"


@pytest.mark.parametrize("header", [{}, {"HTTP_IF_MATCH": "*"}, {"HTTP_IF_MATCH": " "}])
def test_a_plan_write_without_its_etag_is_428_and_changes_nothing(draft_plan, header):
    client = api("regio-am01")
    activity = draft_plan.activities.get()
    lock_version = draft_plan.lock_version
    writes = [
        ("patch", PLAN, {"title": "Zonder ETag"}),
        ("post", PLAN + "actions/submit/", {}),
        ("post", PLAN + "activities/", {"activity_type": "werk_naar_werk", "title": "Nieuw"}),
        ("patch", PLAN + f"activities/{activity.pk}/", {"title": "Zonder ETag"}),
        ("delete", PLAN + f"activities/{activity.pk}/", None),
    ]
    for method, url, body in writes:
        response = getattr(client, method)(
            url, body, format="json", HTTP_ACCEPT_LANGUAGE="en", **header
        )
        assert response.status_code == 428, (method, url)
        assert response.json() == {
            "detail": "Send the object's current ETag in the If-Match header: read the object "
            "first (GET), then send its ETag with your change. If-Match: * is not accepted."
        }
    plan = Plan.objects.get(pk=draft_plan.pk)
    assert (plan.lock_version, plan.state, plan.activities.get()) == (
        lock_version,
        "draft",
        activity,
    )


def test_a_report_write_without_its_etag_is_428_in_dutch(report):
    client = api("regio-am01")
    for method, url in [("patch", REPORT), ("post", REPORT + "actions/submit/")]:
        for header in ({}, {"HTTP_IF_MATCH": "*"}):
            response = getattr(client, method)(url, {}, format="json", **header)
            assert response.status_code == 428
            assert response.json()["detail"].startswith("Stuur de huidige ETag van het object")
    assert Report.objects.get(pk=report.pk).lock_version == report.lock_version


def test_plan_input_errors_are_per_field(draft_plan):
    client = api("regio-am01")
    response = client.patch(
        PLAN,
        {"contact_email": "geen-adres", "companies": [999999], "targets": {"onbekend": "1"}},
        format="json",
        **if_match(client, PLAN),
    )
    assert response.status_code == 400
    assert "contact_email" in response.json()
    response = client.patch(PLAN, {"companies": [999999]}, format="json", **if_match(client, PLAN))
    assert response.status_code == 400 and "companies" in response.json()


def test_the_service_refusal_comes_back_as_json(draft_plan):
    other_region = draft_plan.programme.region_set.regions.get(code="AM02")
    stranger = other_region.organisations.filter(kind="sw_bedrijf").exclude(
        regions=draft_plan.region
    )[0]
    response = write_as("regio-am01", "patch", PLAN, {"companies": [stranger.pk]}, guarding=PLAN)
    assert response.status_code == 400
    assert stranger.name in response.json()["non_field_errors"][0]


def test_only_the_region_contact_edits_and_others_see_404_or_403(draft_plan):
    assert write_as("bureau", "patch", PLAN, {"title": "x"}, guarding=PLAN).status_code == 403
    assert (
        write_as("gemeente-am01", "patch", PLAN, {"title": "x"}, guarding=PLAN).status_code == 403
    )
    assert write_as("regio-am02", "patch", PLAN, {"title": "x"}, guarding=PLAN).status_code == 404
    assert write_as(None, "patch", PLAN, {"title": "x"}, guarding=PLAN).status_code == 401
    assert Plan.objects.get(pk=draft_plan.pk).title != "x"


def test_a_granted_plan_cannot_be_edited_409(granted_plan):
    response = write_as("regio-am01", "patch", PLAN, {"title": "x"}, guarding=PLAN)
    assert response.status_code == 409
    assert response.json()["non_field_errors"]


def test_workflow_steps_return_the_new_state_and_the_next_steps(draft_plan):
    response = write_as("regio-am01", "post", PLAN + "actions/submit/", {}, guarding=PLAN)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "at_municipality"
    assert body["actions"] == []  # the next step is the municipality's
    municipality = api("gemeente-am01")
    assert [a["action"] for a in municipality.get(PLAN).json()["actions"]] == [
        "confirm_cofinancing",
        "return_to_region",
    ]
    # A guard's refusal: returning needs a note (400).
    refused = municipality.post(
        PLAN + "actions/return_to_region/", {}, format="json", **if_match(municipality, PLAN)
    )
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"] == ["Geef aan wat er moet veranderen."]
    back = municipality.post(
        PLAN + "actions/return_to_region/",
        {"note": "Cofinanciering?"},
        format="json",
        **if_match(municipality, PLAN),
    )
    assert back.json()["state"] == "changes_requested"


def test_workflow_step_status_codes(draft_plan):
    # Not possible in this state: 409; a role that may not: 403; unknown action: 404.
    assert write_as("bureau", "post", PLAN + "actions/grant/", {}, guarding=PLAN).status_code == 409
    assert (
        write_as("bureau", "post", PLAN + "actions/submit/", {}, guarding=PLAN).status_code == 403
    )
    assert write_as("bureau", "post", PLAN + "actions/fly/", {}, guarding=PLAN).status_code == 404
    assert (
        write_as("regio-am02", "post", PLAN + "actions/submit/", {}, guarding=PLAN).status_code
        == 404
    )
    assert Plan.objects.get(pk=draft_plan.pk).state == "draft"


def test_an_incomplete_plan_is_refused_with_what_is_missing(demo):
    region = demo.region_set.regions.get(code="AM01")
    plan_services.plan_for_region(programme=demo, region=region)
    response = write_as("regio-am01", "post", PLAN + "actions/submit/", {}, guarding=PLAN)
    assert response.status_code == 400
    assert len(response.json()["non_field_errors"]) > 1


# --- Reports ----------------------------------------------------------------------------------


def _answer_everything(client, report):
    body = client.get(REPORT).json()
    answers = []
    for item in body["answers"]:
        value = {
            "yes_no": "ja",
            "choice": None,
            "multiple_choice": None,
            "number": "12",
            "amount": "1234,50",
            "percentage": "80",
            "file": None,
        }.get(item["kind"], "Een antwoord.")
        if value is not None:
            answers.append({"question": item["question"], "theme": item["theme"], "value": value})
    progress = [
        {"activity": p["activity"], "status": "afgerond", "people_reached": "30", "spent": "9000"}
        for p in body["progress"]
    ]
    return {"answers": answers, "progress": progress}


def test_the_region_fills_in_and_submits_its_report(report):
    client = api("regio-am01")
    etag = client.get(REPORT)["ETag"]
    response = client.patch(
        REPORT,
        {"answers": [{"question": "ser_detachering_aanwezig", "value": "ja"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.json()
    [answer] = [
        a for a in response.json()["answers"] if a["question"] == "ser_detachering_aanwezig"
    ]
    assert answer["code"] == "yes" and answer["answered"]
    assert response["ETag"] != etag
    # Submitting while required parts are missing: the guard's message (400).
    refused = client.post(REPORT + "actions/submit/", {}, format="json", **if_match(client, REPORT))
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"][0].startswith("Nog in te vullen")


def test_an_unknown_question_refuses_the_request_and_a_bad_value_only_itself(report):
    """A question the report does not ask refuses the whole request (nothing saved); a
    value that does not read is refused at its item while the rest is saved, as on the
    report page."""
    client = api("regio-am01")
    response = client.patch(
        REPORT,
        {
            "answers": [
                {"question": "ser_detachering_aanwezig", "value": "ja"},
                {"question": "ser_detachering_bijdrage", "value": "misschien"},
                {"question": "bestaat_niet", "value": "ja"},
            ]
        },
        format="json",
        **if_match(client, REPORT),
    )
    assert response.status_code == 400
    errors = response.json()["answers"]
    assert errors[0] == {} and "question" in errors[2]
    assert not report.answers.exists()
    before = client.get(REPORT)["ETag"]
    response = client.patch(
        REPORT,
        {
            "answers": [
                {"question": "ser_detachering_aanwezig", "value": "ja"},
                {"question": "ser_detachering_bijdrage", "value": "misschien"},
            ]
        },
        format="json",
        HTTP_IF_MATCH=before,
    )
    assert response.status_code == 400
    assert response.json()["answers"][0] == {}
    assert "misschien" in response.json()["answers"][1]["value"][0]
    stored = {a.question.code: a.code for a in report.answers.select_related("question")}
    assert stored == {"ser_detachering_aanwezig": "yes"}
    # The answer names the report's new version, to send on.
    report.refresh_from_db()
    assert response["ETag"].startswith(f'"report-{report.pk}-v{report.lock_version}-')
    assert response["ETag"].split("-")[2] != before.split("-")[2]


def test_report_review_steps_and_stale_etag(report):
    client = api("regio-am01")
    response = client.patch(
        REPORT, _answer_everything(client, report), format="json", **if_match(client, REPORT)
    )
    assert response.status_code == 200, response.json()
    stale = response["ETag"]
    submitted = client.post(REPORT + "actions/submit/", {}, format="json", HTTP_IF_MATCH=stale)
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["state"] == "submitted"
    office = api("bureau")
    again = office.post(REPORT + "actions/accept/", {}, format="json", HTTP_IF_MATCH=stale)
    assert again.status_code == 412
    assert Report.objects.get(pk=report.pk).state == "submitted"
    accepted = office.post(
        REPORT + "actions/accept/", {}, format="json", HTTP_IF_MATCH=office.get(REPORT)["ETag"]
    )
    assert accepted.json()["state"] == "accepted"
    assert [a["action"] for a in accepted.json()["actions"]] == ["reopen"]
    # The region can no longer change it (409), nor may the office fill it in (403).
    assert (
        client.patch(REPORT, {"answers": []}, format="json", **if_match(client, REPORT)).status_code
        == 409
    )
    assert (
        office.patch(REPORT, {"answers": []}, format="json", **if_match(office, REPORT)).status_code
        == 403
    )
    assert (
        write_as("regio-am02", "patch", REPORT, {"answers": []}, guarding=REPORT).status_code == 404
    )
    # Reopening is the office's step (403 for the region); accepting again is no step (409).
    assert (
        client.post(
            REPORT + "actions/reopen/", {"note": "x"}, format="json", **if_match(client, REPORT)
        ).status_code
        == 403
    )
    assert (
        office.post(
            REPORT + "actions/accept/", {}, format="json", **if_match(office, REPORT)
        ).status_code
        == 409
    )


def test_the_json_body_must_be_json(draft_plan):
    client = api("regio-am01")
    response = client.generic(
        "PATCH",
        PLAN,
        "title=x",
        content_type="application/x-www-form-urlencoded",
        **if_match(client, PLAN),
    )
    assert response.status_code == 415
    assert fill_plan  # imported for the fixtures' sake


# --- Starting a report, returning it with comments, conditional reads --------------------------


def test_the_region_contact_starts_its_report(final_round):
    assert api("bureau").post(REPORT + "start/", {}, format="json").status_code == 403
    assert api("gemeente-am01").post(REPORT + "start/", {}, format="json").status_code == 403
    assert api("regio-am02").post(REPORT + "start/", {}, format="json").status_code == 404
    assert api().post(REPORT + "start/", {}, format="json").status_code == 401
    assert not Report.objects.exists()
    client = api("regio-am01")
    started = client.post(REPORT + "start/", {}, format="json")
    assert started.status_code == 201, started.json()
    report = Report.objects.get()
    assert started.json()["state"] == "draft" and started.json()["answers"]
    assert re.fullmatch(
        rf'"report-{report.pk}-v{report.lock_version}-[0-9a-f]{{12}}"', started["ETag"]
    )
    assert AuditEvent.objects.latest("pk").action == "report.start"
    again = client.post(REPORT + "start/", {}, format="json")
    assert again.status_code == 200
    assert Report.objects.count() == 1


def test_a_report_cannot_be_started_in_a_round_that_is_not_open(final_round):
    closed = final_round.programme.rounds.exclude(pk=final_round.pk).order_by("position").first()
    assert not closed.is_open
    path = f"{BASE}rounds/{closed.code}/reports/AM01/start/"
    response = api("regio-am01").post(path, {}, format="json")
    assert response.status_code == 409
    assert response.json()["non_field_errors"]
    assert not Report.objects.exists()


def test_the_office_returns_a_report_with_comments_per_question(report):
    client = api("regio-am01")
    client.patch(
        REPORT, _answer_everything(client, report), format="json", **if_match(client, REPORT)
    )
    assert (
        client.post(
            REPORT + "actions/submit/", {}, format="json", **if_match(client, REPORT)
        ).status_code
        == 200
    )
    office = api("bureau")
    # A comment on a question the report does not ask: 400 at that comment, nothing done.
    wrong = office.post(
        REPORT + "actions/return/",
        {
            "comments": [
                {"question": "ser_detachering_aanwezig", "text": "Goed"},
                {"question": "bestaat_niet", "text": "?"},
            ]
        },
        format="json",
        **if_match(office, REPORT),
    )
    assert wrong.status_code == 400
    assert wrong.json()["comments"][0] == {} and "question" in wrong.json()["comments"][1]
    # Nothing to say: the guard refuses (400).
    empty = office.post(
        REPORT + "actions/return/",
        {"comments": [{"question": "ser_detachering_aanwezig", "text": "  "}]},
        format="json",
        **if_match(office, REPORT),
    )
    assert empty.status_code == 400
    assert Report.objects.get(pk=report.pk).state == "submitted"
    # The region may not return its own report.
    assert (
        client.post(
            REPORT + "actions/return/", {"note": "x"}, format="json", **if_match(client, REPORT)
        ).status_code
        == 403
    )
    returned = office.post(
        REPORT + "actions/return/",
        {
            "note": "Vul de resultaten aan.",
            "comments": [{"question": "ser_detachering_aanwezig", "text": "Welke partners?"}],
        },
        format="json",
        **if_match(office, REPORT),
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["state"] == "returned"
    assert [a["action"] for a in returned.json()["actions"]] == []
    comments = client.get(REPORT).json()["comments"]
    assert [(c["question"], c["text"]) for c in comments] == [
        ("ser_detachering_aanwezig", "Welke partners?"),
        (None, "Vul de resultaten aan."),
    ]
    # The region can fill it in again and submit it.
    assert [a["action"] for a in client.get(REPORT).json()["actions"]] == ["submit"]


def test_if_none_match_answers_304_while_nothing_changed(report):
    client = api("regio-am01")
    for path in (PLAN, REPORT):
        etag = client.get(path)["ETag"]
        unchanged = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304
        assert unchanged.content == b"" and unchanged["ETag"] == etag
        assert client.get(path, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
        assert client.get(path, HTTP_IF_NONE_MATCH='"other", *').status_code == 304
        assert client.get(path, HTTP_IF_NONE_MATCH='"plan-0-v0"').status_code == 200
    etag = client.get(REPORT)["ETag"]
    answer = {"answers": [{"question": "ser_detachering_aanwezig", "value": "ja"}]}
    assert (
        client.patch(REPORT, answer, format="json", **if_match(client, REPORT)).status_code == 200
    )
    changed = client.get(REPORT, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # Not yours to see stays 404, whatever the header says.
    assert api("regio-am02").get(PLAN, HTTP_IF_NONE_MATCH="*").status_code == 404


def test_a_new_allocation_is_no_304_but_the_plan_may_still_be_written_with_its_etag(
    draft_plan,
):
    from decimal import Decimal

    from sectorplan.programmes.models import Participation

    client = api("regio-am01")
    before = client.get(PLAN)
    etag = before["ETag"]
    # The office publishes a new allocation: the plan itself is unchanged, its figures not.
    Participation.objects.filter(programme=draft_plan.programme, region__code="AM01").update(
        basis=Decimal("9000")
    )
    assert api("bureau").post(BASE + "allocation/publish/").json()["published"] is True
    after = client.get(PLAN, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert after.json()["allocation_subsidy"] != before.json()["allocation_subsidy"]
    assert after["ETag"] != etag
    # The version part of the old tag still names the plan's version: a write goes through.
    saved = client.patch(PLAN, {"title": "Nieuwe titel"}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.json()
    # That write made a new version: the old tag is now refused.
    stale = client.patch(PLAN, {"title": "Nog een"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_a_report_refuses_an_amount_over_the_ceiling_as_the_page_does(report):
    """Spending on an activity is read as the report page reads it (core.bounds): no
    exponents, the same ceiling and message as a budget line; the amount is not saved, the
    rest is (as on the page)."""
    client = api("regio-am01")
    body = _answer_everything(client, report)
    body["progress"][0]["spent"] = "1e10"
    response = client.patch(
        REPORT, body, format="json", HTTP_ACCEPT_LANGUAGE="en", **if_match(client, REPORT)
    )
    assert response.status_code == 400, response.json()
    assert response.json() == {"progress": [{"spent": ["'1e10' is not a number"]}]}
    body["progress"][0]["spent"] = "10000000000"
    response = client.patch(
        REPORT, body, format="json", HTTP_ACCEPT_LANGUAGE="en", **if_match(client, REPORT)
    )
    assert response.status_code == 400
    assert "An amount may be at most € 1,000,000,000.00." in str(response.json())
    assert Report.objects.get(pk=report.pk).answers.exists()
    assert not ActivityProgress.objects.filter(report=report, spent__isnull=False).exists()
    assert ActivityProgress.objects.filter(report=report, status__gt="").exists()
