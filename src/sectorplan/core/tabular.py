"""Read the CSV and XLSX files that every import takes (CONTRACTS.md §3, "Input files").

Imports are all-or-nothing, so problems are collected and raised together as ImportRefused,
each message prefixed with the line of the file it concerns.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePath
from typing import BinaryIO, TypeVar

from django.utils.translation import gettext as _

from sectorplan.core.errors import Refused
from sectorplan.core.numbers import parse_decimal

T = TypeVar("T")

# (line number, cells) for every physical row of the file, blank ones included.
Lines = list[tuple[int, list[str]]]


class ImportRefused(Refused):
    """The file cannot be imported; `errors` lists every problem found, one message each."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_table(
    source: Path | BinaryIO, *, columns: Sequence[str], filename: str | None = None
) -> list[Row]:
    """Read the data rows of a .csv or .xlsx file whose header holds exactly `columns`.

    `source` is a path or a binary file (such as an upload, named by `filename`).
    Raises ImportRefused listing every problem with the file's structure.
    """
    name = _name_of(source, filename)
    kind = PurePath(name).suffix.lower()
    if kind not in (".csv", ".xlsx"):
        raise ImportRefused([_("'%(name)s' is not a CSV or XLSX file") % {"name": name}])
    data = _read_bytes(source, name)
    lines = _csv_lines(data, name) if kind == ".csv" else _xlsx_lines(data, name)
    return _rows(lines, [column.lower() for column in columns])


def parse_cell(row: Row, column: str, parser: Callable[[str], T], errors: list[str]) -> T | None:
    """Parse one value; on ValueError note `line N: column message` in `errors`, give None."""
    try:
        return parser(row.values[column])
    except ValueError as error:
        errors.append(
            _("line %(line)d: %(column)s %(message)s")
            % {"line": row.line, "column": column, "message": error}
        )
        return None


def decimal_at_least(minimum: Decimal) -> Callable[[str], Decimal]:
    """A parser for parse_cell: a required decimal number of at least `minimum`."""

    def parse(text: str) -> Decimal:
        if not text.strip():
            raise ValueError(_("is required"))
        value = parse_decimal(text)
        if value < minimum:
            raise ValueError(
                _("'%(value)s' must be %(minimum)s or more")
                % {"value": text.strip(), "minimum": f"{minimum:f}"}
            )
        return value

    return parse


def _name_of(source: Path | BinaryIO, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, PurePath):
        return source.name
    return PurePath(str(getattr(source, "name", "") or "")).name


def _read_bytes(source: Path | BinaryIO, name: str) -> bytes:
    try:
        return Path(source).read_bytes() if isinstance(source, PurePath) else source.read()
    except OSError as error:
        raise ImportRefused(
            [_("cannot read '%(name)s': %(reason)s") % {"name": name, "reason": error.strerror}]
        ) from error


def _csv_lines(data: bytes, name: str) -> Lines:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export; NUL bytes would call it not CSV, which misleads.
        raise ImportRefused([_not_utf8()])
    if b"\0" in data:
        raise ImportRefused([_("'%(name)s' is not a valid CSV file") % {"name": name}])
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused([_at(line, _not_utf8())]) from None

    # strict: an unclosed quote would otherwise swallow the rest of the file silently.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    lines: Lines = []
    start = 1  # A quoted value may span lines; a row's number is the line where it starts.
    try:
        for cells in reader:
            lines.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        message = _("the file is not valid CSV (%(reason)s)") % {"reason": error}
        raise ImportRefused([_at(start, message)]) from None
    return lines


def _not_utf8() -> str:
    return _("the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')")


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {",": 0, ";": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _xlsx_lines(data: bytes, name: str) -> Lines:
    refusal = ImportRefused([_("'%(name)s' is not a valid XLSX file") % {"name": name}])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise refusal
    import openpyxl  # here: a command that reads no workbook should not pay for loading it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = workbook.worksheets
            # read_only sheets yield an empty tuple for each missing row, so counting from 1
            # gives the sheet's row numbers.
            values = list(sheets[0].iter_rows(values_only=True)) if sheets else []
        finally:
            workbook.close()
    except Exception as error:
        # A damaged or foreign zip (a renamed .docx, say) fails in many different ways.
        raise refusal from error
    return [(number, [_cell_text(value) for value in row]) for number, row in enumerate(values, 1)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | Decimal):
        # repr is the shortest text that reads back as the same float, so 0.1 stays "0.1"
        # rather than its binary expansion; "f" avoids exponents like 1E+20.
        number = Decimal(repr(value)) if isinstance(value, float) else value
        integral = number.is_finite() and number == number.to_integral_value()
        text = f"{number.to_integral_value() if integral else number:f}"
        # A workbook number is an exact value, not typed text: "1.125" must not fall under
        # the rule that refuses an ambiguous "1.000", so it gets a fourth decimal.
        return text + "0" if len(text.partition(".")[2]) == 3 else text
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _rows(lines: Lines, columns: list[str]) -> list[Row]:
    lines = [(line, cells) for line, cells in lines if any(cell.strip() for cell in cells)]
    if not lines:
        raise ImportRefused([_("the file is empty")])
    (header_line, header), *data = lines
    names = [cell.replace("\ufeff", "").strip().lower() for cell in header]
    while names and not names[-1]:  # Spreadsheets often carry empty columns after the last one.
        names.pop()
    errors = _header_errors(header_line, names, columns)
    if errors:
        raise ImportRefused(errors)
    if not data:
        raise ImportRefused([_("the file has no data rows")])

    rows = []
    for line, cells in data:
        if any(cell.strip() for cell in cells[len(names) :]):
            errors.append(_at(line, _("more values than there are columns in the header")))
            continue
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
        rows.append(Row(line, {column: values.get(column, "") for column in columns}))
    if errors:
        raise ImportRefused(errors)
    return rows


def _header_errors(line: int, names: list[str], columns: list[str]) -> list[str]:
    errors = []
    seen = set()
    for number, name in enumerate(names, 1):
        if not name:
            errors.append(_at(line, _("column %(number)d has no name") % {"number": number}))
        elif name not in columns:
            errors.append(_at(line, _("unknown column '%(name)s'") % {"name": name}))
        elif name in seen:
            errors.append(_at(line, _("duplicate column '%(name)s'") % {"name": name}))
        seen.add(name)
    errors.extend(
        _at(line, _("missing column '%(name)s'") % {"name": column})
        for column in columns
        if column not in seen
    )
    return errors


def _at(line: int, message: str) -> str:
    return _("line %(line)d: %(message)s") % {"line": line, "message": message}
