"""The live demo programme: the same template as the model programme, with its calendar
moved so that today falls inside it. The model programme `sw-2015` is finished history;
this one shows what a running programme looks like today: a region's inbox, a deadline just
past with days late, a round still to come, reminders due.

Every date of the programme and its rounds moves by the same number of days, so the
template's own calendar (the order of rounds, the periods reported on) stays as it is: the
deadline of the programme's second round falls `LATE_BY` days before today. Earlier rounds
are closed, that round is open, later rounds are not open yet. Only the plan deadline (and
the decisions' after it) then moves on to just after today: the programme still takes plans,
so the plan being written works to a deadline still to come.

Ten regions have a plan, imported as granted (`import-plans --state decided`, recorded as an
import) and paid a first instalment; the reports are written by the regions' contacts through
the monitoring services, as in `sw-2015`. The regions under `writing` are still writing their
plan: written in the last three weeks, submitted and sent back with comments, so the live demo
has a plan its region can edit (the model programme, closed, has none). The other regions have
no plan and so are asked for no report.

Idempotent: an existing live programme is left alone.
"""

import tomllib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from sectorplan.accounts.models import User
from sectorplan.cli.demo_calendar import (
    DemoCalendar,
    allocation_publish_at_start,
    demo_calendar_follow_plan,
    moment,
)
from sectorplan.cli.demo_plans import ACTIVITIES_START, _PlanLoader
from sectorplan.cli.demo_plans import DATA_FILE as PLANS_FILE
from sectorplan.cli.demo_reports import DATA_FILE as REPORTS_FILE
from sectorplan.cli.demo_reports import _Report
from sectorplan.core import clock
from sectorplan.core.tabular import Row
from sectorplan.monitoring import rounds
from sectorplan.plans.constants import PlanState
from sectorplan.plans.imports import plans_import
from sectorplan.plans.models import IndicatorTarget
from sectorplan.plans.selectors import plans_for_overview
from sectorplan.plans.services import plan_transition
from sectorplan.programmes.constants import ProgrammeStatus, RoundState
from sectorplan.programmes.models import Programme, Round
from sectorplan.programmes.services import basis_import_file, programme_create

LIVE_SLUG = "sw-live"
LIVE_NAME = "Regionale werkprogramma's (lopend voorbeeld)"
#: The open round's deadline lies this many days before today: reminders and days late show.
LATE_BY = 3
#: The regions with a plan and how far their reports in the open round got (data).
LIVE_DATA = tomllib.loads(
    (Path(__file__).resolve().parent / "demo_data" / "live.toml").read_text(encoding="utf-8")
)
REGIONS: list[str] = LIVE_DATA["regions"]
OPEN_ROUND_STATES: dict[str, str] = LIVE_DATA["open_round_states"]
WRITING: list[str] = LIVE_DATA["writing"]
#: The plans being written were started this many days ago; each step follows three days on.
WRITING_SINCE = 21
#: Plans are still taken in: the plan deadline lies this many days after today (the review's
#: deadline follows it as far as the template has it follow).
PLANS_DUE_IN = 14
#: The share of the granted subsidy paid as the first instalment.
FIRST_INSTALMENT = Decimal("0.6")
PROGRAMME_DATES = ("starts_on", "ends_on", "plan_deadline", "review_deadline", "execution_ends_on")
ROUND_DATES = ("opens_on", "deadline", "period_starts_on", "period_ends_on")


def demo_live_load(model: Programme, basis_file, *, today: date | None = None) -> Programme:
    """The live programme, made once next to the model programme `model` (whose plans it
    takes over for `REGIONS`)."""
    existing = Programme.objects.filter(slug=LIVE_SLUG).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    office = User.objects.get(username="bureau")
    programme = programme_create(slug=LIVE_SLUG, name=LIVE_NAME, budget=Decimal("30000000"))
    programme.basis_is_illustrative = True
    programme.status = ProgrammeStatus.RUNNING
    programme.save(update_fields=["basis_is_illustrative", "status"])
    anchor = _move_calendar(programme, today)
    with clock.at(moment(programme.starts_on)):
        basis_import_file(programme=programme, source=basis_file)
    allocation_publish_at_start(programme)
    # The plans are granted and paid on the day the decisions were due: the trail, the
    # decisions and the payments say so (not the day the demo is loaded).
    with clock.at(moment(programme.review_deadline or programme.starts_on)):
        _import_plans(programme, model, office)
        _pay_first_instalment(programme, office)
    for plan in programme.plans.filter(region__code__in=REGIONS):
        demo_calendar_follow_plan(plan)
    _keep_plans_open(programme, today)
    _write_plans(programme, model, today)
    data = tomllib.loads(REPORTS_FILE.read_text(encoding="utf-8"))
    plans = programme.plans.filter(state=PlanState.GRANTED).select_related("region")
    for round_ in programme.rounds.order_by("position"):
        if round_.position > anchor.position:
            break
        round_ = rounds.round_set_state(round_=round_, state=RoundState.OPEN, by=office)
        states = OPEN_ROUND_STATES if round_.pk == anchor.pk else {}
        data["states"][round_.code] = {code: str(state) for code, state in states.items()}
        for plan in plans.order_by("region__code"):
            _Report(round_, plan.region, data, office).load()
        if round_.pk != anchor.pk:
            rounds.round_set_state(round_=round_, state=RoundState.CLOSED, by=office)
    return programme


