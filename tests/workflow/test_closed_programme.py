"""A programme that has ended is history: nothing in it is offered or taken any more, on the
pages, in the API or in a service call, and what it shows stays as it was."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sectorplan.core.errors import Refused
from sectorplan.monitoring import filling, report_flow, rounds
from sectorplan.monitoring.report_input import ReportInput
from sectorplan.monitoring.selectors import actions_for, may_fill_in
from sectorplan.plans import services
from sectorplan.plans.selectors import edit_refusal, may_edit, steps_offered_to
from sectorplan.programmes.constants import ProgrammeStatus, RoundState
from sectorplan.programmes.models import Programme
from tests.api.conftest import api, if_match
from tests.conftest import log_in
from tests.plans.conftest import draft_plan, draft_plan_granted, user  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def dutch():
    """Refusals read in the active language: Dutch, as the pages default to."""
    with translation.override("nl"):
        yield


def close(programme) -> Programme:
    """Close the programme as the demo and the set-up do: a save, which changes its data
    version (so no page part cached while it was open is served after)."""
    programme = Programme.objects.get(pk=programme.pk)
    programme.status = ProgrammeStatus.CLOSED
    programme.save(update_fields=["status"])
    return programme


def test_a_plan_of_an_ended_programme_offers_and_takes_no_step(draft_plan):  # noqa: F811
    contact = user("regio-am01")
    assert may_edit(contact, draft_plan) and edit_refusal(draft_plan) == ""
    assert [s.action for s in steps_offered_to(contact, draft_plan)] == ["submit"]
    close(draft_plan.programme)
    plan = type(draft_plan).objects.select_related("programme").get(pk=draft_plan.pk)
    assert "afgesloten" in edit_refusal(plan)  # the contact still writes it, but it is history
    with pytest.raises(Refused):
        services.plan_update(plan=plan, by=contact, lock_version=plan.lock_version, title="Nu")
    assert steps_offered_to(contact, plan) == []
    with pytest.raises(Refused) as refused:
        services.plan_transition(plan=plan, action="submit", by=contact)
    assert "afgesloten" in str(refused.value)
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_the_plan_page_and_the_api_of_an_ended_programme_offer_nothing(draft_plan):  # noqa: F811
    close(draft_plan.programme)
    url = reverse("plan-detail", args=[draft_plan.programme.slug, "AM01"])
    page = log_in(Client(), user("regio-am01")).get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/actie/submit/" not in html
    assert reverse("plan-edit", args=[draft_plan.programme.slug, "AM01"]) not in html
    # The page says why, in Dutch, where the steps would be.
    assert "Het programma is afgesloten: er kan niets meer in veranderen." in html
    assert "Algemeen deel bewerken" not in html and "Activiteit toevoegen" not in html
    edit = log_in(Client(), user("regio-am01")).get(
        reverse("plan-edit", args=[draft_plan.programme.slug, "AM01"]), follow=True
    )
    assert edit.redirect_chain[-1] == (url, 302)  # back to the plan, with the reason
    assert "Het programma is afgesloten" in edit.content.decode()
    client = api("regio-am01")
    plan_url = f"/api/v1/programmes/{draft_plan.programme.slug}/plans/AM01/"
    assert client.get(plan_url).json()["actions"] == []
    refused = client.post(
        plan_url + "actions/submit/",
        {},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
        **if_match(client, plan_url),
    )
    assert refused.status_code == 403, refused.content
    assert "afgesloten" in str(refused.json())


def test_rounds_and_reports_of_an_ended_programme_stay_as_they_are(demo):
    plan, _decision = draft_plan_granted(demo)
    round_ = demo.rounds.order_by("position").first()
    round_ = rounds.round_set_state(round_=round_, state=RoundState.OPEN, by=user("bureau"))
    report = report_flow.report_start(round_=round_, region=plan.region, by=user("regio-am01"))
    assert may_fill_in(user("regio-am01"), round_, plan.region)
    close(demo)
    round_.refresh_from_db()
    report.refresh_from_db()
    assert rounds.round_states_next(round_) == []
    with pytest.raises(Refused):
        rounds.round_set_state(round_=round_, state=RoundState.CLOSED, by=user("bureau"))
    assert not may_fill_in(user("regio-am01"), round_, plan.region)
    assert actions_for(user("regio-am01"), report) == []
    with pytest.raises(Refused) as refused:  # the page and the API save through here
        filling.report_save(
            report=report,
            by=user("regio-am01"),
            lock_version=report.lock_version,
            given=ReportInput(),
        )
    assert "afgesloten" in str(refused.value)
    other = demo.region_set.regions.get(code="AM02")
    with pytest.raises(Refused):
        report_flow.report_start(round_=round_, region=other, by=user("regio-am02"))
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN


def test_the_round_page_of_an_ended_programme_offers_no_step_and_no_reminder(demo):
    """The office sees the round as it was: no opening or closing, no reminders, no bulk
    steps; the daily reminder task and "remind every late region" reach nobody."""
    from datetime import timedelta

    from django.core import mail

    from sectorplan.monitoring import reminders

    draft_plan_granted(demo)
    round_ = demo.rounds.order_by("position").first()
    round_ = rounds.round_set_state(round_=round_, state=RoundState.OPEN, by=user("bureau"))
    late = round_.deadline + timedelta(days=round_.reminder_days[-1])
    url = reverse("round-detail", args=[demo.slug, round_.code])
    office = log_in(Client(), user("bureau"))
    before = office.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Ronde sluiten" in before and "/herinneren/" in before and "/ontwerp/" in before
    assert reminders.late_regions(round_, today=late)
    close(demo)
    round_ = type(round_).objects.select_related("programme").get(pk=round_.pk)
    page = office.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Het programma is afgesloten" in html
    for offered in ("Ronde sluiten", "Ronde openen", "/herinneren/", 'name="state"', "/ontwerp/"):
        assert offered not in html, offered
    with pytest.raises(Refused):  # nor a new questionnaire (upload or designer)
        rounds.questionnaire_publish(round_=round_, definition={}, by=user("bureau"))
    assert reminders.late_regions(round_, today=late) == []
    mail.outbox.clear()
    assert reminders.reminders_send(today=late) == []
    assert reminders.reminders_send_late(round_=round_, by=user("bureau"), today=late) == []
    assert mail.outbox == []


def test_an_ended_programme_offers_no_plans_import_and_no_new_decision_letter(demo):
    """The plan overview of an ended programme links to neither; the import page sends the
    office back with the reason, and the letter is refused where it is saved."""
    from sectorplan.programmes.services import letter_save

    office = log_in(Client(), user("bureau"))
    overview = reverse("plan-overview", args=[demo.slug])
    import_url = reverse("plans-import", args=[demo.slug])
    letter_url = reverse("letter-edit", args=[demo.slug])
    before = office.get(overview, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert import_url in before and letter_url in before
    programme = close(demo)
    letters = dict(programme.letters)
    html = office.get(overview, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert import_url not in html and letter_url not in html
    sent_back = office.get(import_url, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    assert sent_back.redirect_chain == [(overview, 302)]
    assert "Het programma is afgesloten" in sent_back.content.decode()
    with pytest.raises(Refused) as refused:
        letter_save(programme=programme, letter="decision", text="Nieuw", by=user("bureau"))
    assert "afgesloten" in str(refused.value)
    programme.refresh_from_db()
    assert programme.letters == letters


def test_the_command_line_imports_nothing_into_an_ended_programme(demo, cli, tmp_path):
    """import-plans and import-responses say why, and leave the plans and answers as they
    were, like the import pages."""
    from sectorplan.monitoring.models import Answer
    from sectorplan.plans.models import Activity
    from tests.contracts.helpers import refused, write_csv

    round_ = demo.rounds.order_by("position").first()
    question = round_.questionnaires.latest().questions.filter(kind="text").first()
    plans = write_csv(
        tmp_path / "plans.csv",
        [
            ["region_code", "activity_type", "title", "subsidy", "cofinancing"],
            ["AM01", demo.activity_types.first().code, "Nieuw", "1000", "1000"],
        ],
    )
    answers = write_csv(
        tmp_path / "answers.csv",
        [["region_code", "question_code", "answer"], ["AM01", question.code, "Nieuw"]],
    )
    close(demo)
    before = (Activity.objects.count(), Answer.objects.count())
    with translation.override("en"):
        said = refused(cli("import-plans", demo.slug, plans))
        assert said == ["The programme has ended: nothing in it can change any more."]
        said = refused(cli("import-responses", demo.slug, round_.code, answers))
        assert said == ["The programme has ended: nothing in it can change any more."]
    assert (Activity.objects.count(), Answer.objects.count()) == before
