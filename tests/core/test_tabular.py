import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sectorplan.core.tabular import (
    ImportRefused,
    Row,
    Table,
    batched,
    decimal_at_least,
    parse_cell,
    read_table,
)

BASIS = ["region_code", "basis"]
PLANS = ["region_code", "activity_type", "title", "subsidy", "cofinancing"]


@pytest.fixture(autouse=True)
def english():
    # The project's default language is Dutch; the assertions check the English source text.
    with translation.override("en"):
        yield


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def write_xlsx(tmp_path, rows, name="data.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            sheet.cell(row=number, column=column, value=value)
    path = tmp_path / name
    workbook.save(path)
    return path


def refusal(source, columns=BASIS, **kwargs):
    with pytest.raises(ImportRefused) as raised:
        list(read_table(source, columns=columns, **kwargs))
    return raised.value.errors


def table(rows):
    return [(row.line, row.values) for row in rows]


# CSV


def test_dutch_excel_csv_with_bom_semicolons_and_crlf(tmp_path):
    path = write(
        tmp_path,
        "basis.csv",
        b"\xef\xbb\xbfregion_code;basis\r\nAM01;1.234,56\r\nAM02;7\r\n",
    )
    rows = read_table(path, columns=BASIS)
    assert table(rows) == [
        (2, {"region_code": "AM01", "basis": "1.234,56"}),
        (3, {"region_code": "AM02", "basis": "7"}),
    ]


def test_plain_csv_with_comma_and_quoted_dutch_number(tmp_path):
    path = write(tmp_path, "basis.csv", 'region_code,basis\nAM01,"1.234,56"\n')
    assert table(read_table(path, columns=BASIS)) == [
        (2, {"region_code": "AM01", "basis": "1.234,56"})
    ]


def test_quoted_newline_keeps_later_line_numbers_right(tmp_path):
    path = write(
        tmp_path,
        "plans.csv",
        "region_code;activity_type;title;subsidy;cofinancing\r\n"
        'AM01;scholing;"Two\r\nline title";100;100\r\n'
        "AM02;scholing;Plain;200;200\r\n"
        "\r\n"
        "AM03;scholing;After a blank line;300;300\r\n",
    )
    rows = list(read_table(path, columns=PLANS))
    assert [row.line for row in rows] == [2, 4, 6]
    assert rows[0].values["title"] == "Two\r\nline title"
    assert rows[2].values["region_code"] == "AM03"


def test_header_names_are_stripped_lowercased_and_in_any_order(tmp_path):
    path = write(tmp_path, "basis.csv", "  BASIS ;Region_Code\n 12,5 ; am01 \n")
    assert table(read_table(path, columns=BASIS)) == [(2, {"region_code": "am01", "basis": "12,5"})]


def test_columns_argument_is_case_insensitive(tmp_path):
    path = write(tmp_path, "basis.csv", "region_code,basis\nAM01,1\n")
    assert next(read_table(path, columns=["Region_Code", "BASIS"])).values == {
        "region_code": "AM01",
        "basis": "1",
    }


def test_semicolon_inside_quotes_does_not_decide_the_delimiter(tmp_path):
    path = write(tmp_path, "x.csv", '"a;b;c",basis\nx;y,1\n')
    rows = list(read_table(path, columns=["a;b;c", "basis"]))
    assert rows[0].values == {"a;b;c": "x;y", "basis": "1"}


def test_blank_rows_skipped_and_short_rows_padded(tmp_path):
    path = write(tmp_path, "plans.csv", "region_code,title,subsidy\n\n  \nAM01,x\n, ,\nAM02\n")
    rows = read_table(path, columns=["region_code", "title", "subsidy"])
    assert table(rows) == [
        (4, {"region_code": "AM01", "title": "x", "subsidy": ""}),
        (6, {"region_code": "AM02", "title": "", "subsidy": ""}),
    ]


def test_trailing_empty_columns_are_allowed(tmp_path):
    path = write(tmp_path, "basis.csv", "region_code;basis;;\nAM01;3;;\n")
    assert table(read_table(path, columns=BASIS)) == [(2, {"region_code": "AM01", "basis": "3"})]


def test_extra_values_beyond_the_header_are_errors_for_each_line(tmp_path):
    path = write(tmp_path, "basis.csv", "region_code,basis\nAM01,1,oops\nAM02,2, \nAM03,3,,x\n")
    assert refusal(path) == [
        "line 2: more values than there are columns in the header",
        "line 4: more values than there are columns in the header",
    ]


def test_header_errors_are_all_collected(tmp_path):
    path = write(tmp_path, "plans.csv", "Region_Code,foo,title,TITLE,,subsidy,bar\nAM01\n")
    assert refusal(path, columns=PLANS) == [
        "line 1: unknown column 'foo'",
        "line 1: duplicate column 'title'",
        "line 1: column 5 has no name",
        "line 1: unknown column 'bar'",
        "line 1: missing column 'activity_type'",
        "line 1: missing column 'cofinancing'",
    ]


def test_header_after_leading_blank_lines_reports_its_own_line(tmp_path):
    path = write(tmp_path, "basis.csv", "\n\nregion_code\nAM01\n")
    assert refusal(path) == ["line 3: missing column 'basis'"]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" ; \n;;\n"])
