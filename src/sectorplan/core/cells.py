"""The one way the application writes a CSV or XLSX row.

A spreadsheet runs a text cell that begins with `=`, `+`, `-` or `@` (and, in some, a tab or
a carriage return) as a formula, so a title a region typed could fetch data or open a link
on the office's machine (CSV injection). Every text cell that would start so gets a leading
`'` (OWASP's advice); numbers stay numbers, including amounts that CSV writes as text, such
as `-12.50`.
"""

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed plain number (`-12.50`, `+3`, `-1.234,56`) is read as that number, not run.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)*")
MONEY_FORMAT = "#,##0.00"


def cell(value: Any) -> Any:
    """`value` as it may be written to a cell: a number, date or None as it is, anything else
    as text, with a leading `'` when a spreadsheet would read that text as a formula."""
    if value is None or isinstance(value, int | float | Decimal | date | time | timedelta):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class CsvWriter:
    """csv.writer with every cell passed through `cell`.

    csv quotes a field holding the line terminator (`\n`) but not a bare carriage return,
    which a spreadsheet reads as a new row, where the rest of the field would start a cell
    of its own (and could be run). A row with a carriage return in it is written with
    every field quoted; a spreadsheet still reads a quoted number as a number."""

    def __init__(self, stream: TextIO):
        self._writer = csv.writer(stream, lineterminator="\n")
        self._quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, values: Iterable) -> None:
        row = [cell(value) for value in values]
        if any(isinstance(value, str) and "\r" in value for value in row):
            self._quoted.writerow(row)
        else:
            self._writer.writerow(row)

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for values in rows:
            self.writerow(values)


class Sheet:
    """One sheet of a Workbook, written row by row."""

    def __init__(self, worksheet):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        self._worksheet = worksheet
        self._rows = 0
        self._illegal = ILLEGAL_CHARACTERS_RE
        self._bold = Font(bold=True)

    def append(self, values: Sequence, *, bold: int = 0, money: Iterable[int] = ()) -> None:
        """Add a row; its first `bold` cells in bold, the cells at the (0-based) indexes in
        `money` shown as amounts."""
        self._rows += 1
        money = set(money)
        for index, value in enumerate(values):
            value = cell(value)
            if isinstance(value, str):
                # A control character a web form let through would make openpyxl refuse
                # the whole workbook: write the replacement character instead.
                value = self._illegal.sub("\ufffd", value)
            target = self._worksheet.cell(row=self._rows, column=index + 1, value=value)
            if index < bold:
                target.font = self._bold
            if index in money:
                target.number_format = MONEY_FORMAT

    def freeze_header(self) -> None:
        self._worksheet.freeze_panes = "A2"


class Workbook:
    """An XLSX workbook whose cells are written only through `Sheet.append`."""

    def __init__(self):
        # Here, not at the top: most commands that write a CSV load no workbook code.
        import openpyxl

        self._workbook = openpyxl.Workbook()
        self._workbook.remove(self._workbook.active)

    def sheet(self, title: str) -> Sheet:
        return Sheet(self._workbook.create_sheet(title[:31]))

    def save(self, target) -> None:
        self._workbook.save(target)
