"""The report of a region in a round, through the services: saving as one goes, what is
required, the review cycle, stale pages, closed rounds, and new questionnaire versions."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from sectorplan.core.errors import Refused
from sectorplan.monitoring import filling, report_flow, rounds
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.models import Answer
from sectorplan.monitoring.report_input import from_form
from sectorplan.monitoring.selectors import completeness, contents_of
from sectorplan.programmes.constants import RoundState
from sectorplan.workflow import Conflict
from sectorplan.workflow.history import step_history
from tests.monitoring.conftest import complete_answers, form, item_key
from tests.plans.conftest import user


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def save(report, **fields):
    return filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, form(**fields)),
    )


def test_typed_answers_are_stored_in_typed_columns(report):
    spent = item_key(report, "besteding_pct")
    done = item_key(report, "plan_afgerond")
    report, errors = save(report, **{spent: "62,5", done: "nee"})
    assert errors == {}
    answers = {a.question.code: a for a in report.answers.select_related("question")}
    assert answers["besteding_pct"].number == Decimal("62.5")
    assert answers["plan_afgerond"].code == "no"
    assert report.lock_version == 2


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("besteding_pct", "veel", "'veel' is not a number"),
        ("besteding_pct", "120", "'120' is more than 100%"),
        ("besteding_pct", "-3", "'-3' is less than 0"),
        ("plan_afgerond", "misschien", "'misschien' is not an answer to a yes/no question"),
    ],
)
def test_bad_answers_are_refused_with_the_field_and_keep_the_rest(report, code, typed, message):
    other = item_key(report, "besteding_toelichting")
    report, errors = save(report, **{item_key(report, code): typed, other: "Toelichting"})
    assert message in errors[item_key(report, code)]
    assert not report.answers.filter(question__code=code).exists()
    assert report.answers.get(question__code="besteding_toelichting").text == "Toelichting"


def test_money_with_three_decimals_is_refused(report):
    contents = contents_of(report)
    activity = contents.activities[0]
    report, errors = save(
        report, **{f"a{activity.pk}_status": "loopt_door", f"a{activity.pk}_spent": "1234,567"}
    )
    assert errors[f"a{activity.pk}_spent"] == "An amount has at most two decimals (cents)."
    progress = report.progress.get()
    assert progress.status == "loopt_door" and progress.spent is None


def test_a_stale_page_is_refused_rather_than_overwriting(report):
    key = item_key(report, "besteding_toelichting")
    stale = report.lock_version
    save(report, **{key: "Eerste tab"})
    with pytest.raises(Conflict):
        filling.report_save(
            report=report,
            by=user("regio-am01"),
            lock_version=stale,
            given=from_form(report, form(**{key: "Tweede tab"})),
        )
    assert (
        Answer.objects.get(report=report, question__code="besteding_toelichting").text
        == "Eerste tab"
    )


def test_submit_needs_the_required_answers_and_names_what_is_missing(report):
    with pytest.raises(Refused, match=r"Still to fill in: .*Has the plan been carried out in full"):
        report_flow.report_transition(report=report, action="submit", by=user("regio-am01"))
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_a_condition_asks_a_question_only_when_it_applies(report):
    done, when = item_key(report, "plan_afgerond"), item_key(report, "verwachte_afronding")
    data = complete_answers(report)
    data[done] = "no"
    data.pop(when)
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, data),
    )
    report.refresh_from_db()
    missing = contents_of(report).missing()
    assert ("When do you expect to finish the plan?", when) in missing
    report, _ = save(report, **{done: "yes", when: "Typed before changing my mind"})
    assert contents_of(report).missing() == []
    report = report_flow.report_transition(report=report, action="submit", by=user("regio-am01"))
    # The hidden question's answer is not part of the submitted report.
    assert not report.answers.filter(question__code="verwachte_afronding").exists()


def test_the_review_cycle_with_comments_per_question(report, django_capture_on_commit_callbacks):
    region, office = user("regio-am01"), user("bureau")
    data = complete_answers(report)
    report, errors = filling.report_save(
        report=report, by=region, lock_version=report.lock_version, given=from_form(report, data)
    )
    assert errors == {}
    with django_capture_on_commit_callbacks(execute=True):
        report = report_flow.report_transition(report=report, action="submit", by=region)
    assert report.state == ReportState.SUBMITTED and report.submissions == 1
    assert mail.outbox[-1].to == ["bureau@example.org"]

    with pytest.raises(Refused, match="Say what the region should change"):
        report_flow.report_transition(report=report, action="return", by=office)
    question = report.questionnaire.questions.get(code="besteding_pct")
    with django_capture_on_commit_callbacks(execute=True):
        report = report_flow.report_transition(
            report=report,
            action="return",
            by=office,
            comments={(question.pk, None): "80% lijkt hoog; klopt dit?"},
        )
    assert report.state == ReportState.RETURNED
    comment = report.comments.get()
    assert (comment.question, comment.submission) == (question, 1)
    assert mail.outbox[-1].to == ["regio-am01@example.org"]
    assert "/rondes/" in mail.outbox[-1].body

    report, _ = save(report, **{item_key(report, "besteding_pct"): "55"})
    report = report_flow.report_transition(report=report, action="submit", by=region)
    assert report.submissions == 2
    report = report_flow.report_transition(report=report, action="accept", by=office)
    assert report.state == ReportState.ACCEPTED and report.accepted_at

    with pytest.raises(Refused, match="reason"):
        report_flow.report_transition(report=report, action="reopen", by=office)
    report = report_flow.report_transition(
        report=report, action="reopen", by=office, note="Bedrag besteed ontbreekt per activiteit"
    )
    assert report.state == ReportState.RETURNED
    actions = [event.action for event in step_history(report)]
    assert actions == ["start", "submit", "return", "submit", "accept", "reopen"]
    assert report.history.count() >= 6


def test_only_the_region_contact_fills_in_and_only_the_office_reviews(report):
    with pytest.raises(Refused):
        save_as(report, "gemeente-am01")
    with pytest.raises(Refused):
        save_as(report, "regio-am02")
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    report.refresh_from_db()
    report = report_flow.report_transition(report=report, action="submit", by=user("regio-am01"))
    for username in ("szw", "vng", "regio-am01"):
        with pytest.raises(Refused, match="may not take this step"):
            report_flow.report_transition(report=report, action="accept", by=user(username))


def save_as(report, username):
    return filling.report_save(
        report=report,
        by=user(username),
        lock_version=report.lock_version,
        given=from_form(report, form(**{item_key(report, "besteding_toelichting"): "x"})),
    )


def test_a_closed_round_takes_no_answers(report, final_round):
    rounds.round_set_state(round_=final_round, state=RoundState.CLOSED, by=user("bureau"))
    report.refresh_from_db()
    with pytest.raises(Refused, match="closed"):
        save(report, **{item_key(report, "besteding_toelichting"): "Te laat"})
    assert not report.answers.exists()
    with pytest.raises(Refused, match="not possible"):
        rounds.round_set_state(round_=final_round, state=RoundState.CLOSED, by=user("bureau"))


def test_per_theme_questions_are_answered_once_per_theme(report, demo):
    themes = list(demo.themes.all())
    keys = {theme: item_key(report, "bereikt", theme) for theme in themes}
    report, errors = save(report, **{key: f"Bereikt in {t.code}" for t, key in keys.items()})
    assert errors == {}
    assert report.answers.filter(question__code="bereikt").count() == len(themes)


def test_multiple_choices_are_stored_as_rows_and_can_be_cleared(report):
    key = item_key(report, "vormen")
    codes = list(
        report.questionnaire.questions.get(code="vormen").choices.values_list("code", flat=True)
    )
    report, errors = save(report, **{key: codes[:2]})
    assert errors == {}
    answer = report.answers.get(question__code="vormen")
    assert sorted(answer.choices.values_list("code", flat=True)) == sorted(codes[:2])
    report, errors = save(report, **{f"{key}__seen": "1"})
    assert not report.answers.filter(question__code="vormen").exists()
    report, errors = save(report, **{key: ["nonsense"]})
    assert "is not one of the choices" in errors[key]


def test_a_new_questionnaire_version_leaves_answered_reports_alone(report, final_round, demo):
    save(report, **{item_key(report, "besteding_toelichting"): "Al begonnen"})
    other = report_flow.report_start(
        round_=final_round, region=demo.region_set.regions.get(code="AM02"), by=user("regio-am02")
    )
    content = (
        b'[[sections]]\ncode = "kort"\nlabel_nl = "Kort"\nquestions = [\n'
        b'  { code = "klaar", kind = "yes_no", required = true, label_nl = "Klaar?" },\n]\n'
    )
    version = rounds.questionnaire_replace(round_=final_round, content=content, by=user("bureau"))
    assert version.version == 2
    report.refresh_from_db()
    other.refresh_from_db()
    assert report.questionnaire.version == 1
    assert other.questionnaire == version
    with pytest.raises(Refused, match="kind must be one of"):
        rounds.questionnaire_replace(
            round_=final_round,
            content=b'questions = [{ code = "x", kind = "essay", label_nl = "X" }]',
            by=user("bureau"),
        )


def test_completeness_counts_required_parts_and_days_late(report, final_round, demo):
    from datetime import timedelta

    rows = completeness(demo, today=final_round.deadline + timedelta(days=5))
    assert len(rows) == 35
    by_code = {region.code: cells for region, cells in rows}
    final = by_code["AM01"][-1]
    assert final.state == ReportState.DRAFT and final.answered == 0 and final.required > 10
    assert final.days_late == 5
    # AM02 has no granted plan: it is not asked to report, and is never late.
    assert by_code["AM02"][-1].state == "not_asked" and by_code["AM02"][-1].days_late is None
    filling.report_save(
        report=report,
        by=user("regio-am01"),
        lock_version=report.lock_version,
        given=from_form(report, complete_answers(report)),
    )
    rows = completeness(demo, today=final_round.deadline)
    final = dict((region.code, cells) for region, cells in rows)["AM01"][-1]
    assert final.answered == final.required and final.share == 100 and final.days_late is None


def test_a_closed_round_counts_no_days_for_a_report_that_never_came(report, final_round, demo):
    from datetime import timedelta

    rounds.round_set_state(round_=final_round, state=RoundState.CLOSED, by=user("bureau"))
    final_round.refresh_from_db()
    rows = dict(completeness(demo, today=final_round.deadline + timedelta(days=400)))
    am01 = next(cells for region, cells in rows.items() if region.code == "AM01")
    assert am01[-1].state == ReportState.DRAFT and am01[-1].days_late is None


def test_the_overview_counts_the_same_required_parts_as_the_report_page(report, demo, granted_plan):
    from sectorplan.plans.models import IndicatorTarget

    indicator = demo.indicators.first()
    IndicatorTarget.objects.create(plan=granted_plan, indicator=indicator, target=Decimal(5))
    activity = contents_of(report).activities[0]
    report, errors = save(
        report,
        **{item_key(report, "plan_afgerond"): "no", f"a{activity.pk}_status": "gestopt"},
    )
    assert errors == {}
    parts = contents_of(report).required()
    cell = dict(completeness(demo))
    am01 = next(cells for region, cells in cell.items() if region.code == "AM01")[-1]
    assert (am01.answered, am01.required) == (sum(f for _t, _k, f in parts), len(parts))
    assert any(key == f"i{indicator.pk}" and not filled for _t, key, filled in parts)
    assert any(key == f"a{activity.pk}" and filled for _t, key, filled in parts)
