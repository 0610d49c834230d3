"""Bounds on every import (issue 20): a size limit checked before reading, at most 100
problems listed, rows read as a stream, and a clear word on formulas Excel never computed.

Runs on `cli_p1` (tests/contracts/conftest.py): programme p1 with its basis stored.
"""

import time

import openpyxl
import pytest

from sectorplan.core.tabular import read_table
from tests.contracts.helpers import P1_BASIS, basis_rows, dump, ok, refused, write_csv

PLANS_HEADER = ["region_code", "activity_type", "title", "subsidy", "cofinancing"]


def test_a_file_over_the_default_limit_of_20_mb_is_refused_unread(cli_p1, tmp_path):
    path = tmp_path / "basis.csv"
    with path.open("wb") as handle:  # sparse: NUL bytes that would be "not CSV" if read
        handle.truncate(20 * 1024 * 1024 + 1)
    before = dump(cli_p1, "programmes.participation")
    started = time.monotonic()
    errors = refused(cli_p1("import-basis", "p1", path))
    assert time.monotonic() - started < 5
    assert errors == ["'basis.csv' is 20.1 MB; an import file may be at most 20.0 MB"]
    assert dump(cli_p1, "programmes.participation") == before


def test_the_limit_is_a_setting_and_a_file_at_the_limit_passes(cli_p1, tmp_path, settings):
    path = write_csv(tmp_path / "basis.csv", basis_rows(P1_BASIS))
    settings.SECTORPLAN_IMPORT_MAX_BYTES = path.stat().st_size
    ok(cli_p1("import-basis", "p1", path))
    settings.SECTORPLAN_IMPORT_MAX_BYTES = path.stat().st_size - 1
    assert refused(cli_p1("import-basis", "p1", path)) == [
        f"'basis.csv' is {path.stat().st_size} bytes; an import file may be at most "
        f"{path.stat().st_size - 1} bytes"
    ]


def test_50000_duplicate_rows_give_100_problems_and_a_count_of_the_rest(cli_p1, tmp_path):
    path = write_csv(tmp_path / "basis.csv", [["region_code", "basis"]] + [["AM01", "1"]] * 50_000)
    before = dump(cli_p1, "programmes.participation")
    errors = refused(cli_p1("import-basis", "p1", path))
    assert len(errors) == 101
    assert errors[0] == "line 3: region_code 'AM01' appears twice (first on line 2)"
    assert errors[99] == "line 102: region_code 'AM01' appears twice (first on line 2)"
    assert errors[100] == "… and 49899 more problems"
    assert dump(cli_p1, "programmes.participation") == before


def test_the_problems_listed_are_the_first_of_the_file_in_line_order(cli_p1, tmp_path):
    """import-plans finds some problems per row and others per region after reading all
    rows: the list still starts at the top of the file."""
    rows = [PLANS_HEADER] + [["AM01", "werkfit", f"T{n}", "x", "0"] for n in range(150)]
    rows.insert(1, ["AM36", "werkfit", "Elsewhere", "1", "0"])
    errors = refused(cli_p1("import-plans", "p1", write_csv(tmp_path / "plans.csv", rows)))
    assert len(errors) == 101
    assert errors[0] == "line 2: region_code 'AM36' is not a region of programme 'p1'"
    assert errors[1] == "line 3, subsidy: 'x' is not a number"
    assert errors[100] == "… and 51 more problems"


def test_a_formula_without_a_stored_value_is_named_as_such(cli_p1, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(PLANS_HEADER)
    sheet.append(["AM01", "werkfit", "Werkfit", "=1+1", 0])  # openpyxl stores no value
    sheet.append(["AM02", "werkfit", "Werkfit", "=A1", "=B1"])
    sheet.append(["AM03", "werkfit", "Werkfit", 100, 50])
    path = tmp_path / "plans.xlsx"
    workbook.save(path)
    before = dump(cli_p1, "plans.activity")
    assert refused(cli_p1("import-plans", "p1", path)) == [
        "line 2: cell D2 holds a formula without a stored value: save the file in Excel first",
        "line 3: cell D3 holds a formula without a stored value: save the file in Excel first",
        "line 3: cell E3 holds a formula without a stored value: save the file in Excel first",
    ]
    assert dump(cli_p1, "plans.activity") == before


@pytest.mark.parametrize("name", ["basis.csv", "basis.xlsx"])
def test_rows_are_read_as_they_are_needed(tmp_path, name):
    """The first row comes before the reader reaches a broken line further on: the file
    is read as a stream, not whole."""
    if name.endswith(".csv"):
        path = write_csv(tmp_path / name, [["region_code", "basis"], ["AM01", "1"], ['"AM02', "2"]])
    else:
        workbook = openpyxl.Workbook()
        for row in [["region_code", "basis"], ["AM01", 1], ["AM02", 1, "extra"]]:
            workbook.active.append(row)
        path = tmp_path / name
        workbook.save(path)
    rows = read_table(path, columns=["region_code", "basis"])
    assert next(rows).values == {"region_code": "AM01", "basis": "1"}
