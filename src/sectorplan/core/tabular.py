"""Read the CSV and XLSX files that every import takes (CONTRACTS.md §3, "Input files").

Imports are all-or-nothing, so problems are collected (`Problems`) and raised together as
ImportRefused, each message prefixed with the line of the file it concerns. Files are read
as a stream of rows, so memory stays bounded whatever their length; a file larger than the
setting SECTORPLAN_IMPORT_MAX_BYTES is refused before it is read.
"""

import codecs
import csv
import datetime
import heapq
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path, PurePath
from typing import BinaryIO, TypeVar
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sectorplan.core.errors import Refused
from sectorplan.core.numbers import parse_decimal

T = TypeVar("T")

# (line number, cells) for every physical row of the file, blank ones included.
Lines = Iterator[tuple[int, list[str]]]

#: Problems listed in a refusal; the rest are counted in one last line.
LISTED = 100

_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# A line ends at \n, \r\n or a lone \r, as `open(newline="")` reads it for the csv module.
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


class ImportRefused(Refused):
    """The file cannot be imported; `errors` lists every problem found, one message each."""


class Problems:
    """The problems found in a file, in line order: the first LISTED of them, and a count
    of the rest (a file of a million bad rows must not give a million messages)."""

    def __init__(self):
        self._kept: list[tuple[int, int, str]] = []  # a heap of (-line, -order, message)
        self.count = 0

    def __bool__(self) -> bool:
        return bool(self.count)

    def add(self, line: int, message: str) -> None:
        self.count += 1
        item = (-line, -self.count, message)
        if len(self._kept) < LISTED:
            heapq.heappush(self._kept, item)
        elif item > self._kept[0]:  # earlier in the file than the latest one kept
            heapq.heapreplace(self._kept, item)

    def messages(self) -> list[str]:
        listed = [message for *_order, message in sorted(self._kept, reverse=True)]
        more = self.count - len(listed)
        if more:
            listed.append(
                ngettext("… and %(counter)s more problem", "… and %(counter)s more problems", more)
                % {"counter": more}
            )
        return listed

    def refuse(self) -> None:
        """Raise ImportRefused with the messages, if there are any."""
        if self:
            raise ImportRefused(self.messages())


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_table(
    source: Path | BinaryIO, *, columns: Sequence[str], filename: str | None = None
) -> Iterator[Row]:
    """The data rows of a .csv or .xlsx file whose header holds exactly `columns`, read as
    they are needed.

    `source` is a path or a binary file (such as an upload, named by `filename`). The size,
    the kind and the header are checked here, raising ImportRefused; a row that does not
    fit the header is left out, and once all rows are read those problems are raised as
    ImportRefused too.
    """
    name, kind = check_file(source, filename)
    lines = _csv_lines(source, name) if kind == ".csv" else _xlsx_lines(source, name)
    rows = _rows(lines, [column.lower() for column in columns])
    first = next(rows)  # reads up to the first data row, so the header is checked up front
    return itertools.chain([first], rows)


class Table:
    """The data rows of a file, to be read more than once: an import checks every row in a
    first pass that keeps only what the checks need, and writes in a second pass, batch by
    batch, so that its memory is bounded by a batch rather than by the file.

    The size, kind and header are checked when the table is made (see `read_table`); each
    iteration reads the file again from its start. A list of rows serves the same purpose
    where there is no file (tests, the demo).
    """

    def __init__(
        self, source: Path | BinaryIO, *, columns: Sequence[str], filename: str | None = None
    ):
        self.source, self.columns, self.filename = source, list(columns), filename
        self._start = None if isinstance(source, PurePath) else source.tell()
        self._first: Iterator[Row] | None = read_table(source, columns=columns, filename=filename)

    def __iter__(self) -> Iterator[Row]:
        if self._first is not None:
            rows, self._first = self._first, None
            return rows
        if self._start is not None:
            self.source.seek(self._start)
        return read_table(self.source, columns=self.columns, filename=self.filename)


#: Told how far an import is: (rows done, rows in all), all None while the file is checked.
Progress = Callable[[int, int | None], None]


def quiet(done: int, total: int | None) -> None:
    """The Progress of an import nobody follows (the CLI)."""