def test_empty_csv(tmp_path, content):
    assert refusal(write(tmp_path, "basis.csv", content)) == ["the file is empty"]


def test_header_only_csv(tmp_path):
    path = write(tmp_path, "basis.csv", "region_code;basis\r\n;\r\n\r\n")
    assert refusal(path) == ["the file has no data rows"]


def test_cp1252_csv_is_refused_with_the_line_number(tmp_path):
    path = write(tmp_path, "plans.csv", b"region_code;title\r\nAM01;ok\r\nAM02;caf\xe9\r\n")
    assert refusal(path, columns=["region_code", "title"]) == [
        "line 3: the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')"
    ]


def test_utf16_csv_is_refused_as_not_utf8(tmp_path):
    path = write(tmp_path, "basis.csv", "region_code\tbasis\r\n".encode("utf-16"))
    assert refusal(path) == ["the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')"]


def test_executable_renamed_to_csv(tmp_path):
    path = write(tmp_path, "basis.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")
    assert refusal(path) == ["'basis.csv' is not a valid CSV file"]


def test_random_bytes_renamed_to_csv(tmp_path):
    noise = bytes((i * 167 + 13) % 256 for i in range(4096))
    assert refusal(write(tmp_path, "basis.csv", noise)) == ["'basis.csv' is not a valid CSV file"]


def test_binary_without_nul_bytes_renamed_to_csv(tmp_path):
    # The one newline (0x0a) comes before the first byte that cannot start UTF-8 (0x80).
    noise = bytes(range(1, 256))
    assert refusal(write(tmp_path, "basis.csv", noise)) == [
        "line 2: the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')"
    ]


def test_xlsx_renamed_to_csv(tmp_path):
    path = write_xlsx(tmp_path, [BASIS, ["AM01", 1]])
    renamed = path.rename(tmp_path / "basis.csv")
    assert refusal(renamed) == ["'basis.csv' is not a valid CSV file"]


def test_unclosed_quote_is_refused_at_the_line_it_opens(tmp_path):
    path = write(tmp_path, "basis.csv", 'region_code,basis\nAM01,1\nAM02,"2\nAM03,3\n')
    errors = refusal(path)
    assert len(errors) == 1
    assert errors[0].startswith("line 3: the file is not valid CSV (")


# XLSX


