"""`sectorplan import-plans`: plan activities per region from a spreadsheet (CONTRACTS §3).

Columns `region_code,activity_type,title,subsidy,cofinancing`; one row is one activity with
one budget line (its co-financing from the programme's default source). For every region in
the file, the file's rows replace the activities of that region's plan; the plan is created
when missing, and gets the region's name as title when it has none. Regions not in the file
are left alone.

All-or-nothing: every row is checked first, and any problem refuses the whole file with one
`line N: …` message per problem. Only plans a region can still edit (draft, changes
requested) can be replaced: a region whose plan is further along gets an error on each of
its lines.

With `state`, every plan in the file is then brought to that state as a recorded import, for
loading a programme that was run elsewhere: `submitted` freezes a version and records an
`import` event (the steps between, such as a co-financing confirmation and the advice, are
skipped, and the event says so); `decided` also records a grant of the plan's total subsidy,
dated today, and makes the plan `granted`. No e-mails are sent: nobody is waiting for an
action on data that was loaded in bulk. Imports check the file, not the programme's rules
for submission (allocation, co-financing ratio, contact person): the office sees those on
the plan overview.

Idempotent: importing the same file again changes nothing, writes no audit records and
succeeds. A plan whose activities already are the file's rows is left untouched; with
`state`, such a plan counts as up to date when it has reached that state or gone further
in the workflow since (submitted plans that went on to advice or a decision; granted plans
that were paid or settled), so a file can be imported again after the programme moved on.
Changing the rows of such a plan is refused, as it is in the pages: a decided plan changes
only through an amendment.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.bulk import CHANGED, DELETED, delete_rows, history_copy
from sectorplan.core.tabular import (
    ImportRefused,
    Progress,
    Row,
    Table,
    batched,
    quiet,
)
from sectorplan.plans.constants import (
    EDITABLE_STATES,
    SUBMITTED_OR_LATER,
    PlanState,
)
from sectorplan.plans.import_reading import (
    EMPTY,
    Reading,
    activities_of,
    check_rows,
    no_subsidy,
    not_draft,
    refuse_regions,
)
from sectorplan.plans.models import Activity, BudgetLine, Decision, Plan, PlanVersion
from sectorplan.plans.signals import plans_written
from sectorplan.plans.snapshots import plan_snapshot
from sectorplan.programmes.models import Programme, Region

COLUMNS = ["region_code", "activity_type", "title", "subsidy", "cofinancing"]
#: The workflow action recorded for every state change an import makes.
IMPORT_ACTION = "import"
SKIPPED_NOTE = "imported (confirmation and advice steps skipped)"
DECISION_NOTE = "imported"

#: Rows written at a time: memory is bounded by this, not by the file.
BATCH = 5000
#: Plans written, or whose activities get their history, in one statement.
PLANS_AT_ONCE = 1000

TargetState = Literal["submitted", "decided"]
#: The plan state each `--state` brings plans to.
TARGETS: dict[str, str] = {"submitted": PlanState.SUBMITTED, "decided": PlanState.GRANTED}
#: A plan in one of these states has reached the target already (see the module docstring).
REACHED: dict[str, frozenset[str]] = {
    "submitted": SUBMITTED_OR_LATER,
    "decided": frozenset({PlanState.GRANTED, PlanState.SETTLED}),
}


@dataclass(frozen=True)
class PlansImported:
    activities: int  # rows in the file
    regions: int  # regions in the file
    replaced: int  # plans whose activities changed
    moved: int  # plans brought to the requested state
    up_to_date: int  # plans that had reached the requested state already


def plans_import_file(
    *,
    programme: Programme,
    source,
    filename: str | None = None,
    state: TargetState | None = None,
    by=None,
    progress: Progress | None = None,
) -> PlansImported:
    """Import the plan file at `source` (a path, or a binary file named by `filename`)."""
    rows = Table(source, columns=COLUMNS, filename=filename)
    return plans_import(
        programme=programme,
        rows=rows,
        state=state,
        by=by,
        source=filename or str(source),
        progress=progress,
    )


@transaction.atomic
def plans_import(
    *,
    programme: Programme,
    rows: Iterable[Row],
    state: TargetState | None = None,
    by=None,
    source: str = "",
    progress: Progress | None = None,
) -> PlansImported:
    """Replace the activities of the plans of the regions in `rows` (see the module
    docstring); with `state`, bring those plans to it as a recorded import.

    `rows` is read more than once (a `Table`, or a list): a first pass checks every row and
    keeps a tally per region (and one number per title), a second writes BATCH rows at a
    time, so memory is bounded by the batch and the number of regions, not by the file.
    `progress(rows done, rows in all)` is told after each batch (all None while checking)."""
    if state is not None and state not in TARGETS:
        raise ValueError(state)
    programme.refuse_if_closed()
    progress = progress or quiet
    reading = Reading(programme)
    tallies, problems = check_rows(reading, rows, progress)
    regions = {
        region.pk: region for region in Region.objects.filter(pk__in=list(tallies)).order_by("code")
    }
    plans = {
        plan.region_id: plan
        for plan in Plan.objects.select_for_update().filter(
            programme=programme, region_id__in=list(tallies)
        )
    }
    current = activities_of(plans.values())

    todo: list[tuple[Region, Plan | None, bool]] = []  # (region, plan, replace activities)
    refused: dict[int, str] = {}  # region pk: the problem each of its lines gets
    up_to_date = 0
    for region_id, region in regions.items():
        plan, tally = plans.get(region_id), tallies[region_id]
        same = plan is not None and current.get(plan.pk, EMPTY) == tally.signature()
        if plan is not None and state is not None and same and plan.state in REACHED[state]:
            up_to_date += 1
        elif plan is not None and plan.state not in EDITABLE_STATES:
            refused[region_id] = functools.partial(not_draft, region.code, plan.state)
        elif state == "decided" and tally.valid == tally.rows and not tally.subsidy:
            refused[region_id] = functools.partial(no_subsidy, region.code)
        else:
            todo.append((region, plan, not same))
    if refused:
        refuse_regions(reading, rows, refused, problems)
    problems.refuse()

    # History keeps at most 100 characters of a reason; a long path is cut, not refused.
    reason = (_("imported from %(source)s") % {"source": source or "-"})[:100]
    replaced = moved = 0
    written: list[tuple[Plan, dict, str]] = []  # (plan, audit changes, state before)
    replacing: dict[int, Plan] = {}  # region pk: plan, for the rows the second pass writes
    new: list[Plan] = []
    saved: list[Plan] = []
    emptied: list[Plan] = []  # existing plans whose activities the file replaces
    for region, plan, replace in todo:
        created = plan is None
        if created:
            plan = Plan(programme=programme, region=region, ends_on=programme.execution_ends_on)
        untitled = not plan.title.strip()
        if untitled:
            plan.title = region.name
        if not (created or replace or untitled or state):
            continue  # the plan has the file's rows already: no write, no audit record
        source_state = plan.state
        if state is not None:
            plan.state = TARGETS[state]
            if state == "decided":
                plan.is_amendment = False
        (new if created else saved).append(plan)  # written in bulk below
        # The state's stretches are the history's steps (_record), not this record's.
        changes = {}
        if replace:
            old = current.get(plan.pk, EMPTY).count if not created else 0
            changes["activities"] = [audit.text(old), audit.text(tallies[region.pk].valid)]
            if not created:
                emptied.append(plan)
            replacing[region.pk] = plan
            replaced += 1
        written.append((plan, {k: v for k, v in changes.items() if v[0] != v[1]}, source_state))
    _remove_activities(emptied, by, reason)
    _create_plans(new, by, reason)
    _update_plans(saved, by, reason)
    total = sum(tally.rows for tally in tallies.values())
    _write_activities(
        reading, rows, replacing, by, reason, functools.partial(progress, total=total)
    )
    if state is not None:
        for plan, _changes, source_state in written:
            _record(plan, source_state, state, by)
            moved += 1
    audit.record_many(
        by,
        "plan.import",
        [(plan, changes) for plan, changes, _source in written],
        note=reason,
        programme_id=programme.pk,
    )
    return PlansImported(
        activities=sum(tally.rows for tally in tallies.values()),
        regions=len(tallies),
        replaced=replaced,
        moved=moved,
        up_to_date=up_to_date,
    )


def _update_plans(plans: list[Plan], by, reason: str) -> None:
    """Existing plans saved in bulk, with their history: their new state and title, and a
    higher lock_version, so that forms opened before the import cannot overwrite them."""
    now = timezone.now()
    for plan in plans:
        plan.lock_version += 1
        plan.updated_at = now
    fields = ["state", "is_amendment", "title", "lock_version", "updated_at"]
    for start in range(0, len(plans), PLANS_AT_ONCE):
        batch = plans[start : start + PLANS_AT_ONCE]
        Plan.objects.bulk_update(batch, fields, batch_size=1000)
        written = Plan.objects.filter(pk__in=[plan.pk for plan in batch])
        history_copy(written, by=by, reason=reason, kind=CHANGED)
        plans_written.send(
            sender=Plan, plans=written, activities=Activity.objects.none(), created=False
        )


def _create_plans(plans: list[Plan], by, reason: str) -> None:
    """New plans in bulk, with their history (a new plan has no companies to copy)."""
    for start in range(0, len(plans), PLANS_AT_ONCE):
        batch = Plan.objects.bulk_create(plans[start : start + PLANS_AT_ONCE])
        written = Plan.objects.filter(pk__in=[plan.pk for plan in batch])
        history_copy(written, by=by, reason=reason)
        plans_written.send(
            sender=Plan, plans=written, activities=Activity.objects.none(), created=True
        )


def _remove_activities(plans: list[Plan], by, reason: str) -> None:
    """The plans' activities and their budget lines deleted, each with its history record,
    a statement per table for 1,000 plans at a time."""
    for start in range(0, len(plans), PLANS_AT_ONCE):
        chunk = [plan.pk for plan in plans[start : start + PLANS_AT_ONCE]]
        activities = Activity.objects.filter(plan__in=chunk)
        lines = BudgetLine.objects.filter(activity__plan__in=chunk)
        history_copy(lines, by=by, reason=reason, kind=DELETED)
        history_copy(activities, by=by, reason=reason, kind=DELETED)
        delete_rows(activities)


def _write_activities(
    reading: Reading, rows: Iterable[Row], plans: dict[int, Plan], by, reason: str, progress
) -> None:
    """The second pass: the rows of the regions in `plans` as activities with one budget
    line each, BATCH rows at a time, with their history. `progress(rows done)`."""
    if not plans:
        return
    positions: dict[int, int] = {}
    ignored: list[str] = []
    done = 0
    for batch in batched(rows, BATCH):
        done += len(batch)
        progress(done)
        activities, amounts = [], []
        for row in batch:
            region = reading.region_of(row)
            plan = plans.get(region[0]) if region else None
            if plan is None:
                continue
            _region, type_id, title, subsidy, cofinancing = reading.read(row, ignored)
            position = positions.get(plan.pk, 0)
            positions[plan.pk] = position + 1
            activities.append(
                Activity(plan=plan, activity_type_id=type_id, title=title, position=position)
            )
            amounts.append((subsidy, cofinancing))
        if ignored:  # the rows were checked: the file changed between the passes
            raise ImportRefused(ignored)
        activities = Activity.objects.bulk_create(activities, batch_size=BATCH)
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    activity=activity,
                    subsidy=subsidy,
                    cofinancing=cofinancing,
                    cofinancing_source=reading.source,
                )
                for activity, (subsidy, cofinancing) in zip(activities, amounts, strict=True)
            ],
            batch_size=BATCH,
        )
    # Their history and search placeholders, made by the database from the rows: every
    # activity of these plans is one this import wrote (the plans are new, or were locked
    # and emptied above), so a few plans' ids select them all.
    pks = sorted(plan.pk for plan in plans.values())
    for start in range(0, len(pks), PLANS_AT_ONCE):
        chunk = pks[start : start + PLANS_AT_ONCE]
        written = Activity.objects.filter(plan__in=chunk)
        history_copy(written, by=by, reason=reason)
        history_copy(BudgetLine.objects.filter(activity__plan__in=chunk), by=by, reason=reason)
        plans_written.send(
            sender=Activity, plans=Plan.objects.none(), activities=written, created=True
        )


def _record(plan: Plan, source_state: str, state: TargetState, by) -> None:
    """Record the import's submission (and decision) of the plan, already in its new state:
    a frozen version and an event per skipped stretch of the workflow."""
    version = PlanVersion.objects.create(
        plan=plan,
        number=(plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1,
        submitted_by=by,
        snapshot=plan_snapshot(plan),
    )
    _event(plan, source_state, PlanState.SUBMITTED, by, SKIPPED_NOTE)
    if state == "decided":
        total = sum(
            (Decimal(activity["subsidy"]) for activity in version.snapshot["activities"]),
            Decimal(0),
        )
        Decision.objects.create(
            plan=plan,
            version=version,
            granted=True,
            amount=total,
            decided_on=timezone.localdate(),
            reason=DECISION_NOTE,
            decided_by=by,
        )
        _event(plan, PlanState.SUBMITTED, PlanState.GRANTED, by, DECISION_NOTE)


def _event(plan: Plan, source: str, target: str, by, note: str) -> None:
    """One step of the history (the audit trail), as the engine writes a step."""
    audit.record(by, f"plan.{IMPORT_ACTION}", plan, {"state": [source, target]}, note=note)
