"""The national tables (CONTRACTS §5), computed from the rows at read time.

One source of numbers: the CSV and XLSX exports (and, later, the pages and the API) read
these tables. They count plans that are submitted or later, and the answers of reports that
are submitted or accepted. A percentage is `100 × yes / n` rounded half up to a whole number,
where `n` counts the regions that answered yes or no; "don't know" and empty answers are not
in `n` but are counted and shown. Labels are the data's own (Dutch) labels.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from sectorplan.core.errors import Refused
from sectorplan.monitoring.constants import COUNTED_STATES, NOT_STARTED
from sectorplan.monitoring.models import ActivityProgress, Answer, Report
from sectorplan.plans.constants import SUBMITTED_OR_LATER
from sectorplan.plans.models import Activity
from sectorplan.plans.selectors import plans_for_overview
from sectorplan.programmes.constants import RoundState, YesNo
from sectorplan.programmes.models import Programme, ReportTable, Round
from sectorplan.programmes.selectors import allocation_compute, allocation_published

#: Tables every programme has; its national tables from the template (e.g. `ser`) come
#: between coverage and regions.
FIXED_BEFORE = ("allocation", "coverage")
FIXED_AFTER = ("regions",)
NO_PLAN = "none"


@dataclass
class Table:
    code: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    #: Money columns are written with two decimals; the others as they are.
    money: frozenset[str] = frozenset()
    note: str = ""


def table_codes(programme: Programme) -> list[str]:
    answer_tables = list(programme.report_tables.values_list("code", flat=True))
    return [*FIXED_BEFORE, *answer_tables, *FIXED_AFTER]


def table_for(programme: Programme, code: str, round_: Round | None = None) -> Table:
    if code == "allocation":
        return allocation_table(programme)
    if code == "coverage":
        return coverage_table(programme)
    if code == "regions":
        return regions_table(programme, round_)
    report_table = programme.report_tables.filter(code=code).first()
    if report_table is None:
        raise Refused(
            _("unknown table '%(code)s' (tables: %(codes)s)")
            % {"code": code, "codes": ", ".join(table_codes(programme))}
        )
    return answers_table(report_table, round_)


def percentage(yes: int, n: int) -> int | None:
    """`100 × yes / n` rounded half up to a whole number; None when nobody answered."""
    if n == 0:
        return None
    return (200 * yes + n) // (2 * n)


# --- allocation --------------------------------------------------------------------------


def allocation_table(programme: Programme) -> Table:
    table = Table(
        "allocation",
        _("Allocation"),
        ["region_code", "region_name", "basis", "subsidy", "cofinancing"],
        money=frozenset({"subsidy", "cofinancing"}),
    )
    published = allocation_published(programme)
    if published is not None:
        rows = published.rows
    else:
        try:
            rows = allocation_compute(programme)
        except Refused as exc:
            table.note = " ".join(exc.errors)
            return table
        table.note = _("not published yet: computed from the current basis")
    table.rows = [
        [row.region.code, row.region.name, row.basis, row.subsidy, row.cofinancing] for row in rows
    ]
    return table


# --- coverage ------------------------------------------------------------------------------


def coverage_table(programme: Programme) -> Table:
    """Per activity type: the plans (submitted or later) with at least one such activity."""
    counted = programme.plans.filter(state__in=SUBMITTED_OR_LATER)
    total = counted.count()
    per_type = dict(
        Activity.objects.filter(plan__in=counted)
        .values("activity_type_id")
        .annotate(plans=Count("plan_id", distinct=True))
        .values_list("activity_type_id", "plans")
    )
    table = Table(
        "coverage",
        _("Coverage of the themes"),
        ["theme", "activity_type", "label", "plans", "total"],
    )
    for activity_type in programme.activity_types.select_related("theme"):
        table.rows.append(
            [
                activity_type.theme.code,
                activity_type.code,
                activity_type.label_nl,
                per_type.get(activity_type.pk, 0),
                total,
            ]
        )
    if total == 0:
        table.note = _("no plans submitted yet")
    return table


# --- tables of yes/no answers (e.g. the SER six functions) -------------------------------


def round_of(report_table: ReportTable, round_: Round | None) -> Round | None:
    """The round whose answers fill the table: the one asked for, or else the last round
    whose questionnaire asks the table's questions."""
    if round_ is not None:
        return round_
    return (
        Round.objects.filter(questionnaires__questions__table_row__table=report_table)
        .order_by("-position")
        .first()
    )


