"""The demo's 35 plans: realistic states, plausible coverage, money that adds up."""

from collections import Counter
from datetime import date
from decimal import ROUND_DOWN, Decimal

import pytest
from django.db.models import Count, Sum

from sectorplan.accounts.models import AuditEvent
from sectorplan.cli.demo import demo_load
from sectorplan.cli.demo_plans import PAYMENT_REFERENCE, demo_plans_load
from sectorplan.plans.constants import ExtensionState, PlanState
from sectorplan.plans.models import (
    Activity,
    Advice,
    BudgetLine,
    Decision,
    Extension,
    Payment,
    Plan,
    PlanVersion,
    ReviewComment,
    Settlement,
)
from sectorplan.plans.selectors import participants_in_no_plan, plan_allocation, plan_totals
from sectorplan.workflow.history import step_history
from tests.conftest import kept

#: Plans per activity type, as the Cedris web page reports them (DOMAIN §2).
COVERAGE = {
    "werk_naar_werk": 31,
    "passend_werk": 26,
    "werkfit": 26,
    "kennisdeling": 29,
    "jobcoaching": 27,
    "functiecreatie": 23,
    "overige_expertise": 17,
    "werkgeversdienstverlening": 30,
    "detacheringsfaciliteit": 22,
    "joint_venture": 22,
    "beschut_werk": 21,
    "overige_infrastructuur": 14,
}
STATES = {
    PlanState.GRANTED: 24,
    PlanState.SETTLED: 3,
    PlanState.SUBMITTED: 2,
    PlanState.IN_ADVICE: 2,
    PlanState.CHANGES_REQUESTED: 2,
    PlanState.AT_MUNICIPALITY: 1,
    PlanState.DRAFT: 1,
}
DECIDED = (PlanState.GRANTED, PlanState.SETTLED)


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The demo with its plans, loaded once for this module (it takes seconds) and rolled
    back after it; each test runs in a savepoint inside."""

    def load():
        programme = demo_load()
        demo_plans_load(programme)  # a no-op where demo_load() has loaded the plans already
        return programme

    yield from kept(django_db_blocker, load)


@pytest.fixture
def demo(loaded_once, db):
    """This module's stand-in for the shared `demo` fixture (tests/conftest.py)."""
    return loaded_once


@pytest.fixture
def plans(demo):
    return Plan.objects.filter(programme=demo)


def test_the_demo_has_one_plan_per_region_in_realistic_states(demo, plans):
    assert plans.count() == 35
    assert Counter(plans.values_list("state", flat=True)) == STATES
    late = plans.get(state=PlanState.DRAFT)
    assert demo.plan_deadline < date.today()  # the draft is late
    assert late.activities.exists()
    assert plans.get(region__code="AM30").state == PlanState.GRANTED


def test_coverage_over_the_activity_types_is_the_reported_one(plans):
    covered = Counter(
        Activity.objects.filter(plan__in=plans)
        .values_list("plan_id", "activity_type__code")
        .distinct()
        .values_list("activity_type__code", flat=True)
    )
    assert covered == COVERAGE
    sizes = plans.annotate(n=Count("activities")).values_list("n", flat=True)
    assert min(sizes) >= 3 and max(sizes) <= 9


def test_every_activity_is_filled_in(plans):
    for activity in Activity.objects.filter(plan__in=plans).prefetch_related("budget_lines"):
        assert activity.title and activity.target_group and activity.planned_results
        assert activity.people_per_year and activity.people_per_year > 0
        assert 1 <= len(activity.budget_lines.all()) <= 2


def test_every_plan_stays_within_its_allocation_and_is_co_financed(demo, plans):
    ratio = demo.cofinancing_ratio
    for plan in plans:
        allocation = plan_allocation(plan).subsidy
        totals = plan_totals(plan)
        # 95–100% of the allocation, in whole euros.
        assert (allocation * Decimal("0.95")).to_integral_value(ROUND_DOWN) <= totals.subsidy
        assert totals.subsidy <= allocation, plan
        assert totals.subsidy == totals.subsidy.to_integral_value(), plan
        assert totals.cofinancing >= ratio * totals.subsidy, plan
        assert plan.title and plan.summary and plan.contact_name
    lines = BudgetLine.objects.filter(activity__plan__in=plans)
    assert not lines.filter(subsidy__lt=0).exists()
    assert set(lines.values_list("cofinancing_source", flat=True)) == {
        "centrumgemeente",
        "sw_bedrijf",
    }
    assert not participants_in_no_plan(demo).exists()