def batched(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    """`rows` in lists of at most `size`."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def check_file(source: Path | BinaryIO, filename: str | None = None) -> tuple[str, str]:
    """Refuse (ImportRefused) a file that is no CSV or XLSX by its name, or too large: what a
    page can tell at once, before an import job reads the rest. Returns (name, suffix)."""
    name = _name_of(source, filename)
    kind = PurePath(name).suffix.lower()
    if kind not in (".csv", ".xlsx"):
        raise ImportRefused([_("'%(name)s' is not a CSV or XLSX file") % {"name": name}])
    _check_size(source, name)
    return name, kind


def parse_cell(row: Row, column: str, parser: Callable[[str], T], errors: list[str]) -> T | None:
    """Parse one value; on ValueError note `line N: column message` in `errors` (`line 3:
    subsidy is required`), on ValidationError, whose messages are whole sentences, `line N,
    column: Message` (the sentence the pages show at the field); give None."""
    try:
        return parser(row.values[column])
    except ValidationError as error:
        errors.append(
            _("line %(line)d, %(column)s: %(message)s")
            % {"line": row.line, "column": column, "message": " ".join(error.messages)}
        )
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


def import_max_bytes() -> int:
    """The largest import file accepted, in bytes (setting SECTORPLAN_IMPORT_MAX_BYTES)."""
    return int(settings.SECTORPLAN_IMPORT_MAX_BYTES)


def _name_of(source: Path | BinaryIO, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, PurePath):
        return source.name
    return PurePath(str(getattr(source, "name", "") or "")).name


def _check_size(source: Path | BinaryIO, name: str) -> None:
    try:
        if isinstance(source, PurePath):
            size = Path(source).stat().st_size
        else:
            position = source.tell()
            size = source.seek(0, 2) - position
            source.seek(position)
    except OSError as error:
        raise _unreadable(name, error) from error
    if size > import_max_bytes():
        raise ImportRefused(
            [
                _("'%(name)s' is %(size)s; an import file may be at most %(max)s")
                % {
                    "name": name,
                    # rounded up, so that a file just over the limit does not read as equal
                    "size": _size_text(size, ROUND_CEILING),
                    "max": _size_text(import_max_bytes(), ROUND_FLOOR),
                }
            ]
        )


def _size_text(size: int, rounding: str) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            amount = (Decimal(size) / factor).quantize(Decimal("0.1"), rounding=rounding)
            return f"{number_format(amount, 1, use_l10n=True)} {unit}"
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}


def _unreadable(name: str, error: OSError) -> ImportRefused:
    return ImportRefused(
        [_("cannot read '%(name)s': %(reason)s") % {"name": name, "reason": error.strerror}]
    )


def _open(source: Path | BinaryIO, name: str) -> BinaryIO:
    try:
        return Path(source).open("rb") if isinstance(source, PurePath) else source
    except OSError as error:
        raise _unreadable(name, error) from error


def _csv_lines(source: Path | BinaryIO, name: str) -> Lines:
    stream = _open(source, name)
    try:
        _check_text(stream, name)
        stream.seek(0)
        texts = _text_lines(stream)
        skipped = []  # the blank lines before the header, which decides the delimiter
        for text in texts:
            skipped.append(text)
            if text.strip():
                break
        delimiter = _delimiter(skipped[-1] if skipped else "")
        # strict: an unclosed quote would otherwise swallow the rest of the file silently.
        reader = csv.reader(itertools.chain(skipped, texts), delimiter=delimiter, strict=True)
        start = 1  # A quoted value may span lines; a row's number is the line where it starts.
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as error:
            message = _("the file is not valid CSV (%(reason)s)") % {"reason": error}
            raise ImportRefused([_at(start, message)]) from None
    finally:
        if stream is not source:
            stream.close()


def _check_text(stream: BinaryIO, name: str) -> None:
    """Refuse a file that is not UTF-8 text before any of it is parsed: one pass, a line at
    a time. A NUL byte anywhere says the file is no text at all, which outweighs a line
    that is not UTF-8."""
    stream.seek(0)
    not_utf8_at = None
    for number, data in enumerate(iter(stream.readline, b""), 1):
        if number == 1 and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode text" export; NUL bytes would call it not CSV, which misleads.
            raise ImportRefused([_not_utf8()])
        if b"\0" in data:
            raise ImportRefused([_("'%(name)s' is not a valid CSV file") % {"name": name}])
        if not_utf8_at is None:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                not_utf8_at = number
    if not_utf8_at is not None:
        raise ImportRefused([_at(not_utf8_at, _not_utf8())])


def _text_lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of a file `_check_text` passed, with their line ends, as
    `open(newline="")` gives them to the csv module."""
    for number, data in enumerate(iter(stream.readline, b""), 1):
        text = data.decode("utf-8")
        yield from filter(
            None, _AFTER_LONE_CR.split(text.removeprefix("\ufeff") if number == 1 else text)
        )


def _not_utf8() -> str:
    return _("the file is not UTF-8 text (in Excel, save as 'CSV UTF-8')")


def _delimiter(header: str) -> str:
    counts = {",": 0, ";": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _xlsx_lines(source: Path | BinaryIO, name: str) -> Lines:
    refusal = ImportRefused([_("'%(name)s' is not a valid XLSX file") % {"name": name}])
    stream = _open(source, name)
    if not zipfile.is_zipfile(stream):
        raise refusal
    import openpyxl  # here: a command that reads no workbook should not pay for loading it

    stream.seek(0)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:
        # A damaged or foreign zip (a renamed .docx, say) fails in many different ways.
        raise refusal from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        try:
            unsaved = _formulas_without_value(stream, sheet._worksheet_path)
            # read_only sheets yield an empty tuple for each missing row, so counting from 1
            # gives the sheet's row numbers.
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                cells = [_cell_text(value) for value in values]
                for column in unsaved.get(number, ()):
                    # A marker _rows turns into a problem, if the column is one of the header's.
                    cells[column - 1] = _Unsaved()
                yield number, cells
        except Exception as error:
            raise refusal from error
    finally:
        workbook.close()
        if stream is not source:
            stream.close()


class _Unsaved(str):
    """An empty cell that holds a formula whose value was never computed and stored."""


def _formulas_without_value(stream: BinaryIO, path: str) -> dict[int, list[int]]:
    """The columns, per row, of the sheet's formula cells without a stored value.

    openpyxl with data_only reads such a cell as empty, as if nothing was filled in; a file
    written by a program rather than saved by Excel holds them. One pass of the C XML
    parser over the sheet, apart from openpyxl's, keeps it cheap.
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    found: dict[int, list[int]] = {}
    rows = None
    with zipfile.ZipFile(stream) as archive, archive.open(path.lstrip("/")) as sheet:
        for event, element in ElementTree.iterparse(sheet, events=("start", "end")):
            if event == "start":
                if element.tag == f"{_SHEET}sheetData":
                    rows = element
            elif element.tag == f"{_SHEET}c":
                if element.find(f"{_SHEET}f") is not None and not element.findtext(f"{_SHEET}v"):
                    coordinate = element.get("r")
                    if coordinate:
                        row, column = coordinate_to_tuple(coordinate)
                        found.setdefault(row, []).append(column)
            elif element.tag == f"{_SHEET}row" and rows is not None:
                rows.clear()  # the rows read so far: memory stays bounded
    return found


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


def _rows(lines: Lines, columns: list[str]) -> Iterator[Row]:
    lines = ((line, cells) for line, cells in lines if any(map(_filled, cells)))
    header_line, header = next(lines, (0, None))
    if header is None:
        raise ImportRefused([_("the file is empty")])
    names = [cell.replace("\ufeff", "").strip().lower() for cell in header]
    while names and not names[-1]:  # Spreadsheets often carry empty columns after the last one.
        names.pop()
    errors = _header_errors(header_line, names, columns)
    if errors:
        raise ImportRefused(errors)

    problems = Problems()
    empty = True
    for line, cells in lines:
        empty = False
        if any(map(_filled, cells[len(names) :])):
            problems.add(line, _at(line, _("more values than there are columns in the header")))
            continue
        unsaved = [
            number for number, cell in enumerate(cells[: len(names)], 1) if type(cell) is _Unsaved
        ]
        for column in unsaved:
            problems.add(line, _unsaved(line, column))
        if unsaved:
            continue
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
        yield Row(line, {column: values.get(column, "") for column in columns})
    if empty:
        raise ImportRefused([_("the file has no data rows")])
    problems.refuse()


def _filled(cell: str) -> bool:
    return bool(cell.strip()) or type(cell) is _Unsaved


def _unsaved(line: int, column: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return _at(
        line,
        _("cell %(cell)s holds a formula without a stored value: save the file in Excel first")
        % {"cell": f"{get_column_letter(column)}{line}"},
    )


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
