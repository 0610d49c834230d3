"""The inbox (one verb style, deadlines, days left, most urgent first) and the office's bulk
steps on a round (remind every late region, accept several reports), each confirmed first
and recorded in the audit trail (issue 23)."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sectorplan.accounts.models import AuditEvent
from sectorplan.monitoring import filling, report_flow
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.inbox import tasks_for
from sectorplan.monitoring.models import Reminder, Report
from sectorplan.monitoring.report_input import from_form
from sectorplan.programmes.models import Programme, Round
from tests.monitoring.conftest import complete_answers, item_key
from tests.plans.conftest import draft_plan_granted, user

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def late(round_, days=3):
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=days))
    round_.refresh_from_db()
    return round_


def submitted(round_, code):
    """The region's report of the round, complete and submitted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    contact = user(f"regio-{code.lower()}")
    report = report_flow.report_start(
        round_=round_, region=round_.programme.region_set.regions.get(code=code), by=contact
    )
    filling.report_save(
        report=report,
        by=contact,
        lock_version=report.lock_version,
        given=from_form(
            report,
            complete_answers(report),
            {item_key(report, "eindverslag"): SimpleUploadedFile("v.pdf", b"%PDF-1.4\n%%EOF\n")},
        ),
    )
    report.refresh_from_db()
    return report_flow.report_transition(report=report, action="submit", by=contact)


def test_the_region_inbox_shows_the_deadline_and_days_left(as_region_contact, report):
    late(report.round, days=2)
    page = as_region_contact.get(reverse("home"), **NL).content.decode()
    inbox = page[page.index('id="inbox-title"') : page.index("</section>", page.index("inbox"))]
    assert "<strong>Rapportage invullen</strong>" in inbox
    assert "2 dagen te laat" in inbox


def test_the_inbox_uses_one_verb_style_and_puts_the_most_urgent_first(final_round, demo):
    from django.utils import translation

    from sectorplan.plans import services as plan_services
    from tests.plans.conftest import fill_plan

    draft_plan_granted(demo, "AM02")
    submitted(final_round, "AM02")  # to review: no deadline
    for code in ("AM03", "AM04"):
        region = demo.region_set.regions.get(code=code)
        plan = fill_plan(plan_services.plan_for_region(programme=demo, region=region))
        for action, who in (("submit", "regio"), ("confirm_cofinancing", "gemeente")):
            plan = plan_services.plan_transition(
                plan=plan, action=action, by=user(f"{who}-{code.lower()}")
            )
    Programme.objects.filter(pk=demo.pk).update(
        review_deadline=timezone.localdate() + timedelta(days=30)
    )
    with translation.override("nl"):
        tasks, more = tasks_for(user("bureau"))
        actions = [task.action for task in tasks]
    assert actions[-1] == "Rapportage beoordelen"  # no deadline: after those with one
    assert [task.due.days_left for task in tasks[:-1]] == [30, 30]
    assert all(task.due is None for task in tasks[-1:])
    # One style: every action names what to do with a verb, as the workflow's steps do.
    assert "Uitzetten voor advies" in actions[0]
    assert not any(action.startswith(("beoordeel", "vul")) for action in actions)
    assert more == 0


def test_remind_every_late_region_confirms_first_then_sends_and_records(
    as_office, final_round, granted_plan
):
    draft_plan_granted(final_round.programme, "AM02")
    late(final_round)
    url = reverse("round-remind-late", args=[final_round.programme.slug, final_round.code])
    page = as_office.get(url, **NL).content.decode()
    # Late are the regions asked to report (a granted plan: AM01, AM02), not all 35.
    assert page.count("herinnering per e-mail") == 2
    assert "Groningen" in page and "Friesland" in page and "Drenthe" not in page
    assert not Reminder.objects.exists() and not mail.outbox  # nothing happened yet
    with_address = re.search(r"Verstuur (\d+) herinneringen", page)
    assert with_address
    response = as_office.post(url, {"confirm": "1"})
    assert response.status_code == 302
    sent = int(with_address.group(1))
    assert Reminder.objects.filter(round=final_round).count() == sent
    assert AuditEvent.objects.filter(action="round.remind_late").count() == sent
    # Again today: nobody is reminded twice.
    as_office.post(url, {"confirm": "1"})
    assert Reminder.objects.filter(round=final_round).count() == sent


def test_bulk_accept_lists_the_choice_then_accepts_each_with_its_audit_event(
    as_office, final_round, granted_plan, demo
):
    draft_plan_granted(demo, "AM02")
    first, second = submitted(final_round, "AM01"), submitted(final_round, "AM02")
    url = reverse("round-accept-many", args=[demo.slug, final_round.code])
    choose = as_office.get(url, **NL).content.decode()
    assert f'value="{first.pk}"' in choose and f'value="{second.pk}"' in choose
    confirm = as_office.post(url, {"report": [first.pk, second.pk]}, **NL).content.decode()
    assert "U accepteert 2 rapportages" in confirm
    assert Report.objects.filter(state=ReportState.ACCEPTED).count() == 0  # not yet
    done = as_office.post(url, {"report": [first.pk, second.pk], "confirm": "1"})
    assert done.status_code == 302
    assert Report.objects.filter(state=ReportState.ACCEPTED).count() == 2
    assert AuditEvent.objects.filter(action="report.accept").count() == 2
    assert AuditEvent.objects.filter(action="round.bulk_accept").count() == 1


def test_bulk_accept_is_all_or_nothing(as_office, final_round, granted_plan, demo):
    draft_plan_granted(demo, "AM02")
    first, second = submitted(final_round, "AM01"), submitted(final_round, "AM02")
    report_flow.report_transition(report=second, action="accept", by=user("bureau"))
    url = reverse("round-accept-many", args=[demo.slug, final_round.code])
    response = as_office.post(url, {"report": [first.pk, second.pk], "confirm": "1"}, **NL)
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.state == ReportState.SUBMITTED


def test_only_the_office_takes_bulk_steps(as_region_contact, as_ministry, final_round):
    for name in ("round-remind-late", "round-accept-many"):
        url = reverse(name, args=[final_round.programme.slug, final_round.code])
        assert as_region_contact.post(url, {"confirm": "1"}).status_code == 403
        assert as_ministry.get(url).status_code == 403


def test_a_closed_programme_leaves_nothing_in_the_inbox(final_round, demo):
    """A programme that ended is history: its submitted reports and plans wait for nobody."""
    from sectorplan.programmes.constants import ProgrammeStatus

    draft_plan_granted(demo, "AM02")
    submitted(final_round, "AM02")
    tasks, _more = tasks_for(user("bureau"))
    assert any(task.url.endswith(f"/{final_round.code}/AM02/") for task in tasks)
    Programme.objects.filter(pk=demo.pk).update(status=ProgrammeStatus.CLOSED)
    tasks, more = tasks_for(user("bureau"))
    assert [task for task in tasks if task.programme == demo.name] == []
    assert more == 0