def test_every_decided_plan_was_advised_granted_and_paid_in_full(plans):
    decided = plans.filter(state__in=DECIDED)
    assert decided.count() == 27
    for plan in decided:
        decision = plan.decisions.get()
        assert decision.granted and decision.decided_on == date(2015, 10, 15)
        assert decision.amount == plan_totals(plan).subsidy
        assert decision.decided_by.username == "szw"
        advisers = [a.author.username for a in plan.advices.order_by("created_at", "id")]
        assert advisers == ["bureau", "vng", "sociale-partners"]
        payment = plan.payments.get()
        assert payment.amount == decision.amount
        assert payment.paid_on == date(2015, 12, 15)
        assert payment.reference == PAYMENT_REFERENCE
    assert not Decision.objects.filter(plan__in=plans.exclude(state__in=DECIDED)).exists()
    assert not Payment.objects.filter(plan__in=plans.exclude(state__in=DECIDED)).exists()


def test_a_quarter_got_more_time_and_three_are_settled(plans):
    extended = Extension.objects.filter(plan__in=plans)
    assert extended.count() == 8
    for extension in extended.select_related("plan"):
        assert extension.state == ExtensionState.GRANTED
        assert extension.new_end_date.year == 2017
        assert extension.plan.ends_on == extension.new_end_date
        assert extension.reason and extension.decided_by.username == "bureau"
    assert plans.get(region__code="AM30").ends_on == date(2017, 10, 31)
    settled = Settlement.objects.filter(plan__in=plans).select_related("plan")
    assert settled.count() == 3
    for settlement in settled:
        granted = settlement.plan.decisions.get().amount
        assert granted * Decimal("0.9") <= settlement.amount <= granted
        assert settlement.settled_on.year == 2017
        assert settlement.plan.state == PlanState.SETTLED


def test_the_open_plans_wait_where_they_should(plans):
    for plan in plans.filter(state=PlanState.CHANGES_REQUESTED):
        comments = plan.comments.filter(version=plan.versions.last())
        assert comments.count() >= 1
        assert {c.author.username for c in comments} == {"bureau"}
    in_advice = plans.filter(state=PlanState.IN_ADVICE)
    assert sorted(in_advice.annotate(n=Count("advices")).values_list("n", flat=True)) == [0, 1]
    assert Advice.objects.get(plan__in=in_advice).author.username == "bureau"
    for plan in plans.filter(state__in=[PlanState.AT_MUNICIPALITY, PlanState.SUBMITTED]):
        assert plan.versions.count() == 1
    late = plans.get(state=PlanState.DRAFT)
    assert not late.versions.exists() and not step_history(late)


def test_every_step_was_taken_by_the_role_that_may_take_it(plans):
    actors = {
        "submit": "regio-",
        "confirm_cofinancing": "gemeente-",
        "request_changes": "bureau",
        "open_advice": "bureau",
        "grant": "szw",
        "register_payment": "bureau",
        "request_extension": "regio-",
        "decide_extension": "bureau",
        "settle": "bureau",
    }
    for plan in plans.select_related("region"):
        for event in step_history(plan):
            if event.action in actors:
                expected = actors[event.action]
                if expected.endswith("-"):
                    expected += plan.region.code.lower()
                assert event.by.username == expected, event
    # Some plans were adjusted before approval: a second version, with what changed.
    revised = plans.filter(state__in=DECIDED).annotate(n=Count("versions")).filter(n=2)
    assert revised.count() == 6
    for plan in revised:
        assert plan.comments.exists()
        old, new = plan.versions.all()
        assert old.snapshot["activities"][0]["target_group"] == ""
        assert new.snapshot["activities"][0]["target_group"]


def test_loading_the_demo_again_changes_nothing(demo, plans):
    def counts():
        return {
            model.__name__: model.objects.count()
            for model in (
                Plan,
                Activity,
                BudgetLine,
                PlanVersion,
                AuditEvent,
                ReviewComment,
                Advice,
                Decision,
                Payment,
                Extension,
                Settlement,
                Plan.history.model,
            )
        } | {"subsidy": BudgetLine.objects.aggregate(total=Sum("subsidy"))["total"]}

    before = counts()
    assert demo.plans.count() == 35
    demo_plans_load(demo_load())
    assert counts() == before


