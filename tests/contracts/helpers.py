"""Small helpers for the CLI contract tests: input files, stored state, expected amounts."""

import csv
import io
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl

REGION_CODES = [f"AM{number:02d}" for number in range(1, 36)]
ALLOCATION_HEADER = "region_code,region_name,basis,subsidy,cofinancing"
CENT = Decimal("0.01")

# Programme `p1` of the `cli_p1` fixture (see conftest.py).
P1_BUDGET = Decimal("1000000")
P1_RATIO = Decimal("0.5")
# 100.25, 200.5, 300.75, 400, 500.25, …: whole and fractional values.
P1_BASIS = {
    code: Decimal(100 * number) + Decimal("0.25") * (number % 4)
    for number, code in enumerate(REGION_CODES, 1)
}


# --- input files -------------------------------------------------------------------------


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    crlf: bool = False,
    encoding: str = "utf-8",
) -> Path:
    """Write `rows` as they are (no quoting) so the test controls every byte."""
    newline = "\r\n" if crlf else "\n"
    text = "".join(delimiter.join(row) + newline for row in rows)
    data = text.encode(encoding)
    path.write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, more_sheets: int = 0) -> Path:
    """A workbook whose first sheet holds `rows`; further sheets hold junk to be ignored."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "basis"
    for row in rows:
        sheet.append(row)
    for number in range(more_sheets):
        other = workbook.create_sheet(f"junk{number}")
        other.append(["region_code", "basis"])
        other.append(["AM36", "not a number"])
    workbook.save(path)
    return path


def basis_rows(basis: dict[str, Decimal]) -> list[list[str]]:
    """`region_code,basis` header and one row per region, numbers in plain form."""
    return [["region_code", "basis"]] + [[code, f"{value:f}"] for code, value in basis.items()]


def dutch(value: Decimal) -> str:
    """`1234.5` as Dutch Excel shows it: `1.234,5`."""
    integer, _point, fraction = f"{value:f}".partition(".")
    groups = []
    while len(integer) > 3:
        integer, group = integer[:-3], integer[-3:]
        groups.insert(0, group)
    text = ".".join([integer, *groups])
    return f"{text},{fraction}" if fraction else text


# --- running the command line --------------------------------------------------------------


def ok(result):
    """The result of a command that must succeed."""
    assert result.returncode == 0, result.stderr
    return result


def refused(result) -> list[str]:
    """The stderr lines of a command that must be refused with status 1 (no traceback)."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert lines, "a refusal says why"
    return lines


def dump(cli, *labels: str) -> list[dict]:
    """`sectorplan dumpdata LABEL…` parsed: the stored state of those models."""
    result = ok(cli("dumpdata", *labels))
    return json.loads(result.stdout)


def objects(dumped: list[dict], model: str) -> list[dict]:
    return [item for item in dumped if item["model"] == model]


def region_codes(dumped: list[dict]) -> dict[int, str]:
    """Region code by primary key, from a dump that includes `programmes.region`."""
    return {item["pk"]: item["fields"]["code"] for item in objects(dumped, "programmes.region")}


def basis_by_code(cli, slug: str) -> dict[str, Decimal | None]:
    """The stored basis of each region of programme `slug`, by region code."""
    dumped = dump(cli, "programmes.programme", "programmes.participation", "programmes.region")
    (programme,) = [
        item for item in objects(dumped, "programmes.programme") if item["fields"]["slug"] == slug
    ]
    codes = region_codes(dumped)
    return {
        codes[p["fields"]["region"]]: (
            None if p["fields"]["basis"] is None else Decimal(p["fields"]["basis"])
        )
        for p in objects(dumped, "programmes.participation")
        if p["fields"]["programme"] == programme["pk"]
    }


def read_allocation(stdout: str) -> list[dict[str, str]]:
    """The rows of `allocate`'s CSV output, as text."""
    return list(csv.DictReader(io.StringIO(stdout)))


# --- the allocation rule of CONTRACTS §3, computed independently ---------------------------


def quota(budget: Decimal, basis: dict[str, Decimal], code: str) -> Fraction:
    return Fraction(budget) * Fraction(basis[code]) / sum(map(Fraction, basis.values()))


def expected_allocation(
    budget: Decimal, basis: dict[str, Decimal], ratio: Decimal
) -> dict[str, tuple[Decimal, Decimal]]:
    """(subsidy, cofinancing) per region by the largest-remainder method, ties by code."""
    cents = {code: quota(budget, basis, code) * 100 for code in basis}
    floored = {code: int(value) for code, value in cents.items()}
    left = int(budget * 100) - sum(floored.values())
    for code in sorted(basis, key=lambda code: (floored[code] - cents[code], code))[:left]:
        floored[code] += 1
    result = {}
    for code in basis:
        subsidy = Decimal(floored[code]) * CENT
        result[code] = (subsidy, (subsidy * ratio).quantize(CENT, rounding=ROUND_HALF_UP))
    return result


def check_allocation(
    stdout: str, *, budget: Decimal, basis: dict[str, Decimal], ratio: Decimal
) -> list[dict[str, str]]:
    """Check `allocate`'s output against CONTRACTS §3 for this budget, basis and ratio."""
    rows = read_allocation(stdout)
    assert stdout.splitlines()[0] == ALLOCATION_HEADER
    assert [row["region_code"] for row in rows] == sorted(basis)
    assert {row["region_code"]: Decimal(row["basis"]) for row in rows} == basis
    subsidies = {row["region_code"]: Decimal(row["subsidy"]) for row in rows}
    assert sum(subsidies.values()) == budget
    for code, subsidy in subsidies.items():
        assert abs(Fraction(subsidy) - quota(budget, basis, code)) < Fraction(1, 100), code
    for row in rows:
        subsidy = Decimal(row["subsidy"])
        expected = (subsidy * ratio).quantize(CENT, rounding=ROUND_HALF_UP)
        assert Decimal(row["cofinancing"]) == expected, row
    assert {
        row["region_code"]: (Decimal(row["subsidy"]), Decimal(row["cofinancing"])) for row in rows
    } == expected_allocation(budget, basis, ratio)
    return rows


def run_module(cli, *args: str):
    """`python -m sectorplan ARGS…` with the environment and directory of `cli`."""
    done = subprocess.run(
        [sys.executable, "-m", "sectorplan", *args],
        cwd=cli.workdir,
        env=cli.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done