def test_xlsx_values_and_sheet_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Region_Code ", "activity_type", "title", "subsidy", "cofinancing"],
            ["AM01", "scholing", "  Padded  ", 1234.56, 100],
            [],
            [None, None, "   ", None, None],
            ["AM02", "scholing", datetime.date(2015, 3, 1), 3.0, 0.1],
            ["AM03", "scholing", datetime.datetime(2015, 3, 1, 12, 30), 1e20, Decimal("2.50")],
            ["AM04", "scholing", True, -0.5, 123456789012],
        ],
    )
    rows = list(read_table(path, columns=PLANS))
    assert [row.line for row in rows] == [2, 5, 6, 7]
    assert [(r.values["title"], r.values["subsidy"], r.values["cofinancing"]) for r in rows] == [
        ("Padded", "1234.56", "100"),
        ("2015-03-01", "3", "0.1"),
        # xlsx stores every number as a double, so 2.50 comes back as 2.5.
        ("2015-03-01", "100000000000000000000", "2.5"),
        ("TRUE", "-0.5", "123456789012"),
    ]


def test_xlsx_only_the_first_sheet_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(BASIS)
    workbook.active.append(["AM01", 1])
    other = workbook.create_sheet("other")
    other.append(["something", "else"])
    path = tmp_path / "basis.xlsx"
    workbook.save(path)
    assert table(read_table(path, columns=BASIS)) == [(2, {"region_code": "AM01", "basis": "1"})]


def test_xlsx_header_errors(tmp_path):
    path = write_xlsx(tmp_path, [["region_code", "Region_code", "extra"], ["AM01"]])
    assert refusal(path) == [
        "line 1: duplicate column 'region_code'",
        "line 1: unknown column 'extra'",
        "line 1: missing column 'basis'",
    ]


def test_xlsx_extra_values_are_errors(tmp_path):
    path = write_xlsx(tmp_path, [BASIS, ["AM01", 1, None, "x"], ["AM02", 2]])
    assert refusal(path) == ["line 2: more values than there are columns in the header"]


def test_empty_xlsx(tmp_path):
    assert refusal(write_xlsx(tmp_path, [])) == ["the file is empty"]


def test_header_only_xlsx(tmp_path):
    assert refusal(write_xlsx(tmp_path, [BASIS, [None, " "]])) == ["the file has no data rows"]


