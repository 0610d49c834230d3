"""`sectorplan report` (CONTRACTS §3, §5) through the real console script: one table as CSV
(stdout or -o), every table as an XLSX workbook, and clear refusals."""

import csv
import io

import openpyxl

from tests.contracts.helpers import ok, refused

HEADERS = {
    "allocation": "region_code,region_name,basis,subsidy,cofinancing",
    "coverage": "theme,activity_type,label,plans,total",
    "ser": "function,label,present_yes,present_n,present_unknown,present_pct,"
    "contribution_yes,contribution_n,contribution_unknown,contribution_pct",
    "regions": "region_code,region_name,plan_status,subsidy,cofinancing,spent,round_status",
}


def test_each_table_as_csv_has_the_contract_columns(cli_p1):
    for table, header in HEADERS.items():
        result = ok(cli_p1("report", "p1", "--format", "csv", "--table", table))
        lines = result.stdout.splitlines()
        assert lines[0] == header, table
    allocation = list(csv.DictReader(io.StringIO(ok(cli_p1("allocate", "p1")).stdout)))
    reported = ok(cli_p1("report", "p1", "--format", "csv", "--table", "allocation")).stdout
    assert list(csv.DictReader(io.StringIO(reported))) == allocation  # the same figures


def test_csv_to_a_file_and_the_workbook(cli_p1, tmp_path):
    path = tmp_path / "ser.csv"
    ok(cli_p1("report", "p1", "--format", "csv", "--table", "ser", "-o", path))
    assert path.read_text(encoding="utf-8").splitlines()[0] == HEADERS["ser"]
    workbook_path = tmp_path / "rapport.xlsx"
    ok(cli_p1("report", "p1", "--format", "xlsx", "-o", workbook_path, "--round", "eindevaluatie"))
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["rapport", "allocation", "coverage", "ser", "regions"]
    about = {row[0]: row[1] for row in workbook["rapport"].iter_rows(values_only=True) if row}
    assert about["slug"] == "p1" and about["Round"] == "eindevaluatie" and about["Data as of"]
    header = [cell.value for cell in workbook["ser"][1]]
    assert ",".join(header) == HEADERS["ser"]
    regions = list(workbook["regions"].iter_rows(min_row=2, values_only=True))
    assert len(regions) == 35 and regions[0][2] == "none"  # no plan yet


def test_refusals(cli_p1, tmp_path):
    assert refused(cli_p1("report", "p1", "--format", "csv", "--table", "nope")) == [
        "unknown table 'nope' (tables: allocation, coverage, ser, regions)"
    ]
    assert refused(cli_p1("report", "p1", "--format", "csv")) == ["--format csv needs --table"]
    assert refused(cli_p1("report", "p1", "--format", "xlsx")) == ["--format xlsx needs -o PATH"]
    assert refused(cli_p1("report", "p1", "--format", "csv", "--table", "ser", "--round", "x"))[
        0
    ].startswith("unknown round 'x'")
    usage = cli_p1("report", "p1", "--format", "odt", "-o", tmp_path / "x.odt")
    assert usage.returncode == 2
    assert refused(cli_p1("report", "p1", "--format", "pdf")) == ["--format pdf needs -o PATH"]


def test_the_final_report_as_docx_pdf_and_html(cli_p1, tmp_path):
    import docx

    ok(cli_p1("report", "p1", "--format", "docx", "-o", tmp_path / "rapport.docx"))
    document = docx.Document(tmp_path / "rapport.docx")
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Eindrapportage Programma één"]  # in Dutch
    ok(cli_p1("report", "p1", "--format", "docx", "--language", "en", "-o", tmp_path / "en.docx"))
    english = docx.Document(tmp_path / "en.docx")
    assert [p.text for p in english.paragraphs if p.style.name == "Title"] == [
        "Final report Programma één"
    ]
    ok(cli_p1("report", "p1", "--format", "html", "-o", tmp_path / "rapport.html"))
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "<h1>Eindrapportage Programma één</h1>" in html
    assert '<h2 id="toc-title">Inhoud</h2>' in html
    ok(cli_p1("report", "p1", "--format", "pdf", "-o", tmp_path / "rapport.pdf"))
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF")
