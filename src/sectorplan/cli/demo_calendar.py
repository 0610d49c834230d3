"""The model programme's plans on the programme's own calendar.

The demo writes the plans through the services, so without help every step would carry the
day the demo was loaded ("sent back on 5 December 2026" beside a plan of 2015). The loader
therefore takes each step with the clock (core/clock.py) set to when it happened in
2015–2016: the plan written a week before the first step, the steps up to the decision three
days apart from three weeks before the plan deadline, the decision, the payment and the
settlement on their own days, an extension after the payment. The audit trail records those
moments as it writes them; afterwards the versions, comments, advice, decisions and payments
take the time of the step that made them.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sectorplan.accounts.models import User
from sectorplan.core import clock
from sectorplan.plans.models import (
    Advice,
    Decision,
    Extension,
    Payment,
    Plan,
    PlanVersion,
    ReviewComment,
    Settlement,
)
from sectorplan.programmes.models import AllocationPublication, Programme, Questionnaire
from sectorplan.programmes.services import allocation_publish
from sectorplan.workflow.history import step_history

#: The allocation is published, and the questionnaires made, this long after the start.
PUBLISHED_AFTER = timedelta(days=14)

#: The steps on a day of their own; the others follow one another three days apart.
DECISIONS = ("grant", "reject")
PAYMENT = "register_payment"
SETTLEMENT = "settle"
EXTENSION = ("request_extension", "decide_extension")


def allocation_publish_at_start(programme: Programme) -> None:
    """The office publishes the allocation, and the questionnaires are made, just after the
    programme started (not on the day the demo is loaded)."""
    started = moment(programme.starts_on + PUBLISHED_AFTER)
    with clock.at(started):
        publication = allocation_publish(
            programme=programme, by=User.objects.get(username="bureau")
        )
    AllocationPublication.objects.filter(pk=publication.pk).update(published_at=started)
    Questionnaire.objects.filter(round__programme=programme).update(created_at=started)


def moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


class DemoCalendar:
    """When each of one plan's steps happened; `start()` begins the next plan."""

    def __init__(self, programme: Programme, *, decided_on: date, paid_on: date):
        self.opens = (programme.plan_deadline or decided_on) - timedelta(days=21)
        self.decided_on, self.paid_on = decided_on, paid_on
        self.steps = 0

    def start(self) -> datetime:
        """The moment the region writes its plan."""
        self.steps = 0
        return moment(self.opens - timedelta(days=7))

    def step(self, action: str, payload: dict) -> datetime:
        if action in DECISIONS:
            return moment(self.decided_on)
        if action == PAYMENT:
            return moment(payload.get("paid_on") or self.paid_on)
        if action == SETTLEMENT:
            return moment(payload.get("settled_on") or self.paid_on)
        if action in EXTENSION:
            return moment(self.paid_on + timedelta(days=60 + 7 * EXTENSION.index(action)))
        day = min(self.opens + timedelta(days=3 * self.steps), self.decided_on - timedelta(1))
        self.steps += 1
        return moment(day)


def demo_calendar_follow(programme: Programme) -> None:
    """Versions, comments, advice, decisions, payments and extensions take the moment of the
    step that made them, as the audit trail recorded it."""
    for plan in Plan.objects.filter(programme=programme):
        demo_calendar_follow_plan(plan)


def demo_calendar_follow_plan(plan: Plan) -> None:
    """The same for one plan."""
    by_action: dict[str, list[datetime]] = {}
    for event in step_history(plan):
        by_action.setdefault(event.action, []).append(event.at)
    _follow(plan, by_action)


def _follow(plan: Plan, by_action: dict[str, list[datetime]]) -> None:
    submitted = by_action.get("submit", [])
    for version, at in zip(plan.versions.order_by("number"), submitted, strict=False):
        PlanVersion.objects.filter(pk=version.pk).update(submitted_at=at)
    for model, field, action in [
        (ReviewComment, "created_at", "request_changes"),
        (Advice, "created_at", "advise"),
        (Decision, "created_at", DECISIONS[0]),
        (Payment, "created_at", PAYMENT),
        (Settlement, "created_at", SETTLEMENT),
        (Extension, "requested_at", EXTENSION[0]),
        (Extension, "decided_at", EXTENSION[1]),
    ]:
        times = by_action.get(action, [])
        if not times:
            continue
        rows = model.objects.filter(plan=plan).order_by("pk")
        for index, row in enumerate(rows):
            model.objects.filter(pk=row.pk).update(**{field: times[min(index, len(times) - 1)]})
