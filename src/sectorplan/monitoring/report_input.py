"""What a region gives for its report, read into typed values before any service sees it.

`report_save` takes a `ReportInput`: answers already read into `answers.Value` (Decimal,
codes, choice lists), progress rows with `int`/`Decimal`, indicator values with `Decimal` and
`date`, uploaded files already checked. Reading happens at the edge: `from_form` for the report
page (its field names: `q<question>[_<theme>]`, `a<activity>_status`, `i<indicator>_from`, …),
the API's report endpoint for JSON. Both use the readers below, so a value reads the same and
a problem has the same message at either door. What does not read is kept in
`ReportInput.errors` by the page's field name; the service saves the rest (the partial-save
policy of the page and the API alike).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sectorplan.core import dates
from sectorplan.core.bounds import check_date, parse_amount
from sectorplan.monitoring import answers as reading
from sectorplan.monitoring.constants import ActivityStatus
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.selectors import Contents, Item, contents_of
from sectorplan.plans.forms import checked_document
from sectorplan.programmes.constants import QuestionKind


@dataclass(frozen=True)
class FileInput:
    """An uploaded document (checked: `name` and `content_type` are safe), or `clear`."""

    upload: UploadedFile | None = None
    name: str = ""
    content_type: str = ""
    clear: bool = False


class ProgressInput(TypedDict, total=False):
    """An activity's progress: the fields given and read (a field that did not read is left
    out, and keeps its stored value)."""

    status: str
    people_reached: int | None
    spent: Decimal | None
    results: str


@dataclass(frozen=True)
class IndicatorInput:
    """A realised indicator value; `value` None removes it. No period: the round's."""

    value: Decimal | None
    starts: date | None = None
    ends: date | None = None


@dataclass
class ReportInput:
    """Everything given for one report, typed, by the page's field names (`Item.key`),
    activity pk and indicator pk; `errors` holds what did not read, by field name."""

    answers: dict[str, reading.Value] = field(default_factory=dict)
    files: dict[str, FileInput] = field(default_factory=dict)
    progress: dict[int, ProgressInput] = field(default_factory=dict)
    indicators: dict[int, IndicatorInput] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def read_answer(self, item: Item, raw: str | list[str]) -> None:
        try:
            self.answers[item.key] = reading.read(item.question, raw, item.choice_codes)
        except ValueError as exc:
            self.errors[item.key] = str(exc)

    def read_file(self, item: Item, upload: UploadedFile) -> None:
        try:
            name, content_type = checked_document(upload)
        except ValidationError as exc:
            self.errors[item.key] = " ".join(exc.messages)
            return
        self.files[item.key] = FileInput(upload=upload, name=name, content_type=content_type)

    def read_progress(
        self, activity_id: int, *, status: str, people: str, spent: str, results: str
    ) -> None:
        """A progress row as typed (every value text)."""
        prefix = f"a{activity_id}_"
        row = ProgressInput()
        status = status.strip()
        if status and status not in ActivityStatus.values:
            self.errors[f"{prefix}status"] = _("Choose one of the statuses.")
        else:
            row["status"] = status
        people_reached = self._read(f"{prefix}people", _whole, people)
        if f"{prefix}people" not in self.errors:
            row["people_reached"] = people_reached
        amount = self._read(f"{prefix}spent", _amount, spent)
        if f"{prefix}spent" not in self.errors:
            row["spent"] = amount
        row["results"] = results.strip()
        self.progress[activity_id] = row

    def read_indicator(
        self, indicator_id: int, *, value: str, starts: str, ends: str, programme
    ) -> None:
        """A realised indicator as typed; nothing of it is kept when one of its parts does
        not read."""
        key = f"i{indicator_id}"
        number = self._read(key, _amount, value)
        starts_on = self._read(f"{key}_from", _date, starts, programme)
        ends_on = self._read(f"{key}_until", _date, ends, programme)
        if starts_on and ends_on and ends_on < starts_on:
            self.errors[f"{key}_until"] = _("The period ends before it starts.")
        if not any(k in self.errors for k in (key, f"{key}_from", f"{key}_until")):
            self.indicators[indicator_id] = IndicatorInput(number, starts_on, ends_on)

    def _read(self, key: str, reader, text: str, *args):
        text = text.strip()
        if not text:
            return None
        try:
            return reader(text, *args)
        except ValueError as exc:
            self.errors[key] = str(exc)
            return None


def _whole(text: str) -> int:
    if not text.isdigit():
        raise ValueError(_("'%(text)s' is not a whole number of 0 or more") % {"text": text})
    return int(text)


def _amount(text: str) -> Decimal:
    try:
        return parse_amount(text)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from exc


def _date(text: str, programme) -> date:
    try:
        day = dates.parse_date(text)
    except ValueError as exc:
        raise ValueError(_("'%(text)s' is not a date (dd-mm-yyyy)") % {"text": text}) from exc
    try:
        return check_date(day, programme)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from exc


# --- The report page ------------------------------------------------------------------------


def from_form(report: Report, data, files=None, contents: Contents | None = None) -> ReportInput:
    """What the report page posted (`request.POST`, `request.FILES`), typed. A field the
    form did not send is not in the input (autosave sends what the page holds)."""
    contents = contents or contents_of(report)
    files = files or {}
    given = ReportInput()
    for block in contents.blocks:
        for item in block.items:
            _form_item(given, item, data, files)
    for activity in contents.activities:
        prefix = f"a{activity.pk}_"
        if f"{prefix}status" in data:
            given.read_progress(
                activity.pk,
                status=data.get(f"{prefix}status", ""),
                people=data.get(f"{prefix}people", ""),
                spent=data.get(f"{prefix}spent", ""),
                results=data.get(f"{prefix}results", ""),
            )
    for indicator in contents.indicators:
        key = f"i{indicator.pk}"
        if key in data:
            given.read_indicator(
                indicator.pk,
                value=data.get(key, ""),
                starts=data.get(f"{key}_from", ""),
                ends=data.get(f"{key}_until", ""),
                programme=report.round.programme,
            )
    return given


def _form_item(given: ReportInput, item: Item, data, files) -> None:
    key = item.key
    if item.question.kind == QuestionKind.FILE:
        upload = files.get(key)
        if upload is not None:
            given.read_file(item, upload)
        elif data.get(f"{key}__clear"):
            given.files[key] = FileInput(clear=True)
        return
    multiple = item.question.kind == QuestionKind.MULTIPLE_CHOICE
    if key not in data and not (multiple and f"{key}__seen" in data):
        return
    given.read_answer(item, data.getlist(key) if multiple else data.get(key, ""))
