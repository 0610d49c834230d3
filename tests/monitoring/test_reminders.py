"""`send-reminders`: on the round's reminder days, to the contacts of reports not yet
submitted, never twice a day; the office sees who was reminded when."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from sectorplan.monitoring import filling, report_flow
from sectorplan.monitoring.models import Reminder
from sectorplan.monitoring.reminders import reminders_send
from sectorplan.monitoring.report_input import from_form
from tests.monitoring.conftest import complete_answers
from tests.plans.conftest import draft_plan_granted, user


def test_reminders_go_on_reminder_days_to_regions_that_have_not_submitted(
    final_round, report, as_office
):
    before = final_round.reminder_days[0]
    assert before < 0
    today = final_round.deadline + timedelta(days=before)
    for code in ("AM02", "AM03"):
        draft_plan_granted(final_round.programme, code)
    region = user("regio-am01")
    filling.report_save(
        report=report,
        by=region,
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    report.refresh_from_db()
    report_flow.report_transition(report=report, action="submit", by=region)

    sent = reminders_send(today=today)
    # AM02 and AM03 have a granted plan and have not submitted; AM01 submitted; the other
    # 32 regions have no granted plan, so they are not asked to report and not reminded.
    assert sorted(r.region.code for r in sent) == ["AM02", "AM03"]
    assert len(mail.outbox) == 2
    assert all(len(m.to) == 1 and m.to[0].startswith("regio-am") for m in mail.outbox)
    message = mail.outbox[0]
    assert "/rondes/" in message.body and "Herinnering" in message.subject  # in Dutch

    assert reminders_send(today=today) == []  # the same day again: nothing
    assert len(mail.outbox) == 2
    assert reminders_send(today=today + timedelta(days=1)) == []  # not a reminder day
    page = as_office.get(
        reverse("round-detail", args=[final_round.programme.slug, final_round.code])
    )
    assert "regio-am02@example.org" in page.content.decode()


def test_no_reminders_for_a_round_that_is_not_open(demo):
    round_ = demo.rounds.first()
    today = round_.deadline + timedelta(days=round_.reminder_days[-1])
    assert reminders_send(today=today) == []
    assert Reminder.objects.count() == 0