def _move_calendar(programme: Programme, today: date) -> Round:
    """Move every date of the programme and its rounds by the same days, so that the second
    round's deadline (the first's, when there is one round) lies `LATE_BY` days before
    today. Returns that round."""
    rounds = list(programme.rounds.order_by("position"))
    anchor = rounds[1] if len(rounds) > 1 else rounds[0]
    shift = (today - timedelta(days=LATE_BY)) - anchor.deadline
    programme.refresh_from_db()
    for item, names in [(programme, PROGRAMME_DATES), *((r, ROUND_DATES) for r in rounds)]:
        for name in names:
            if getattr(item, name) is not None:
                setattr(item, name, getattr(item, name) + shift)
        item.save(update_fields=list(names))
    return Round.objects.get(pk=anchor.pk)


def _keep_plans_open(programme: Programme, today: date) -> None:
    """The programme still takes plans: its plan deadline moves to `PLANS_DUE_IN` days after
    today, and the decisions' deadline as far after it as the template has it, so a plan
    being written works to a deadline still to come (the granted plans came in early)."""
    programme.refresh_from_db()
    if programme.plan_deadline is None:
        return
    review_takes = (programme.review_deadline or programme.plan_deadline) - programme.plan_deadline
    programme.plan_deadline = today + timedelta(days=PLANS_DUE_IN)
    if programme.review_deadline is not None:
        programme.review_deadline = programme.plan_deadline + review_takes
    programme.save(update_fields=["plan_deadline", "review_deadline"])


def _write_plans(programme: Programme, model: Programme, today: date) -> None:
    """The `WRITING` regions' plans, as the model programme's data has them, written through
    the plan services on days of the last `WRITING_SINCE` days (their activities start on the
    model's start moved to this programme's calendar)."""
    data = tomllib.loads(PLANS_FILE.read_text(encoding="utf-8"))
    loader = _PlanLoader(programme, data["types"], data.get("targets", {}))
    loader.calendar = DemoCalendar(programme, decided_on=today, paid_on=today)
    loader.calendar.opens = today - timedelta(days=WRITING_SINCE - 7)
    loader.activities_start = ACTIVITIES_START + (programme.starts_on - model.starts_on)
    for spec in data["plans"]:
        if spec["region"] in WRITING:
            with clock.at(loader.calendar.start()):
                loader.load(spec)
    for plan in programme.plans.filter(region__code__in=WRITING):
        demo_calendar_follow_plan(plan)


def _pay_first_instalment(programme: Programme, office: User) -> None:
    """The office pays each granted plan its first instalment: `FIRST_INSTALMENT` of the
    granted amount, on the day the decisions were due."""
    programme.refresh_from_db()
    for plan in plans_for_overview(programme).filter(state=PlanState.GRANTED):
        amount = (plan.granted_amount * FIRST_INSTALMENT).quantize(Decimal("0.01"))
        plan_transition(
            plan=plan,
            action="register_payment",
            by=office,
            lock_version=plan.lock_version,
            amount=amount,
            paid_on=programme.review_deadline,
            reference="Eerste termijn",
        )


def _import_plans(programme: Programme, model: Programme, office: User) -> None:
    """The model programme's activities of `REGIONS`, imported as granted plans."""
    rows = []
    for plan in model.plans.filter(region__code__in=REGIONS).select_related("region"):
        for activity in plan.activities.select_related("activity_type").prefetch_related(
            "budget_lines"
        ):
            lines = list(activity.budget_lines.all())
            rows.append(
                {
                    "region_code": plan.region.code,
                    "activity_type": activity.activity_type.code,
                    "title": activity.title,
                    "subsidy": str(sum((line.subsidy for line in lines), Decimal(0))),
                    "cofinancing": str(sum((line.cofinancing for line in lines), Decimal(0))),
                }
            )
    plans_import(
        programme=programme,
        rows=[Row(number, values) for number, values in enumerate(rows, start=2)],
        state="decided",
        by=office,
        source="demo",
    )
    _copy_targets(programme, model)


def _copy_targets(programme: Programme, model: Programme) -> None:
    """The imported plans aim at what the model programme's plans of the same regions aimed
    at (a plans file carries no indicator targets), so the round pages add targets up and
    the reports realise part of them, as in the model programme."""
    indicators = {indicator.code: indicator for indicator in programme.indicators.all()}
    plans = {plan.region_id: plan for plan in programme.plans.filter(region__code__in=REGIONS)}
    targets = [
        IndicatorTarget(
            plan=plans[target.plan.region_id],
            indicator=indicators[target.indicator.code],
            target=target.target,
        )
        for target in IndicatorTarget.objects.filter(
            plan__programme=model, plan__region_id__in=plans
        ).select_related("plan", "indicator")
        if target.indicator.code in indicators
    ]
    bulk_create_with_history(targets, IndicatorTarget)