def test_the_live_programme_has_a_plan_its_region_can_edit_written_lately(demo):
    """The model programme is closed, so nothing in it can be edited; the live programme has
    the plan a region is writing, sent back with comments in the last weeks, with activities
    inside the live programme's own period (issue 22)."""
    from django.utils import timezone

    from sectorplan.accounts.models import User
    from sectorplan.cli.demo_live import LIVE_SLUG, WRITING
    from sectorplan.plans.selectors import edit_refusal, may_edit
    from sectorplan.programmes.models import Programme

    assert demo.is_closed
    assert all(edit_refusal(plan) for plan in Plan.objects.filter(programme=demo))
    live = Programme.objects.get(slug=LIVE_SLUG)
    writing = Plan.objects.filter(programme=live, region__code__in=WRITING).select_related(
        "programme", "region"
    )
    assert writing.count() == len(WRITING) >= 1
    today = timezone.localdate()
    for plan in writing:
        contact = User.objects.get(username=f"regio-{plan.region.code.lower()}")
        assert edit_refusal(plan) == "" and may_edit(contact, plan)
        assert plan.state == PlanState.CHANGES_REQUESTED
        assert plan.comments.exists()
        days = [timezone.localdate(event.at) for event in step_history(plan)]
        assert days and all(today - date.resolution * 30 <= day <= today for day in days), days
        for activity in plan.activities.all():
            assert live.starts_on <= activity.starts_on <= activity.ends_on <= live.ends_on


def test_the_live_plan_being_written_works_to_a_deadline_still_to_come(demo):
    """The live programme still takes plans: the plan being written (sent back in the last
    weeks) works to a plan deadline after today, not the one of a year ago; the decisions'
    deadline follows it, before the plans' execution ends (issue 22)."""
    from django.utils import timezone

    from sectorplan.cli.demo_live import LIVE_SLUG, WRITING
    from sectorplan.plans.deadlines import plan_deadline
    from sectorplan.programmes.models import Programme

    live = Programme.objects.get(slug=LIVE_SLUG)
    today = timezone.localdate()
    writing = Plan.objects.filter(programme=live, region__code__in=WRITING)
    assert writing.exists()
    for plan in writing:
        deadline = plan_deadline(live, plan.state)
        assert deadline is not None and today < deadline, (plan.state, deadline)
    assert today < live.plan_deadline < live.review_deadline < live.execution_ends_on


def test_the_live_programme_s_past_is_dated_on_its_own_calendar(demo):
    """The live programme was not set up on the day the demo was loaded: its allocation was
    published just after it started, and its granted plans were imported, decided and paid
    on the day the decisions were due, long before today (issue 22)."""
    from datetime import timedelta

    from django.utils import timezone

    from sectorplan.cli.demo_live import LIVE_SLUG
    from sectorplan.programmes.models import Programme

    live = Programme.objects.get(slug=LIVE_SLUG)
    today = timezone.localdate()
    published = timezone.localdate(live.allocation_publications.get().published_at)
    assert live.starts_on < published < live.starts_on + timedelta(days=31) < today
    granted = Plan.objects.filter(programme=live, state=PlanState.GRANTED)
    assert granted.exists()
    for plan in granted:
        days = {timezone.localdate(event.at) for event in step_history(plan)}
        assert days and max(days) < today - timedelta(days=90), (plan.region_id, days)
        assert all(live.starts_on <= day for day in days), days


def test_the_live_programme_s_plans_have_targets_its_reports_realise(demo):
    """The granted plans of the live programme aim at what the model programme's plans of
    the same regions aimed at, so its round page adds targets up, and its reports realise
    part of them (no table of zeros)."""
    from sectorplan.cli.demo_live import LIVE_SLUG
    from sectorplan.monitoring.selectors import indicator_totals
    from sectorplan.plans.models import IndicatorTarget
    from sectorplan.programmes.models import Programme

    live = Programme.objects.get(slug=LIVE_SLUG)
    granted = Plan.objects.filter(programme=live, state=PlanState.GRANTED)
    for plan in granted.select_related("region"):
        model = Plan.objects.get(programme=demo, region=plan.region)
        assert sorted(
            (t.indicator.code, t.target) for t in plan.targets.select_related("indicator")
        ) == sorted((t.indicator.code, t.target) for t in model.targets.select_related("indicator"))
    assert IndicatorTarget.objects.filter(plan__programme=live).exists()
    assert all(total.target > 0 for total in indicator_totals(live))
