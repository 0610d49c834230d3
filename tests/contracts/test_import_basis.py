"""`sectorplan import-basis SLUG FILE` (CONTRACTS §3, "Input files"; issue 3, "Bad input").

Every test runs on `cli_p1`: programme p1 (budget 1000000, ratio 0.5) with P1_BASIS stored.
"""

import io
import random
import zipfile
from decimal import Decimal

import pytest

from tests.contracts.helpers import (
    P1_BASIS,
    P1_BUDGET,
    P1_RATIO,
    REGION_CODES,
    basis_by_code,
    basis_rows,
    check_allocation,
    dump,
    dutch,
    ok,
    refused,
    write_csv,
    write_xlsx,
)

# 1037.5, 2074.75, 3111.25, …: differs from P1_BASIS for every region. Each has decimals:
# a lone dot is a decimal point (core/numbers.py), so Dutch `3.111` would read as 3.111.
NEW_BASIS = {
    code: Decimal(1037 * number) + Decimal(number % 3 + 1) / 4
    for number, code in enumerate(REGION_CODES, 1)
}


def import_basis(cli, path):
    return cli("import-basis", "p1", path)


def test_dutch_excel_csv(cli_p1, tmp_path):
    """Semicolons, BOM, CRLF, `1.234,5`, padded upper-case header, lower-case codes."""
    rows = [[" REGION_CODE ", " Basis "]]
    for number, (code, value) in enumerate(NEW_BASIS.items(), 1):
        if number % 5 == 0:
            code = code.lower()
        if number % 7 == 0:
            code = f" {code} "
        text = {0: dutch(value), 1: f"{value:f}".replace(".", ","), 2: f"{value:f}"}[number % 3]
        rows.append([code, text])
    path = write_csv(tmp_path / "basis.csv", rows, delimiter=";", bom=True, crlf=True)

    imported = ok(import_basis(cli_p1, path))
    assert imported.stdout.strip() == "imported the basis of 35 regions into 'p1'"

    allocation = ok(cli_p1("allocate", "p1"))
    rows = check_allocation(allocation.stdout, budget=P1_BUDGET, basis=NEW_BASIS, ratio=P1_RATIO)
    # Half-up rounding of the co-financing only shows on an odd number of cents.
    assert any(Decimal(row["subsidy"]) * 100 % 2 for row in rows)


def test_xlsx(cli_p1, tmp_path):
    """Columns in another order, numbers as numbers or Dutch text; only the first sheet."""
    basis = {code: Decimal(number) / 8 for number, code in enumerate(REGION_CODES, 1)}
    rows = [["Basis", "Region_Code"]]
    for number, (code, value) in enumerate(basis.items(), 1):
        if number % 3 == 0:
            # typed as text, with four decimals: "1,125" alone would be ambiguous
            cell = f"{value:.4f}".replace(".", ",")
        elif value == value.to_integral_value():
            cell = int(value)
        else:
            cell = float(value)  # multiples of 1/8 are exact floats
        rows.append([cell, code.lower() if number % 2 else code])
    path = write_xlsx(tmp_path / "basis.xlsx", rows, more_sheets=1)

    imported = ok(import_basis(cli_p1, path))
    assert imported.stdout.strip() == "imported the basis of 35 regions into 'p1'"
    assert basis_by_code(cli_p1, "p1") == basis


def test_importing_the_same_file_twice_gives_the_same_state(cli_p1, p1_database, tmp_path):
    path = write_csv(tmp_path / "basis.csv", basis_rows(NEW_BASIS))
    ok(import_basis(cli_p1, path))
    once = dump(cli_p1, "programmes.participation")
    ok(import_basis(cli_p1, path))
    assert dump(cli_p1, "programmes.participation") == once
    assert once != p1_database.participations


def test_a_partial_file_leaves_the_other_regions_alone(cli_p1, tmp_path):
    path = write_csv(
        tmp_path / "basis.csv",
        [["region_code", "basis"], ["AM02", "7"], ["AM17", "0"], ["AM35", "1.234,56"]],
        delimiter=";",
    )
    assert ok(import_basis(cli_p1, path)).stdout.strip() == (
        "imported the basis of 3 regions into 'p1'"
    )
    expected = {**P1_BASIS, "AM02": Decimal(7), "AM17": Decimal(0), "AM35": Decimal("1234.56")}
    assert basis_by_code(cli_p1, "p1") == expected


# --- bad input: status 1, one line per problem, nothing stored ----------------------------

HEADER = ["region_code", "basis"]


def csv_file(rows, name="basis.csv", **options):
    return lambda directory: write_csv(directory / name, rows, **options)


def bytes_file(data: bytes, name: str):
    def make(directory):
        path = directory / name
        path.write_bytes(data)
        return path

    return make


def _zip_that_is_no_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a spreadsheet")
    return buffer.getvalue()


