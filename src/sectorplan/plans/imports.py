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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.bounds import parse_amount
from sectorplan.core.tabular import Problems, Row, parse_cell, read_table
from sectorplan.plans.constants import (
    EDITABLE_STATES,
    SUBMITTED_OR_LATER,
    PlanState,
)
from sectorplan.plans.models import Activity, BudgetLine, Decision, Plan, PlanVersion
from sectorplan.plans.snapshots import plan_snapshot
from sectorplan.programmes.models import Programme, Region

COLUMNS = ["region_code", "activity_type", "title", "subsidy", "cofinancing"]
#: The workflow action recorded for every state change an import makes.
IMPORT_ACTION = "import"
SKIPPED_NOTE = "imported (confirmation and advice steps skipped)"
DECISION_NOTE = "imported"

TargetState = Literal["submitted", "decided"]
#: The plan state each `--state` brings plans to.
TARGETS: dict[str, str] = {"submitted": PlanState.SUBMITTED, "decided": PlanState.GRANTED}
#: A plan in one of these states has reached the target already (see the module docstring).
REACHED: dict[str, frozenset[str]] = {
    "submitted": SUBMITTED_OR_LATER,
    "decided": frozenset({PlanState.GRANTED, PlanState.SETTLED}),
}


@dataclass(frozen=True)
class WantedActivity:
    line: int
    activity_type_id: int
    title: str
    subsidy: Decimal
    cofinancing: Decimal


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
) -> PlansImported:
    """Import the plan file at `source` (a path, or a binary file named by `filename`)."""
    rows = read_table(source, columns=COLUMNS, filename=filename)
    return plans_import(
        programme=programme, rows=rows, state=state, by=by, source=filename or str(source)
    )


@transaction.atomic
def plans_import(
    *,
    programme: Programme,
    rows: Iterable[Row],
    state: TargetState | None = None,
    by=None,
    source: str = "",
) -> PlansImported:
    """Replace the activities of the plans of the regions in `rows` (see the module
    docstring); with `state`, bring those plans to it as a recorded import."""
    if state is not None and state not in TARGETS:
        raise ValueError(state)
    wanted, lines, problems = _read_rows(programme, rows)
    regions = {
        region.pk: region for region in Region.objects.filter(pk__in=list(wanted)).order_by("code")
    }
    plans = {
        plan.region_id: plan
        for plan in Plan.objects.select_for_update().filter(
            programme=programme, region_id__in=list(wanted)
        )
    }
    current = _activities_of(plans.values())

    todo: list[tuple[Region, Plan | None, bool]] = []  # (region, plan, replace activities)
    up_to_date = 0
    for region_id, region in regions.items():
        plan = plans.get(region_id)
        same = plan is not None and current[plan.pk] == _signature(
            wanted[region_id], programme.default_cofinancing_source
        )
        if plan is not None and state is not None and same and plan.state in REACHED[state]:
            up_to_date += 1
        elif plan is not None and plan.state not in EDITABLE_STATES:
            for line in lines[region_id]:
                problems.add(
                    line,
                    _(
                        "line %(line)d: plan of %(code)s is '%(state)s'; "
                        "only draft plans can be replaced"
                    )
                    % {"line": line, "code": region.code, "state": plan.state},
                )
        elif (
            state == "decided"
            and len(wanted[region_id]) == len(lines[region_id])  # rows without errors
            and not sum(item.subsidy for item in wanted[region_id])
        ):
            for line in lines[region_id]:
                problems.add(
                    line,
                    _(
                        "line %(line)d: the plan of %(code)s asks no subsidy; it cannot be "
                        "imported as granted"
                    )
                    % {"line": line, "code": region.code},
                )
        else:
            todo.append((region, plan, not same))
    problems.refuse()

    # History keeps at most 100 characters of a reason; a long path is cut, not refused.
    reason = (_("imported from %(source)s") % {"source": source or "-"})[:100]
    replaced = moved = 0
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
        _save(plan, by, reason)
        # The state's stretches are the history's steps (_record), not this record's.
        changes = {}
        if replace:
            changes["activities"] = [
                audit.text(len(current[plan.pk]) if not created else 0),
                audit.text(len(wanted[region.pk])),
            ]
            _replace_activities(plan, wanted[region.pk], by, reason)
            replaced += 1
        if state is not None:
            _record(plan, source_state, state, by)
            moved += 1
        audit.record(
            by, "plan.import", plan, {k: v for k, v in changes.items() if v[0] != v[1]}, note=reason
        )
    return PlansImported(
        activities=sum(len(items) for items in wanted.values()),
        regions=len(wanted),
        replaced=replaced,
        moved=moved,
        up_to_date=up_to_date,
    )


