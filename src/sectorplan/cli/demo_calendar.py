"""The model programme's plans on the programme's own calendar.

The demo writes the plans through the services today, so every step would carry today's
date ("sent back on 5 December 2026" beside a plan of 2015). Afterwards each plan's steps are
set back to when they happened in 2015–2016: the steps up to the decision spread evenly from
three weeks before the deadline for plans to the decision day, a payment on its day, later
steps (an extension) between the payment and the end of the execution, a settlement on its
day. The versions, comments, advice and decisions take the time of their step.

The audit trail keeps the moment it recorded: it is append-only (on PostgreSQL a trigger
refuses updates), and it honestly says when the demo was loaded.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sectorplan.plans.models import (
    Advice,
    Decision,
    Extension,
    Payment,
    Plan,
    PlanEvent,
    PlanVersion,
    ReviewComment,
    Settlement,
)
from sectorplan.programmes.models import Programme

#: The steps that lead to the decision; the steps after it follow the payment.
DECISION = "grant"
PAYMENT = "register_payment"
SETTLEMENT = "settle"


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def _spread(start: date, end: date, count: int) -> list[datetime]:
    """`count` moments from `start` to `end`, evenly; the last on `end`."""
    if count <= 0:
        return []
    step = max((end - start).days, 0) / max(count, 1)
    return [_moment(start + timedelta(days=round(step * (i + 1)))) for i in range(count)]


def demo_calendar_apply(programme: Programme, *, decided_on: date, paid_on: date) -> None:
    """Set the steps of every plan of `programme` back to the programme's calendar."""
    opens = (programme.plan_deadline or decided_on) - timedelta(days=21)
    execution_ends = programme.execution_ends_on or decided_on
    for plan in Plan.objects.filter(programme=programme):
        events = list(plan.events.order_by("at", "id"))
        actions = [event.action for event in events]
        cut = actions.index(DECISION) + 1 if DECISION in actions else len(events)
        when = _spread(opens, decided_on, cut)
        later = events[cut:]
        settled = Settlement.objects.filter(plan=plan).values_list("settled_on", flat=True)
        after = _spread(paid_on, execution_ends, len(later))
        for index, event in enumerate(later):
            if event.action == PAYMENT:
                after[index] = _moment(paid_on)
            elif event.action == SETTLEMENT and settled:
                after[index] = _moment(settled[0])
        moments = when + after
        for event, at in zip(events, moments, strict=True):
            PlanEvent.objects.filter(pk=event.pk).update(at=at)
        _follow_the_steps(plan, events, moments)


def _follow_the_steps(plan: Plan, events: list[PlanEvent], moments: list[datetime]) -> None:
    """Versions, comments, advice, decisions, payments and extensions take the moment of the
    step that made them."""
    by_action: dict[str, list[datetime]] = {}
    for event, at in zip(events, moments, strict=True):
        by_action.setdefault(event.action, []).append(at)
    submitted = by_action.get("submit", [])
    for version, at in zip(plan.versions.order_by("number"), submitted, strict=False):
        PlanVersion.objects.filter(pk=version.pk).update(submitted_at=at)
    for model, field, action in [
        (ReviewComment, "created_at", "request_changes"),
        (Advice, "created_at", "advise"),
        (Decision, "created_at", DECISION),
        (Payment, "created_at", PAYMENT),
        (Settlement, "created_at", SETTLEMENT),
        (Extension, "requested_at", "request_extension"),
        (Extension, "decided_at", "decide_extension"),
    ]:
        times = by_action.get(action, [])
        if not times:
            continue
        rows = model.objects.filter(plan=plan).order_by("pk")
        for index, row in enumerate(rows):
            model.objects.filter(pk=row.pk).update(**{field: times[min(index, len(times) - 1)]})
