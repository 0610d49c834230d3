"""The national tables of CONTRACTS §5 on a small fixture whose expected figures were
computed by hand: yes / n with n = yes + no, "weet niet" counted apart, empty answers left
out, drafts not counted, 12.5% rounded half up to 13."""

from decimal import Decimal

import pytest
from django.utils import translation

from sectorplan.core.tabular import Row
from sectorplan.plans.imports import plans_import
from sectorplan.reporting.tables import percentage, table_for


def by_code(table) -> dict[str, dict]:
    return {row[0]: dict(zip(table.columns, row, strict=True)) for row in table.rows}


def cells(row: dict, column: str) -> list:
    return [row[f"{column}_{part}"] for part in ("yes", "n", "unknown", "pct")]


def test_the_ser_table_counts_yes_no_and_dont_know_apart(answered):
    table = table_for(answered, "ser")
    assert table.columns == [
        "function", "label",
        "present_yes", "present_n", "present_unknown", "present_pct",
        "contribution_yes", "contribution_n", "contribution_unknown", "contribution_pct",
    ]  # fmt: skip
    rows = by_code(table)
    skills = rows["werknemersvaardigheden"]
    # present: J J N W - J J N → yes 4, no 2, unknown 1, empty 1 → n 6, 66.7% → 67
    assert [skills[k] for k in ("present_yes", "present_n", "present_unknown", "present_pct")] == [
        4,
        6,
        1,
        67,
    ]
    # contribution: J N N N J J J N → yes 4 of 8 → 50
    assert [
        skills[k]
        for k in ("contribution_yes", "contribution_n", "contribution_unknown", "contribution_pct")
    ] == [4, 8, 0, 50]
    secondment = rows["detachering"]
    assert (secondment["present_yes"], secondment["present_n"], secondment["present_pct"]) == (
        1,
        8,
        13,
    )
    # A function nobody answered: n = 0 and no percentage.
    sheltered = rows["beschut_werk"]
    assert (sheltered["present_n"], sheltered["present_pct"]) == (0, None)


def test_percentages_round_half_up():
    assert [percentage(1, 8), percentage(3, 8), percentage(1, 3), percentage(2, 3)] == [
        13,
        38,
        33,
        67,
    ]
    assert percentage(0, 0) is None


def test_a_programme_without_answers_says_so(demo):
    with translation.override("en"):
        table = table_for(demo, "ser")
    assert table.note == "no answers yet"
    assert all(row[3] == 0 and row[5] is None for row in table.rows)


def test_coverage_counts_plans_submitted_or_later(demo):
    plan_rows = [
        ("AM01", "werk_naar_werk", "A", "100", "100"),
        ("AM01", "jobcoaching", "B", "100", "100"),
        ("AM02", "werk_naar_werk", "C", "100", "100"),
    ]
    header = ("region_code", "activity_type", "title", "subsidy", "cofinancing")
    plans_import(
        programme=demo,
        rows=[Row(n, dict(zip(header, r, strict=True))) for n, r in enumerate(plan_rows, 2)],
        state="submitted",
    )
    plans_import(
        programme=demo,
        rows=[Row(2, dict(zip(header, ("AM03", "jobcoaching", "D", "1", "1"), strict=True)))],
    )  # a draft: not counted
    table = table_for(demo, "coverage")
    counts = {row[1]: (row[3], row[4]) for row in table.rows}
    assert counts["werk_naar_werk"] == (2, 2)
    assert counts["jobcoaching"] == (1, 2)
    assert counts["werkfit"] == (0, 2)
    assert table.columns == ["theme", "activity_type", "label", "plans", "total"]


def test_regions_table_gives_every_region_its_plan_money_and_report(answered):
    table = table_for(answered, "regions")
    assert table.columns == [
        "region_code", "region_name", "plan_status", "subsidy", "cofinancing", "spent",
        "round_status",
    ]  # fmt: skip
    rows = by_code(table)
    assert len(rows) == 35
    assert rows["AM01"]["round_status"] == "submitted"
    assert rows["AM09"]["round_status"] == "draft"
    assert rows["AM10"]["round_status"] == "not_started"
    assert rows["AM10"]["plan_status"] == "none"
    assert rows["AM10"]["subsidy"] == Decimal(0)


def test_unknown_table_names_the_tables(demo):
    from sectorplan.core.errors import Refused

    with (
        translation.override("en"),
        pytest.raises(Refused, match=r"unknown table 'nope'.*allocation, coverage, ser, regions"),
    ):
        table_for(demo, "nope")
