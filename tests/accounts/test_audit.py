"""The audit trail: services record who changed what from what to what, in the same
transaction; the trail cannot be changed; each object page has its history; the office
exports a period as CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from sectorplan.accounts import audit
from sectorplan.accounts.models import AuditEvent
from sectorplan.monitoring import filling
from sectorplan.monitoring.report_input import from_form
from sectorplan.plans import services as plans
from sectorplan.programmes.constants import QuestionKind
from sectorplan.workflow import Conflict
from tests.monitoring.conftest import final_round, form, granted_plan, item_key, report
from tests.plans.conftest import draft_plan, draft_plan_granted, user

__all__ = ["draft_plan", "final_round", "granted_plan", "report"]  # fixtures used here

pytestmark = pytest.mark.django_db


def test_a_plan_change_records_actor_role_and_old_and_new_values(draft_plan):
    before = AuditEvent.objects.count()
    plans.plan_update(
        plan=draft_plan,
        by=user("regio-am01"),
        lock_version=draft_plan.lock_version,
        title="Nieuwe titel",
    )
    event = AuditEvent.objects.latest("pk")
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "plan.update"
    assert event.actor.username == "regio-am01"
    assert event.role == "regiocontact"
    assert event.region.code == "AM01"
    assert event.programme_id == draft_plan.programme_id
    assert event.changes == {"title": [f"Sectorplan {draft_plan.region.name}", "Nieuwe titel"]}


def test_a_refused_change_records_nothing(draft_plan):
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict):
        plans.plan_update(
            plan=draft_plan,
            by=user("regio-am01"),
            lock_version=draft_plan.lock_version - 1,
            title="Te laat",
        )
    assert AuditEvent.objects.count() == before


def test_activity_changes_and_workflow_steps_are_in_the_plan_trail(draft_plan):
    plan = plans.plan_transition(plan=draft_plan, action="submit", by=user("regio-am01"))
    submitted = AuditEvent.objects.latest("pk")
    assert (submitted.action, submitted.changes) == (
        "plan.submit",
        {"state": ["draft", "at_municipality"]},
    )
    plan = plans.plan_transition(
        plan=plan, action="return_to_region", by=user("gemeente-am01"), note="Graag aanvullen"
    )
    returned = AuditEvent.objects.latest("pk")
    assert returned.role == "centrumgemeente"
    assert returned.changes["state"] == ["at_municipality", "changes_requested"]
    assert returned.changes["note"] == ["", "Graag aanvullen"]
    activity = plan.activities.get()
    activity_id = activity.pk
    plans.activity_delete(
        plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, activity=activity
    )
    deleted = AuditEvent.objects.latest("pk")
    assert deleted.action == "plan.activity_delete"
    assert deleted.changes[f"activity {activity_id}.title"] == ["Van werk naar werk", ""]
    assert "Begeleiding" in deleted.changes[f"activity {activity_id}.budget"][0]
    assert [e.action for e in audit.events_for(plan)][:3] == [
        "plan.activity_delete",
        "plan.return_to_region",
        "plan.submit",
    ]


def test_the_trail_cannot_be_changed_or_deleted(draft_plan):
    event = AuditEvent.objects.latest("pk")
    event.note = "weggepoetst"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(note="weg")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.note == ""


def _first_question(report, kind):
    return report.questionnaire.questions.filter(kind=kind, section__per_theme=False).first()


def test_report_answers_and_steps_are_recorded_per_question(report):
    question = _first_question(report, QuestionKind.SHORT_TEXT) or _first_question(
        report, QuestionKind.TEXT
    )
    key = item_key(report, question.code)
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, form(**{key: "Eerste versie"})),
    )
    report.refresh_from_db()
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, form(**{key: "Tweede versie"})),
    )
    saved = AuditEvent.objects.filter(action="report.save").latest("pk")
    assert saved.changes == {question.code: ["Eerste versie", "Tweede versie"]}
    assert saved.programme_id == report.round.programme_id
    assert saved.region_id == report.region_id
    # A save that changes nothing records nothing.
    report.refresh_from_db()
    count = AuditEvent.objects.count()
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, form(**{key: "Tweede versie"})),
    )
    assert AuditEvent.objects.count() == count


def test_basis_import_and_allocation_publication_record_old_and_new_amounts(demo, tmp_path):
    from sectorplan.programmes import services as programmes

    am01 = demo.participations.get(region__code="AM01")
    old_subsidy = demo.allocation_publications.latest("pk").lines.get(region__code="AM01").subsidy
    source = tmp_path / "basis.csv"
    source.write_text(f"region_code;basis\nAM01;{am01.basis + 100}\n", encoding="utf-8-sig")
    programmes.basis_import_file(programme=demo, source=source, by=user("bureau"))
    imported = AuditEvent.objects.latest("pk")
    assert imported.action == "programme.basis_import"
    assert imported.changes == {
        "basis AM01": [audit.text(am01.basis), audit.text(am01.basis + 100)]
    }

    programmes.allocation_publish(programme=demo, by=user("bureau"))
    event = AuditEvent.objects.latest("pk")
    new_subsidy = demo.allocation_publications.latest("pk").lines.get(region__code="AM01").subsidy
    assert event.action == "programme.allocation_publish"
    assert (event.programme_id, event.actor.username) == (demo.pk, "bureau")
    assert event.changes["subsidy AM01"] == [audit.text(old_subsidy), audit.text(new_subsidy)]
    assert new_subsidy > old_subsidy
    assert event.changes["budget"] == [audit.text(demo.budget)] * 2
    assert imported.note == "basis.csv"  # the file's name, not where it lay on the server


def test_the_programme_history_names_regions_and_shows_euros(demo, as_office):
    from sectorplan.programmes import services as programmes

    programmes.allocation_publish(programme=demo, by=user("bureau"))
    url = reverse("programme-history", args=[demo.slug])
    content = as_office.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    line = demo.allocation_publications.latest("pk").lines.get(region__code="AM01")
    assert f"Subsidie: {line.region.name}" in content
    assert "€\xa0" in content and "Subsidie AM01" not in content
    assert f">{audit.text(line.subsidy)}<" not in content


def test_history_tab_shows_the_plan_trail_to_who_may_see_the_plan(
    draft_plan, as_region_contact, as_office
):
    plans.plan_update(
        plan=draft_plan,
        by=user("regio-am01"),
        lock_version=draft_plan.lock_version,
        summary="Samen aan het werk",
    )
    url = reverse("plan-history", args=[draft_plan.programme.slug, "AM01"])
    page = as_region_contact.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Geschiedenis" in content
    assert "Samen aan het werk" in content
    assert "Algemeen deel gewijzigd" in content
    assert "(Regiocontact)" in content  # the role by its label, not its key
    activity = draft_plan.activities.get()
    assert f"Activiteit ‘{activity.title}’: titel" in content
    # The type by its label: neither its id nor its code.
    assert activity.activity_type.label_nl in content
    assert activity.activity_type.code not in content
    assert as_office.get(url).status_code == 200
    # Another region's plan history does not exist for this contact.
    other = reverse("plan-history", args=[draft_plan.programme.slug, "AM02"])
    assert as_region_contact.get(other).status_code == 404
    # The plan page links to its history.
    detail = as_region_contact.get(reverse("plan-detail", args=[draft_plan.programme.slug, "AM01"]))
    assert url in detail.content.decode()


def test_the_plan_history_reads_in_words_euros_and_dutch_dates(demo, as_office):
    """What the trail keeps as plain text (an amount, a date, a budget line, a verdict, a
    comment's section) reads as the plan page would say it."""
    draft_plan_granted(demo)
    url = reverse("plan-history", args=[demo.slug, "AM01"])
    content = as_office.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Bedrag" in content and "€\xa0100.000,00" in content  # the grant
    assert "15 oktober 2015" in content  # its decision date
    assert "Advies</th><td" in content and "Positief" in content
    assert (
        "Begeleiding: subsidie €\xa0100.000,00, cofinanciering €\xa0100.000,00 (Centrumgemeente)"
        in content
    )
    for raw in ("100000", "2015-10-15", "decided_on", ">amount<", "positief<", " | "):
        assert raw not in content, raw


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_office_exports_the_trail_of_a_period_as_csv(draft_plan, as_office):
    today = timezone.localdate()
    url = reverse("trail-export")
    response = as_office.get(
        url, {"starts_on": today.isoformat(), "ends_on": today.isoformat(), "download": "1"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert list(rows[0]) == audit.CSV_HEADER
    titles = [r for r in rows if r["action"] == "plan.update" and r["field"] == "title"]
    assert titles and titles[-1]["new"] == f"Sectorplan {draft_plan.region.name}"
    assert titles[-1]["actor"] == "regio-am01"
    assert titles[-1]["region"] == "AM01"
    # A period before anything happened is empty (just the header).
    old = today - timedelta(days=400)
    empty = as_office.get(
        url, {"starts_on": old.isoformat(), "ends_on": old.isoformat(), "download": "1"}
    )
    assert _rows(empty) == []


def test_the_export_refuses_a_period_that_ends_before_it_starts(demo, as_office):
    today = timezone.localdate()
    response = as_office.get(
        reverse("trail-export"),
        {
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
            "download": "1",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "De periode eindigt voordat ze begint." in page
    # Each date field says how to type it, and the field points at that hint.
    assert page.count("Dag-maand-jaar, bijvoorbeeld 31-12-2016.") == 2
    assert 'aria-describedby="id_ends_on_helptext id_ends_on_error"' in page
    assert 'id="id_ends_on_helptext"' in page and 'id="id_ends_on_error"' in page


def test_only_the_office_exports_the_trail(demo, as_ministry, as_region_contact):
    assert as_ministry.get(reverse("trail-export")).status_code == 403
    assert as_region_contact.get(reverse("trail-export")).status_code == 403