def test_pdf_renamed_to_xlsx(tmp_path):
    path = write(tmp_path, "basis.xlsx", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert refusal(path) == ["'basis.xlsx' is not a valid XLSX file"]


def test_other_zip_renamed_to_xlsx(tmp_path):
    path = tmp_path / "basis.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refusal(path) == ["'basis.xlsx' is not a valid XLSX file"]


def test_csv_renamed_to_xlsx(tmp_path):
    path = write(tmp_path, "basis.xlsx", "region_code,basis\nAM01,1\n")
    assert refusal(path) == ["'basis.xlsx' is not a valid XLSX file"]


# Kinds of file and of source


@pytest.mark.parametrize("name", ["basis.pdf", "basis.xls", "basis.txt", "basis", "csv"])
def test_other_extensions_are_refused(tmp_path, name):
    path = write(tmp_path, name, "region_code,basis\nAM01,1\n")
    assert refusal(path) == [f"'{name}' is not a CSV or XLSX file"]


def test_extension_is_case_insensitive(tmp_path):
    path = write(tmp_path, "BASIS.CSV", "region_code,basis\nAM01,1\n")
    assert len(list(read_table(path, columns=BASIS))) == 1
    xlsx = write_xlsx(tmp_path, [BASIS, ["AM01", 1]], name="BASIS.XLSX")
    assert len(list(read_table(xlsx, columns=BASIS))) == 1


def test_missing_file_is_refused(tmp_path):
    errors = refusal(tmp_path / "nowhere.csv")
    assert len(errors) == 1
    assert errors[0].startswith("cannot read 'nowhere.csv': ")


def test_uploaded_file_takes_the_given_name(tmp_path):
    xlsx = write_xlsx(tmp_path, [BASIS, ["AM01", 2.5]])
    upload = SimpleUploadedFile("upload.xlsx", xlsx.read_bytes())
    assert table(read_table(upload, columns=BASIS)) == [
        (2, {"region_code": "AM01", "basis": "2.5"})
    ]
    renamed = SimpleUploadedFile("upload.bin", b"region_code,basis\nAM01,1\n")
    assert len(list(read_table(renamed, columns=BASIS, filename="basis.csv"))) == 1


def test_file_like_without_a_name_needs_filename():
    data = b"region_code,basis\nAM01,1\n"
    assert refusal(io.BytesIO(data)) == ["'' is not a CSV or XLSX file"]
    assert len(list(read_table(io.BytesIO(data), columns=BASIS, filename="x.csv"))) == 1


def test_open_file_is_named_by_its_basename(tmp_path):
    path = write(tmp_path, "basis.pdf", "region_code,basis\nAM01,1\n")
    with path.open("rb") as handle:
        assert refusal(handle) == ["'basis.pdf' is not a CSV or XLSX file"]


def test_import_refused_lists_all_errors():
    error = ImportRefused(["line 2: a", "line 3: b"])
    assert error.errors == ["line 2: a", "line 3: b"]
    assert str(error) == "line 2: a\nline 3: b"


# Cells


def test_parse_cell_and_decimal_at_least():
    zero = decimal_at_least(Decimal(0))
    errors: list[str] = []
    rows = [
        Row(2, {"basis": "1.234,56"}),
        Row(3, {"basis": ""}),
        Row(4, {"basis": "-3"}),
        Row(5, {"basis": "abc"}),
        Row(6, {"basis": "0"}),
    ]
    values = [parse_cell(row, "basis", zero, errors) for row in rows]
    assert values == [Decimal("1234.56"), None, None, None, Decimal(0)]
    assert errors == [
        "line 3: basis is required",
        "line 4: basis '-3' must be 0 or more",
        "line 5: basis 'abc' is not a number",
    ]


def test_decimal_at_least_other_minimum():
    at_least = decimal_at_least(Decimal("0.5"))
    assert at_least(" 0,5 ") == Decimal("0.5")
    with pytest.raises(ValueError, match=r"^'0,49' must be 0.5 or more$"):
        at_least("0,49")


def test_whole_import_flow_from_a_dutch_csv(tmp_path):
    path = write(tmp_path, "basis.csv", "region_code;basis\r\nAM01;1.234,56\r\nAM02;-1\r\n")
    errors: list[str] = []
    parsed = [
        parse_cell(row, "basis", decimal_at_least(Decimal(0)), errors)
        for row in read_table(path, columns=BASIS)
    ]
    assert parsed == [Decimal("1234.56"), None]
    assert errors == ["line 3: basis '-1' must be 0 or more"]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "upload"])
def test_a_table_reads_its_file_again_from_the_start_each_time(tmp_path, kind):
    """Imports read a file twice (check, then write): each pass sees every row, with the
    same line numbers, whether the file is a path, a workbook or an upload."""
    if kind == "xlsx":
        source = write_xlsx(tmp_path, [["region_code", "basis"], ["AM01", 1], ["AM02", 2]])
    else:
        source = write(tmp_path, "basis.csv", "region_code;basis\nAM01;1\n\nAM02;2\n")
    if kind == "upload":
        source = SimpleUploadedFile("basis.csv", source.read_bytes(), content_type="text/csv")
    rows = Table(source, columns=BASIS, filename="basis.csv" if kind == "upload" else None)
    first = [(row.line, row.values["region_code"]) for row in rows]
    second = [(row.line, row.values["region_code"]) for row in rows]
    assert first == second
    assert [code for _line, code in first] == ["AM01", "AM02"]


def test_a_table_checks_the_header_when_it_is_made(tmp_path):
    source = write(tmp_path, "basis.csv", "region;basis\nAM01;1\n")
    with pytest.raises(ImportRefused) as refused:
        Table(source, columns=BASIS)
    assert refused.value.errors[0].startswith("line 1:")


def test_batched_gives_lists_of_at_most_the_size():
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(batched([], 3)) == []
