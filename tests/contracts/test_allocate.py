"""`sectorplan allocate SLUG [--publish]` (CONTRACTS §3, "Allocation").

Every test runs on `cli_p1`: programme p1 (budget 1000000, ratio 0.5) with P1_BASIS stored.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

import sectorplan
from tests.contracts.helpers import (
    ALLOCATION_HEADER,
    P1_BASIS,
    P1_BUDGET,
    P1_RATIO,
    REGION_CODES,
    basis_rows,
    check_allocation,
    dump,
    objects,
    ok,
    read_allocation,
    refused,
    region_codes,
    write_csv,
)

REGION_SET = Path(sectorplan.__file__).parent / "programmes/region_sets/arbeidsmarktregios-2015.csv"
AMOUNT = re.compile(r"^[0-9]+\.[0-9]{2}$")


def set_basis(cli, tmp_path, basis: dict[str, Decimal]) -> None:
    ok(cli("import-basis", "p1", write_csv(tmp_path / "basis.csv", basis_rows(basis))))


def amounts(stdout: str) -> dict[str, tuple[str, str]]:
    """(subsidy, cofinancing) as printed, by region code."""
    rows = read_allocation(stdout)
    return {row["region_code"]: (row["subsidy"], row["cofinancing"]) for row in rows}


def publications(cli) -> list[dict]:
    """The stored publications, oldest first, each with its lines by region code."""
    dumped = dump(
        cli, "programmes.allocationpublication", "programmes.allocationline", "programmes.region"
    )
    codes = region_codes(dumped)
    result = []
    for publication in sorted(
        objects(dumped, "programmes.allocationpublication"), key=lambda p: p["pk"]
    ):
        lines = {
            codes[line["fields"]["region"]]: (
                Decimal(line["fields"]["basis"]),
                Decimal(line["fields"]["subsidy"]),
                Decimal(line["fields"]["cofinancing"]),
            )
            for line in objects(dumped, "programmes.allocationline")
            if line["fields"]["publication"] == publication["pk"]
        }
        result.append({**publication["fields"], "lines": lines})
    return result


def as_stored(stdout: str) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """`allocate`'s output in the form `publications` gives the stored lines."""
    return {
        row["region_code"]: (
            Decimal(row["basis"]),
            Decimal(row["subsidy"]),
            Decimal(row["cofinancing"]),
        )
        for row in read_allocation(stdout)
    }


def test_output_format(cli_p1):
    result = ok(cli_p1("allocate", "p1"))
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == ALLOCATION_HEADER
    assert len(lines) == 36
    rows = check_allocation(result.stdout, budget=P1_BUDGET, basis=P1_BASIS, ratio=P1_RATIO)
    assert [row["region_code"] for row in rows] == REGION_CODES
    with REGION_SET.open(encoding="utf-8", newline="") as handle:
        names = {region["code"]: region["name"] for region in csv.DictReader(handle)}
    assert {row["region_code"]: row["region_name"] for row in rows} == names
    for row in rows:
        assert AMOUNT.match(row["subsidy"]), row
        assert AMOUNT.match(row["cofinancing"]), row
        assert re.fullmatch(r"[0-9]+(\.[0-9]+)?", row["basis"]), row


def test_equal_basis_gives_the_spare_cents_to_the_lowest_codes(cli_p1, tmp_path):
    """100000000 cents / 35 = 2857142 each and 30 cents left: AM01…AM30 get one more."""
    set_basis(cli_p1, tmp_path, dict.fromkeys(REGION_CODES, Decimal(1)))
    result = ok(cli_p1("allocate", "p1"))
    # Co-financing is half the subsidy, rounded half up: 14285.715 → 14285.72.
    expected = {
        code: ("28571.43", "14285.72") if code <= "AM30" else ("28571.42", "14285.71")
        for code in REGION_CODES
    }
    assert amounts(result.stdout) == expected


def test_zero_basis_gives_zero(cli_p1, tmp_path):
    """33 regions of basis 1: 100000000 cents / 33 = 3030303 each, one cent left for AM02."""
    basis = dict.fromkeys(REGION_CODES, Decimal(1))
    basis.update(AM01=Decimal(0), AM35=Decimal(0))
    set_basis(cli_p1, tmp_path, basis)
    result = ok(cli_p1("allocate", "p1"))
    expected = dict.fromkeys(REGION_CODES, ("30303.03", "15151.52"))
    expected.update(AM01=("0.00", "0.00"), AM02=("30303.04", "15151.52"), AM35=("0.00", "0.00"))
    assert amounts(result.stdout) == expected


def test_all_zero_basis_is_refused(cli_p1, tmp_path):
    set_basis(cli_p1, tmp_path, dict.fromkeys(REGION_CODES, Decimal(0)))
    (error,) = refused(cli_p1("allocate", "p1"))
    assert "basis of every region is 0" in error
    (error,) = refused(cli_p1("allocate", "p1", "--publish"))
    assert "basis of every region is 0" in error
    assert publications(cli_p1) == []


def test_unknown_programme_is_refused(cli_p1):
    (error,) = refused(cli_p1("allocate", "bestaat-niet"))
    assert error == "unknown programme 'bestaat-niet'"


def test_publish_stores_the_allocation(cli_p1):
    result = ok(cli_p1("allocate", "p1", "--publish"))
    check_allocation(result.stdout, budget=P1_BUDGET, basis=P1_BASIS, ratio=P1_RATIO)
    *changes, last = result.stderr.splitlines()
    assert last == "published the allocation of 'p1'"
    assert [change.split(":")[0] for change in changes] == REGION_CODES

    (publication,) = publications(cli_p1)
    assert Decimal(publication["budget"]) == P1_BUDGET
    assert Decimal(publication["cofinancing_ratio"]) == P1_RATIO
    assert publication["published_at"]
    assert publication["lines"] == as_stored(result.stdout)


def test_published_allocation_stays_until_published_again(cli_p1, tmp_path):
    first = ok(cli_p1("allocate", "p1", "--publish"))

    # Swap the basis of AM01 and AM02: only their amounts change.
    swapped = {"AM01": P1_BASIS["AM02"], "AM02": P1_BASIS["AM01"]}
    set_basis(cli_p1, tmp_path, swapped)
    computed = ok(cli_p1("allocate", "p1"))
    check_allocation(
        computed.stdout, budget=P1_BUDGET, basis={**P1_BASIS, **swapped}, ratio=P1_RATIO
    )
    (publication,) = publications(cli_p1)
    assert publication["lines"] == as_stored(first.stdout)

    old, new = amounts(first.stdout), amounts(computed.stdout)
    changed = [code for code in REGION_CODES if old[code] != new[code]]
    assert changed == ["AM01", "AM02"]

    republished = ok(cli_p1("allocate", "p1", "--publish"))
    assert republished.stdout == computed.stdout
    *differences, last = republished.stderr.splitlines()
    assert last == "published the allocation of 'p1'"
    assert len(differences) == len(changed), differences
    for code, line in zip(changed, differences, strict=True):
        assert line.startswith(code), line
        assert old[code][0] in line and new[code][0] in line, line

    before, after = publications(cli_p1)
    assert before["lines"] == as_stored(first.stdout)
    assert after["lines"] == as_stored(computed.stdout)


def test_publishing_an_unchanged_allocation_adds_no_publication(cli_p1):
    ok(cli_p1("allocate", "p1", "--publish"))
    again = ok(cli_p1("allocate", "p1", "--publish"))
    assert "up to date" in again.stderr
    assert len(again.stderr.splitlines()) == 1
    assert len(publications(cli_p1)) == 1
