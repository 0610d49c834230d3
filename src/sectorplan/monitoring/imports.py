"""`sectorplan import-responses`: answers of a round collected elsewhere (CONTRACTS §3).

Columns `region_code,question_code,answer`. A question of a per-theme section is named
`<theme>.<question>` (e.g. `trajecten.bereikt`). Answers are read exactly as on the report
page (yes/no as `ja`, `nee`, `weet niet` or `yes`, `no`, `unknown`; Dutch or English
numbers; choices by code, several separated by `;`); an empty answer removes the answer.
File questions cannot be imported.

All-or-nothing: every row is checked first; any problem refuses the file with one
`line N: …` per problem. The import works whether or not the round is open and does not
demand the required questions (the completeness overview shows what is missing). Each
region's report in the file becomes `submitted` (or `accepted` with that state) as a recorded
`import` event; imported answers carry the source `import` in their history. Importing the
same file again changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from sectorplan.accounts import audit
from sectorplan.core.errors import Refused
from sectorplan.core.tabular import Problems, Progress, Row, Table, batched, quiet
from sectorplan.monitoring.answer_store import answers_store
from sectorplan.monitoring.answers import read
from sectorplan.monitoring.constants import AnswerSource, ReportState
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.report_imports import (
    reports_set_state_by_import,
    reports_start_for_import,
)
from sectorplan.monitoring.selectors import Item, blocks_of, questionnaire_with_questions
from sectorplan.programmes.constants import QuestionKind
from sectorplan.programmes.import_problems import region_unknown
from sectorplan.programmes.models import Region, Round, Theme

COLUMNS = ["region_code", "question_code", "answer"]
#: Rows written at a time: memory is bounded by this, not by the file.
BATCH = 5000
TARGETS = {"submitted": ReportState.SUBMITTED, "accepted": ReportState.ACCEPTED}
#: A report in one of these states has reached the target already.
REACHED = {
    "submitted": frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED}),
    "accepted": frozenset({ReportState.ACCEPTED}),
}


@dataclass(frozen=True)
class _RegionKey:
    pk: int
    code: str


@dataclass(frozen=True)
class ResponsesImported:
    answers: int  # rows in the file
    regions: int
    changed: int  # answers written or removed
    moved: int  # reports brought to the state


def responses_import_file(
    *,
    round_: Round,
    source,
    filename: str | None = None,
    state: str = "submitted",
    by=None,
    progress: Progress | None = None,
) -> ResponsesImported:
    rows = Table(source, columns=COLUMNS, filename=filename)
    return responses_import(
        round_=round_,
        rows=rows,
        state=state,
        by=by,
        source=filename or str(source),
        progress=progress,
    )


def _items_by_code(round_: Round, questionnaire_id: int) -> dict[str, Item]:
    themes = list(Theme.objects.filter(programme_id=round_.programme_id))
    items = {}
    for block in blocks_of(questionnaire_with_questions(questionnaire_id), themes):
        for item in block.items:
            code = item.question.code.lower()
            items[f"{item.theme.code.lower()}.{code}" if item.theme else code] = item
    return items


class _Reading:
    """How a row reads, the same in both passes: its region, its question and its answer."""

    def __init__(self, round_: Round):
        self.round = round_
        self.programme = round_.programme
        # Codes and ids only: a programme may have thousands of regions, a file names a few.
        self.regions = {
            code.upper(): _RegionKey(pk, code)
            for pk, code in self.programme.participations.values_list("region_id", "region__code")
        }
        self.questionnaire_of = dict(
            Report.objects.filter(round=round_).values_list("region_id", "questionnaire_id")
        )
        latest = round_.questionnaires.order_by("-version").first()
        if latest is None:
            raise Refused(_("The round '%(round)s' has no questionnaire.") % {"round": round_.code})
        self.latest = latest.pk
        self._versions: dict[int, dict[str, Item]] = {}
        #: Question codes as small numbers, for the keys of the duplicate check.
        self._numbers: dict[str, int] = {}

    def question(self, row: Row, problems: Problems) -> tuple[_RegionKey, str, Item] | None:
        line, values = row.line, row.values
        region = self.regions.get(values["region_code"].upper())
        if region is None:
            problems.add(line, region_unknown(line, values["region_code"], self.programme))
            return None
        code = values["question_code"].lower()
        version = self.questionnaire_of.get(region.pk, self.latest)
        items = self._versions.get(version)
        if items is None:
            items = self._versions[version] = _items_by_code(self.round, version)
        item = items.get(code)
        if item is None:
            problems.add(
                line,
                _("line %(line)d: question_code '%(code)s' is not a question of round '%(round)s'")
                % {"line": line, "code": values["question_code"], "round": self.round.code},
            )
            return None
        return region, code, item

    def key(self, region: _RegionKey, code: str) -> int:
        """One small number per (region, question): a set of half a million of them is a few
        tens of megabytes, where the rows themselves would be hundreds."""
        return region.pk << 20 | self._numbers.setdefault(code, len(self._numbers))

    def value(self, row: Row, code: str, item: Item, problems: Problems):
        """The answer the row gives, or _INVALID (with the problem noted)."""
        line = row.line
        if item.question.kind == QuestionKind.FILE:
            problems.add(
                line,
                _("line %(line)d: question '%(code)s' takes a file; upload it on the report page")
                % {"line": line, "code": code},
            )
            return _INVALID
        try:
            return read(item.question, row.values["answer"], item.choice_codes)
        except ValueError as exc:
            problems.add(
                line, _("line %(line)d: answer %(message)s") % {"line": line, "message": exc}
            )
            return _INVALID


_INVALID = object()


@transaction.atomic
def responses_import(
    *,
    round_: Round,
    rows: Iterable[Row],
    state: str = "submitted",
    by=None,
    source: str = "",
    progress: Progress | None = None,
) -> ResponsesImported:
    """Import the answers in `rows`, which are read twice (a `Table`, or a list): a first
    pass checks every row and keeps only a number per answered question and the last line of
    each region; a second pass writes BATCH rows at a time. All in one transaction: a problem
    on the last line writes nothing. `progress(rows done, rows in all)` is told after each
    batch (with None for all while checking)."""
    if state not in TARGETS:
        raise ValueError(state)
    round_.programme.refuse_if_closed()
    reading = _Reading(round_)
    progress = progress or quiet
    count, last_line = _check(reading, rows, progress)

    by_pk = Region.objects.in_bulk(list(last_line))
    reports = reports_start_for_import(
        round_=round_, regions=[by_pk[region_id] for region_id in last_line], by=by
    )
    written: dict[int, int] = {}
    pending: dict[int, dict] = {}  # the audit changes of reports whose last line is to come
    by_report = {report.pk: report for report in reports.values()}
    done_rows = 0
    # The rows were checked: a problem now means the file changed between the passes.
    changed_file = Problems()
    for batch in batched(rows, BATCH):
        wanted = []
        for row in batch:
            found = reading.question(row, changed_file)
            value = reading.value(row, *found[1:], changed_file) if found else _INVALID
            if value is _INVALID:
                changed_file.refuse()
            wanted.append((reports[found[0].pk], found[2], value))
        batch_written, batch_changes = answers_store(wanted, by=by, source=AnswerSource.IMPORT)
        for pk, number in batch_written.items():
            written[pk] = written.get(pk, 0) + number
        for pk, changes in batch_changes.items():
            pending.setdefault(pk, {}).update(changes)
        # One audit record per report, written once its last line is passed.
        done = [
            by_report[pk] for pk in pending if last_line[by_report[pk].region_id] <= batch[-1].line
        ]
        audit.record_many(
            by,
            "report.import_answers",
            [(report, pending.pop(report.pk)) for report in done if pending[report.pk]],
            note=source,
            programme_id=round_.programme_id,
        )
        for report in done:
            pending.pop(report.pk, None)
        done_rows += len(batch)
        progress(done_rows, count)

    to_move = [report for report in reports.values() if report.state not in REACHED[state]]
    reports_set_state_by_import(
        reports=to_move,
        state=TARGETS[state],
        by=by,
        source=source,
        touched=[
            report
            for report in reports.values()
            if report.state in REACHED[state] and written.get(report.pk)
        ],
    )
    return ResponsesImported(
        answers=count, regions=len(last_line), changed=sum(written.values()), moved=len(to_move)
    )


def _check(
    reading: _Reading, rows: Iterable[Row], progress: Progress
) -> tuple[int, dict[int, int]]:
    """The first pass: every row checked, all problems raised together. Returns the number
    of rows and {region pk: last line} of the regions answered."""
    problems = Problems()
    seen: set[int] = set()
    twice: set[int] = set()
    last_line: dict[int, int] = {}
    count = 0
    for row in rows:
        count += 1
        if not count % BATCH:
            progress(count, None)
        found = reading.question(row, problems)
        if found is None:
            continue
        region, code, item = found
        key = reading.key(region, code)
        if key in seen:
            twice.add(key)
            continue
        seen.add(key)
        if reading.value(row, code, item, problems) is not _INVALID:
            last_line[region.pk] = row.line
    if twice:
        _name_duplicates(reading, rows, twice, problems)
    problems.refuse()
    return count, last_line


def _name_duplicates(reading: _Reading, rows: Iterable[Row], twice: set[int], problems) -> None:
    """A pass for a file with questions answered twice (rare): each repeat names the line
    that answered first, which the first pass did not keep."""
    first: dict[int, int] = {}
    ignored = Problems()
    for row in rows:
        found = reading.question(row, ignored)
        if found is None:
            continue
        region, code, _item = found
        key = reading.key(region, code)
        if key not in twice:
            continue
        if key not in first:
            first[key] = row.line
            continue
        problems.add(
            row.line,
            _("line %(line)d: %(region)s %(code)s is answered on line %(first)d already")
            % {"line": row.line, "region": region.code, "code": code, "first": first[key]},
        )