def answers_table(report_table: ReportTable, round_: Round | None = None) -> Table:
    columns = [column["code"] for column in report_table.columns]
    table = Table(
        report_table.code,
        report_table.label_nl,
        [report_table.row_key, "label"]
        + [f"{c}_{part}" for c in columns for part in ("yes", "n", "unknown", "pct")],
    )
    round_ = round_of(report_table, round_)
    counts: dict[tuple[int, str], dict[str, int]] = {}
    if round_ is not None:
        answers = (
            Answer.objects.filter(
                question__table_row__table=report_table,
                report__round=round_,
                report__state__in=COUNTED_STATES,
            )
            .values("question__table_row_id", "question__table_column", "code")
            .annotate(count=Count("id"))
        )
        for row in answers:
            cell = (row["question__table_row_id"], row["question__table_column"])
            counts.setdefault(cell, {})[row["code"]] = row["count"]
    answered = False
    for row in report_table.rows.all():
        values = [row.code, row.label_nl]
        for column in columns:
            cell = counts.get((row.pk, column), {})
            yes, no = cell.get(YesNo.YES, 0), cell.get(YesNo.NO, 0)
            unknown = cell.get(YesNo.UNKNOWN, 0)
            answered |= bool(yes or no or unknown)
            values += [yes, yes + no, unknown, percentage(yes, yes + no)]
        table.rows.append(values)
    if not answered:
        table.note = _("no answers yet")
    return table


# --- regions -------------------------------------------------------------------------------


def current_round(programme: Programme, rounds: list[Round] | None = None) -> Round | None:
    """The last round that has been opened (or the first, when none has); `rounds`: the
    programme's rounds when the caller has read them already."""
    rounds = list(programme.rounds.all()) if rounds is None else rounds
    opened = [r for r in rounds if r.state != RoundState.PLANNED]
    return (opened or rounds or [None])[-1]


def regions_table(programme: Programme, round_: Round | None = None) -> Table:
    """Per region: its plan's state and budget (subsidy and co-financing asked), what its
    report of the round says was spent, and that report's state."""
    round_ = round_ or current_round(programme)
    plans = {plan.region_id: plan for plan in plans_for_overview(programme)}
    reports = {r.region_id: r for r in Report.objects.filter(round=round_)} if round_ else {}
    spent = (
        dict(
            ActivityProgress.objects.filter(report__round=round_, report__state__in=COUNTED_STATES)
            .values("report__region_id")
            .annotate(total=Sum("spent", filter=Q(spent__isnull=False)))
            .values_list("report__region_id", "total")
        )
        if round_
        else {}
    )
    table = Table(
        "regions",
        _("Regions"),
        [
            "region_code",
            "region_name",
            "plan_status",
            "subsidy",
            "cofinancing",
            "spent",
            "round_status",
        ],
        money=frozenset({"subsidy", "cofinancing", "spent"}),
    )
    for participation in programme.participations.select_related("region").order_by("region__code"):
        region = participation.region
        plan = plans.get(region.pk)
        report = reports.get(region.pk)
        table.rows.append(
            [
                region.code,
                region.name,
                plan.state if plan else NO_PLAN,
                plan.total_subsidy if plan else Decimal(0),
                plan.total_cofinancing if plan else Decimal(0),
                spent.get(region.pk),
                report.state if report else NOT_STARTED,
            ]
        )
    return table


def answer_rows(table: Table, report_table: ReportTable) -> list[dict]:
    """A yes/no table's rows for a page: code, label and per column yes, n, unknown, pct."""
    columns = [column["code"] for column in report_table.columns]
    return [
        {
            "code": row[0],
            "label": row[1],
            "cells": [
                dict(
                    zip(
                        ("column", "yes", "n", "unknown", "pct"),
                        (c, *row[2 + 4 * i : 6 + 4 * i]),
                        strict=True,
                    )
                )
                for i, c in enumerate(columns)
            ],
        }
        for row in table.rows
    ]