# Each case: the file, then what each line of stderr says, in order: the first fragment
# starts the line, the others occur in it.
BAD_FILES = {
    "unknown-region": (
        csv_file([HEADER, ["AM01", "1"], ["AM36", "5"]]),
        [("line 3: region_code 'AM36' is not a region of programme 'p1'",)],
    ),
    "duplicate-region": (
        csv_file([HEADER, ["AM02", "1"], ["AM03", "2"], ["am02", "3"]]),
        [("line 4:", "'am02'", "line 2")],
    ),
    "negative-basis": (
        csv_file([HEADER, ["AM01", "1"], ["AM02", "-3"]]),
        [("line 3:", "basis", "'-3'", "0 or more")],
    ),
    "non-numeric-basis": (
        csv_file([HEADER, ["AM01", "1"], ["AM02", "veel"]]),
        [("line 3:", "basis", "'veel'", "not a number")],
    ),
    "missing-column": (
        csv_file([["region_code"], ["AM01"]]),
        [("line 1:", "missing column 'basis'")],
    ),
    "unknown-column": (
        csv_file([[*HEADER, "opmerking"], ["AM01", "1", "klopt"]]),
        [("line 1:", "unknown column 'opmerking'")],
    ),
    "value-without-column": (
        csv_file([HEADER, ["AM01", "1"], ["AM02", "2", "3"]]),
        [("line 3:", "more values")],
    ),
    "empty-file": (bytes_file(b"", "basis.csv"), [("the file is empty",)]),
    "header-only": (csv_file([HEADER], crlf=True), [("the file has no data rows",)]),
    "pdf": (
        bytes_file(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "basis.pdf"),
        [("'basis.pdf' is not a CSV or XLSX file",)],
    ),
    "random-bytes-as-csv": (
        bytes_file(random.Random(3).randbytes(512), "basis.csv"),
        [("'basis.csv' is not a valid CSV file",)],
    ),
    "elf-as-csv": (
        bytes_file(b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"region_code,basis\n", "basis.csv"),
        [("'basis.csv' is not a valid CSV file",)],
    ),
    "zip-as-xlsx": (
        bytes_file(_zip_that_is_no_workbook(), "basis.xlsx"),
        [("'basis.xlsx' is not a valid XLSX file",)],
    ),
    "cp1252-csv": (
        csv_file(
            [HEADER, ["AM01", "10"], ["AM02", "€ 20"]], delimiter=";", crlf=True, encoding="cp1252"
        ),
        [("line 3:", "UTF-8")],
    ),
    "several-errors": (
        csv_file(
            [
                HEADER,
                ["AM36", "1"],  # line 2
                ["AM01", "-1"],  # line 3
                [],  # line 4, blank: still counts as a line
                ["AM02", "veel"],  # line 5
                ["AM03", "1"],  # line 6
                ["am03", "2"],  # line 7
                ["", "5"],  # line 8
                ["AM04", "4"],  # line 9, fine
            ]
        ),
        [
            ("line 2:", "'AM36'", "not a region of programme 'p1'"),
            ("line 3:", "'-1'"),
            ("line 5:", "'veel'"),
            ("line 7:", "'am03'", "line 6"),
            ("line 8:", "region_code"),
        ],
    ),
    "xlsx-negative-basis": (
        lambda directory: write_xlsx(
            directory / "basis.xlsx", [HEADER, ["AM01", 1], ["AM02", 2.5], ["AM03", -4]]
        ),
        [("line 4:", "'-4'", "0 or more")],
    ),
}


@pytest.mark.parametrize(("make_file", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_refused_and_nothing_changes(
    cli_p1, p1_database, tmp_path, make_file, expected
):
    errors = refused(import_basis(cli_p1, make_file(tmp_path)))
    assert len(errors) == len(expected), errors
    for error, (start, *fragments) in zip(errors, expected, strict=True):
        assert error.startswith(start), error
        assert all(fragment in error for fragment in fragments), (fragments, error)
    assert dump(cli_p1, "programmes.participation") == p1_database.participations


def test_basis_too_large_to_store_is_refused(cli_p1, p1_database, tmp_path):
    path = write_csv(tmp_path / "basis.csv", [HEADER, ["AM01", "1"], ["AM02", "1000000000000"]])
    (error,) = refused(import_basis(cli_p1, path))
    assert error.startswith("line 3:"), error
    assert dump(cli_p1, "programmes.participation") == p1_database.participations


def test_unknown_programme_is_refused(cli_p1, tmp_path):
    path = write_csv(tmp_path / "basis.csv", basis_rows(NEW_BASIS))
    (error,) = refused(cli_p1("import-basis", "bestaat-niet", path))
    assert error == "unknown programme 'bestaat-niet'"


def test_missing_file_is_refused_with_a_clear_message(cli_p1, tmp_path):
    (error,) = refused(import_basis(cli_p1, tmp_path / "missing.csv"))
    assert "cannot read 'missing.csv'" in error
    assert "No such file" in error
