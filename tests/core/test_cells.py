"""Formula cells (CONTRACTS §6): every CSV and XLSX the application writes gives a text cell
that a spreadsheet would run a leading `'`; numbers stay numbers. Hostile region, programme,
plan and practice titles are sent through the real pages and commands and read back."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sectorplan.core.cells import cell
from sectorplan.knowledge.constants import Audience
from sectorplan.plans import services
from tests.knowledge.conftest import practice_of
from tests.plans.conftest import user

# What a region could type, and what each export must write instead.
HOSTILE = {
    "AM01": '=HYPERLINK("http://x"&A1,"klik")',
    "AM02": "@SUM(A1)",
    "AM03": "-2+3",
    "AM04": "\tverborgen",
    "AM05": "+1+1",
    "AM06": "\r=1",
}
# A control character (a form lets \x01 through) cannot stand in a workbook: it is replaced.
CONTROL = {"AM10": "Regio\x01\x1f"}
# A signed plain number is read as that number, never run: it stays as it is. A carriage
# return inside a text stays too: the CSV quotes the field, so no new row starts there.
KEPT = {"AM07": "+1", "AM08": "-12.50", "AM09": "Regio\r=1+1"}
SRC = Path(__file__).resolve().parents[2] / "src" / "sectorplan"


def expected(code: str, value: str | None = None) -> str:
    value = value if value is not None else {**HOSTILE, **KEPT}[code]
    return value if code in KEPT else "'" + value


@pytest.fixture
def hostile(demo):
    """The demo with the regions of HOSTILE and KEPT named so, and the programme too."""
    for code, name in {**HOSTILE, **KEPT}.items():
        demo.region_set.regions.filter(code=code).update(name=name)
    demo.region_set.regions.filter(code="AM10").update(name=CONTROL["AM10"])
    demo.name = '=HYPERLINK("http://x","programma")'
    demo.save(update_fields=["name"])
    return demo


def test_text_that_a_spreadsheet_would_run_gets_a_quote_and_numbers_stay():
    for value in HOSTILE.values():
        assert cell(value) == "'" + value
    for value in ["+1", "+3", "-12.50", "-1.234,56", "0", "gewoon = tekst", ""]:
        assert cell(value) == value
    for value in [Decimal("-12.50"), -3, 1.5, None, True]:
        assert cell(value) is value


def test_no_module_writes_a_csv_or_workbook_around_the_one_writer():
    """So no future export can forget the neutralising: csv.writer and openpyxl's workbooks
    are used in core/cells.py only (core/tabular.py reads workbooks, it writes none)."""
    writes = re.compile(r"csv\.(writer|DictWriter)\b")
    offenders = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        source = path.read_text(encoding="utf-8")
        if relative != "core/cells.py" and writes.search(source):
            offenders.append(relative)
        if relative not in {"core/cells.py", "core/tabular.py"} and "openpyxl" in source:
            offenders.append(relative)
    assert offenders == []


def _region_names(text: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 35  # a carriage return started no row of its own
    return {row["region_code"]: row["region_name"] for row in rows}


def _assert_regions(names: dict[str, str], *, universal_newlines: bool = False) -> None:
    """`universal_newlines`: the text was read as a process's text output is, a carriage
    return as a newline."""
    for code in {**HOSTILE, **KEPT}:
        want = expected(code)
        assert names[code] == (want.replace("\r", "\n") if universal_newlines else want), code


def test_the_allocate_command(hostile, cli):
    result = cli("allocate", hostile.slug)
    assert result.returncode == 0, result.stderr
    _assert_regions(_region_names(result.stdout), universal_newlines=True)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(re.fullmatch(r"[0-9]+\.[0-9]{2}", row["subsidy"]) for row in rows)


def test_the_national_tables_as_csv_page_and_command(hostile, as_office, cli):
    for code in ["allocation", "regions"]:
        page = as_office.get(reverse("report-table-csv", args=[hostile.slug, code]))
        assert page.status_code == 200
        _assert_regions(_region_names(page.content.decode()))
        command = cli("report", hostile.slug, "--format", "csv", "--table", code)
        _assert_regions(_region_names(command.stdout), universal_newlines=True)


def _assert_workbook(content: bytes, programme_name: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    name = workbook["rapport"]["B1"]  # the programme
    assert name.data_type == "s" and name.value == "'" + programme_name
    sheet = workbook["allocation"]
    header = [c.value for c in sheet[1]]
    name_at, subsidy_at = header.index("region_name"), header.index("subsidy")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for code in {**HOSTILE, **KEPT}:
        name = rows[code][name_at]
        assert name.data_type == "s" and name.value == expected(code), code
    assert rows["AM10"][name_at].value == "Regio\ufffd\ufffd"
    for code in {**HOSTILE, **KEPT}:
        subsidy = rows[code][subsidy_at]
        assert subsidy.data_type == "n" and subsidy.value > 0
        assert subsidy.number_format == "#,##0.00"


def test_the_workbook_page_and_report_xlsx(hostile, as_office, cli, tmp_path):
    page = as_office.get(reverse("report-workbook", args=[hostile.slug]), HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200
    _assert_workbook(page.content, hostile.name)
    path = tmp_path / "rapport.xlsx"
    result = cli("report", hostile.slug, "--format", "xlsx", "-o", path)
    assert result.returncode == 0, result.stderr
    _assert_workbook(path.read_bytes(), hostile.name)


def test_open_data_allocation_and_practices(hostile):
    anonymous = Client()
    allocation = anonymous.get(reverse("open-data-file", args=[hostile.slug, "allocation", "csv"]))
    assert allocation.status_code == 200
    _assert_regions(_region_names(allocation.content.decode()))
    titles = ['=HYPERLINK("http://x"&A1,"klik")', "@SUM(A1)", "+1"]
    for code, title in zip(["AM01", "AM02", "AM07"], titles, strict=True):
        practice_of(hostile, code, title=title, summary="-2+3", publish=Audience.PUBLIC)
    practices = anonymous.get(reverse("open-data-file", args=[hostile.slug, "practices", "csv"]))
    rows = list(csv.DictReader(io.StringIO(practices.content.decode())))
    assert sorted(row["title"] for row in rows) == sorted(
        ["'" + titles[0], "'" + titles[1], titles[2]]
    )
    assert {row["summary"] for row in rows} <= {"'-2+3", ""}


def test_the_audit_trail_csv(demo, as_office):
    title = '=HYPERLINK("http://x"&A1,"klik")'
    region = demo.region_set.regions.get(code="AM01")
    plan = services.plan_for_region(programme=demo, region=region)
    services.plan_update(
        plan=plan, by=user("regio-am01"), lock_version=plan.lock_version, title=title
    )
    today = timezone.localdate().isoformat()
    response = as_office.get(
        reverse("trail-export"), {"starts_on": today, "ends_on": today, "download": "1"}
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    changed = [row for row in rows if row["action"] == "plan.update" and row["field"] == "title"]
    assert [row["new"] for row in changed] == ["'" + title]
    assert all(not row[column].startswith("=") for row in rows for column in row)