def _read_rows(programme: Programme, rows: Iterable[Row]):
    """The activities wanted per region id, the file lines per region id, and the problems
    found."""
    regions = {
        participation.region.code.upper(): participation.region
        for participation in programme.participations.select_related("region")
    }
    types = {item.code.lower(): item for item in programme.activity_types.all()}
    title_length = Activity._meta.get_field("title").max_length

    def amount(text: str) -> Decimal:
        if not text.strip():
            raise ValueError(_("is required"))
        return parse_amount(text)

    wanted: dict[int, list[WantedActivity]] = defaultdict(list)
    lines: dict[int, list[int]] = defaultdict(list)
    first_title: dict[tuple[int, str], int] = {}
    problems = Problems()
    for row in rows:
        row_problems: list[str] = []
        values = row.values
        region = regions.get(values["region_code"].upper())
        if not values["region_code"]:
            row_problems.append(_("line %(line)d: region_code is required") % {"line": row.line})
        elif region is None:
            row_problems.append(
                _("line %(line)d: region_code '%(code)s' is not a region of programme '%(slug)s'")
                % {"line": row.line, "code": values["region_code"], "slug": programme.slug}
            )
        activity_type = types.get(values["activity_type"].lower())
        if not values["activity_type"]:
            row_problems.append(_("line %(line)d: activity_type is required") % {"line": row.line})
        elif activity_type is None:
            row_problems.append(
                _(
                    "line %(line)d: activity_type '%(code)s' is not an activity type of "
                    "programme '%(slug)s'"
                )
                % {"line": row.line, "code": values["activity_type"], "slug": programme.slug}
            )
        title = values["title"]
        if not title:
            row_problems.append(_("line %(line)d: title is required") % {"line": row.line})
        elif len(title) > title_length:
            row_problems.append(
                _("line %(line)d: title is longer than %(max)d characters")
                % {"line": row.line, "max": title_length}
            )
        elif region is not None:
            first = first_title.setdefault((region.pk, title), row.line)
            if first != row.line:
                row_problems.append(
                    _(
                        "line %(line)d: title '%(title)s' appears twice for %(code)s "
                        "(first on line %(first)d)"
                    )
                    % {"line": row.line, "title": title, "code": region.code, "first": first}
                )
        subsidy = parse_cell(row, "subsidy", amount, row_problems)
        cofinancing = parse_cell(row, "cofinancing", amount, row_problems)
        for problem in row_problems:
            problems.add(row.line, problem)
        if region is not None:
            lines[region.pk].append(row.line)
        if not row_problems:
            wanted[region.pk].append(
                WantedActivity(row.line, activity_type.pk, title, subsidy, cofinancing)
            )
    # A region with a bad row must not count as "no activities wanted".
    for region_id in lines:
        wanted.setdefault(region_id, [])
    return wanted, lines, problems


# What an activity holds, compared to tell whether a plan already has the file's rows.
Signature = list[tuple]


def _signature(items: list[WantedActivity], source: str) -> Signature:
    return [
        (
            item.activity_type_id,
            item.title,
            "",
            "",
            None,
            "",
            None,
            None,
            position,
            [("", item.subsidy, item.cofinancing, source)],
        )
        for position, item in enumerate(items)
    ]


def _activities_of(plans) -> dict[int, Signature]:
    signatures: dict[int, Signature] = defaultdict(list)
    activities = (
        Activity.objects.filter(plan__in=[plan.pk for plan in plans])
        .prefetch_related("budget_lines")
        .order_by("plan_id", "position", "id")
    )
    for activity in activities:
        signatures[activity.plan_id].append(
            (
                activity.activity_type_id,
                activity.title,
                activity.description,
                activity.target_group,
                activity.people_per_year,
                activity.planned_results,
                activity.starts_on,
                activity.ends_on,
                activity.position,
                [
                    (line.description, line.subsidy, line.cofinancing, line.cofinancing_source)
                    for line in activity.budget_lines.all()
                ],
            )
        )
    return signatures


def _save(plan: Plan, by, reason: str) -> None:
    if plan.pk is not None:
        plan.lock_version += 1  # forms opened before the import must not overwrite it
    plan._history_user = by
    plan._change_reason = reason
    plan.save()


def _replace_activities(plan: Plan, items: list[WantedActivity], by, reason: str) -> None:
    for activity in plan.activities.all():
        activity._history_user = by
        activity._change_reason = reason
        activity.delete()
    for position, item in enumerate(items):
        activity = Activity(
            plan=plan, activity_type_id=item.activity_type_id, title=item.title, position=position
        )
        activity._history_user = by
        activity._change_reason = reason
        activity.save()
        line = BudgetLine(
            activity=activity,
            subsidy=item.subsidy,
            cofinancing=item.cofinancing,
            cofinancing_source=plan.programme.default_cofinancing_source,
        )
        line._history_user = by
        line._change_reason = reason
        line.save()


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
