"""The dashboard's key figures, the rows behind a number (drill-down), and a region's
results. Counting follows tables.py: plans submitted or later, reports submitted or
accepted."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Sum

from sectorplan.accounts.models import AuditEvent
from sectorplan.monitoring.constants import COUNTED_STATES, ReportState
from sectorplan.monitoring.models import ActivityProgress, Answer, Report
from sectorplan.monitoring.selectors import asked_region_ids
from sectorplan.plans.constants import SUBMITTED_OR_LATER, PlanState
from sectorplan.plans.models import Activity, Payment, Plan
from sectorplan.plans.selectors import plans_for_overview
from sectorplan.programmes.constants import YesNo
from sectorplan.programmes.models import ActivityType, Programme, Region, ReportTable, Round
from sectorplan.programmes.selectors import allocation_published
from sectorplan.reporting.models import PICKS_SAVED, TEXTS_SAVED

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass
class PeopleRow:
    activity_type: ActivityType
    planned: int
    realised: int


@dataclass
class RoundRow:
    round: Round
    submitted: int
    accepted: int
    regions: int


@dataclass
class KeyFigures:
    allocated: Decimal | None
    asked: Decimal
    granted: Decimal
    #: Co-financing of the granted plans: with `granted`, the budget spending counts against.
    granted_cofinancing: Decimal
    paid: Decimal
    spent: Decimal
    plans: int
    plans_by_state: list[tuple[str, str, int]]
    people: list[PeopleRow] = field(default_factory=list)
    rounds: list[RoundRow] = field(default_factory=list)
    #: Payments registered (instalments).
    payments: int = 0
    #: `spent` split into subsidy and co-financing (see `spent_split`).
    spent_subsidy: Decimal = ZERO
    spent_cofinancing: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        """Granted subsidy not paid yet."""
        return max(self.granted - self.paid, ZERO)

    @property
    def spent_subsidy_share(self) -> Decimal | None:
        """Spent subsidy as a fraction of the granted subsidy."""
        return self.spent_subsidy / self.granted if self.granted else None

    @property
    def spent_cofinancing_share(self) -> Decimal | None:
        """Spent co-financing as a fraction of the co-financing of the granted plans."""
        cofinancing = self.granted_cofinancing
        return self.spent_cofinancing / cofinancing if cofinancing else None

    @property
    def spent_share(self) -> Decimal | None:
        """Reported spending (subsidy and co-financing) as a fraction of what was granted
        plus the co-financing of the granted plans."""
        budget = self.granted + self.granted_cofinancing
        return self.spent / budget if budget else None


def key_figures(programme: Programme, round_: Round | None) -> KeyFigures:
    plans = list(plans_for_overview(programme))
    counted = [plan for plan in plans if plan.state in SUBMITTED_OR_LATER]
    allocation = allocation_published(programme)
    by_state = {state: 0 for state in PlanState.values}
    for plan in plans:
        by_state[plan.state] += 1
    figures = KeyFigures(
        allocated=allocation.total_subsidy if allocation else None,
        asked=sum((plan.total_subsidy for plan in counted), ZERO),
        granted=sum((plan.granted_amount or ZERO for plan in plans), ZERO),
        granted_cofinancing=sum(
            (plan.total_cofinancing for plan in plans if plan.granted_amount is not None), ZERO
        ),
        paid=sum((plan.paid_amount or ZERO for plan in plans), ZERO),
        spent=ZERO,
        plans=len(plans),
        plans_by_state=[(s, label, by_state[s]) for s, label in PlanState.choices],
    )
    figures.payments = Payment.objects.filter(plan__programme=programme).count()
    figures.spent_subsidy, figures.spent_cofinancing = spent_split(round_)
    figures.spent = figures.spent_subsidy + figures.spent_cofinancing
    planned = dict(
        Activity.objects.filter(plan__in=counted)
        .values("activity_type_id")
        .annotate(people=Sum("people_per_year"))
        .values_list("activity_type_id", "people")
    )
    realised = (
        dict(
            ActivityProgress.objects.filter(report__round=round_, report__state__in=COUNTED_STATES)
            .values("activity__activity_type_id")
            .annotate(people=Sum("people_reached"))
            .values_list("activity__activity_type_id", "people")
        )
        if round_
        else {}
    )
    figures.people = [
        PeopleRow(t, planned.get(t.pk) or 0, realised.get(t.pk) or 0)
        for t in programme.activity_types.select_related("theme")
    ]
    states = {
        (row["round_id"], row["state"]): row["n"]
        for row in Report.objects.filter(round__programme=programme)
        .values("round_id", "state")
        .annotate(n=Count("id"))
    }
    # Out of the regions asked to report (with a granted plan), as the round overview counts.
    regions = len(asked_region_ids(programme))
    figures.rounds = [
        RoundRow(
            r,
            sum(states.get((r.pk, s), 0) for s in COUNTED_STATES),
            states.get((r.pk, ReportState.ACCEPTED), 0),
            regions,
        )
        for r in programme.rounds.all()
    ]
    return figures


def spent_split(round_: Round | None) -> tuple[Decimal, Decimal]:
    """What the submitted and accepted reports of the round say was spent, added up, as
    (subsidy, co-financing). A region reports one amount per activity; it is split the way
    the activity's budget splits subsidy and co-financing (to the cent, the rest to
    co-financing), so the two add up to what was reported."""
    if round_ is None:
        return ZERO, ZERO
    progress = ActivityProgress.objects.filter(
        report__round=round_, report__state__in=COUNTED_STATES, spent__isnull=False
    )
    budgets = {
        pk: (subsidy or ZERO, cofinancing or ZERO)
        for pk, subsidy, cofinancing in Activity.objects.filter(
            pk__in=progress.values("activity_id")
        )
        .annotate(
            subsidy=Sum("budget_lines__subsidy"), cofinancing=Sum("budget_lines__cofinancing")
        )
        .values_list("pk", "subsidy", "cofinancing")
    }
    subsidy = cofinancing = ZERO
    for activity_id, spent in progress.values_list("activity_id", "spent"):
        budget_subsidy, budget_cofinancing = budgets.get(activity_id, (ZERO, ZERO))
        budget = budget_subsidy + budget_cofinancing
        part = (spent * budget_subsidy / budget).quantize(CENT) if budget else spent
        subsidy += part
        cofinancing += spent - part
    return subsidy, cofinancing


# --- drill-down ------------------------------------------------------------------------------


def regions_with_activity_type(programme: Programme, activity_type: ActivityType) -> list[Region]:
    """The regions whose plan (submitted or later) has an activity of this type."""
    return list(
        Region.objects.filter(
            plans__programme=programme,
            plans__state__in=SUBMITTED_OR_LATER,
            plans__activities__activity_type=activity_type,
        )
        .distinct()
        .order_by("code")
    )


NO_ANSWER = "none"


def regions_by_answer(
    report_table: ReportTable, row_code: str, column: str, round_: Round
) -> dict[str, list[Region]]:
    """Who answered what in one cell of a yes/no table: yes, no, unknown, and the counted
    reports that left it empty (`none`)."""
    answers = Answer.objects.filter(
        question__table_row__table=report_table,
        question__table_row__code=row_code,
        question__table_column=column,
        report__round=round_,
        report__state__in=COUNTED_STATES,
    ).select_related("report__region")
    groups: dict[str, list[Region]] = {code: [] for code in (*YesNo.values, NO_ANSWER)}
    answered = set()
    for answer in answers:
        groups[answer.code].append(answer.report.region)
        answered.add(answer.report.region_id)
    groups[NO_ANSWER] = [
        report.region
        for report in Report.objects.filter(round=round_, state__in=COUNTED_STATES)
        .exclude(region_id__in=answered)
        .select_related("region")
    ]
    return {code: sorted(regions, key=lambda r: r.code) for code, regions in groups.items()}


# --- one region ------------------------------------------------------------------------------


def region_plan(programme: Programme, region: Region) -> Plan | None:
    return plans_for_overview(programme).filter(region=region).first()


# --- the final report ------------------------------------------------------------------------


@dataclass
class Spending:
    budget: Decimal  # subsidy and co-financing of the activities in plans submitted or later
    spent: Decimal  # what the counted reports of the round say was spent on them


def spending_by_activity_type(programme: Programme, round_: Round | None) -> dict[int, Spending]:
    """Activity type id → budget planned and spent (two queries)."""
    budget = dict(
        Activity.objects.filter(plan__programme=programme, plan__state__in=SUBMITTED_OR_LATER)
        .values("activity_type_id")
        .annotate(total=Sum("budget_lines__subsidy") + Sum("budget_lines__cofinancing"))
        .values_list("activity_type_id", "total")
    )
    spent = (
        dict(
            ActivityProgress.objects.filter(report__round=round_, report__state__in=COUNTED_STATES)
            .values("activity__activity_type_id")
            .annotate(total=Sum("spent"))
            .values_list("activity__activity_type_id", "total")
        )
        if round_
        else {}
    )
    return {
        t.pk: Spending(budget.get(t.pk) or ZERO, spent.get(t.pk) or ZERO)
        for t in programme.activity_types.all()
    }


def report_plans(programme: Programme) -> dict[int, Plan]:
    """Region id → its plan with totals (as `plans_for_overview`) and its companies."""
    return {
        plan.region_id: plan
        for plan in plans_for_overview(programme).prefetch_related("companies").order_by("pk")
    }


def plans_per_theme(programme: Programme) -> dict[int, int]:
    """Theme id → plans (submitted or later) with at least one activity of that theme."""
    return dict(
        Activity.objects.filter(plan__programme=programme, plan__state__in=SUBMITTED_OR_LATER)
        .values("activity_type__theme_id")
        .annotate(plans=Count("plan_id", distinct=True))
        .values_list("activity_type__theme_id", "plans")
    )


def report_texts_saved_at(programme: Programme) -> datetime | None:
    """When the office last changed its texts or picks of the final report, as the audit
    trail recorded it (on the programme; one query on the trail's object index)."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Programme),
        object_id=programme.pk,
        action__in=(TEXTS_SAVED, PICKS_SAVED),
    ).aggregate(at=Max("at"))["at"]
