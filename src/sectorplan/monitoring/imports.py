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
from sectorplan.core.tabular import Problems, Row, read_table
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
from sectorplan.programmes.models import Region, Round, Theme

COLUMNS = ["region_code", "question_code", "answer"]
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
    *, round_: Round, source, filename: str | None = None, state: str = "submitted", by=None
) -> ResponsesImported:
    rows = read_table(source, columns=COLUMNS, filename=filename)
    return responses_import(
        round_=round_, rows=rows, state=state, by=by, source=filename or str(source)
    )


def _items_by_code(round_: Round, questionnaire_id: int) -> dict[str, Item]:
    themes = list(Theme.objects.filter(programme_id=round_.programme_id))
    items = {}
    for block in blocks_of(questionnaire_with_questions(questionnaire_id), themes):
        for item in block.items:
            code = item.question.code.lower()
            items[f"{item.theme.code.lower()}.{code}" if item.theme else code] = item
    return items


@transaction.atomic
def responses_import(
    *, round_: Round, rows: Iterable[Row], state: str = "submitted", by=None, source: str = ""
) -> ResponsesImported:
    if state not in TARGETS:
        raise ValueError(state)
    programme = round_.programme
    # Codes and ids only: a programme may have thousands of regions, a file names a few.
    regions = {
        code.upper(): _RegionKey(pk, code)
        for pk, code in programme.participations.values_list("region_id", "region__code")
    }
    existing = {r.region_id: r for r in Report.objects.filter(round=round_)}
    latest = round_.questionnaires.order_by("-version").first()
    if latest is None:
        raise Refused(_("The round '%(round)s' has no questionnaire.") % {"round": round_.code})
    versions: dict[int, dict[str, Item]] = {}

    def items_for(region) -> dict[str, Item]:
        report = existing.get(region.pk)
        version = report.questionnaire_id if report else latest.pk
        if version not in versions:
            versions[version] = _items_by_code(round_, version)
        return versions[version]

    problems = Problems()
    wanted: dict[int, list] = {}
    seen: dict[tuple[int, str], int] = {}
    count = 0
    for row in rows:
        count += 1
        line, values = row.line, row.values
        region = regions.get(values["region_code"].upper())
        if region is None:
            problems.add(
                line,
                _("line %(line)d: region_code '%(code)s' is not a region of programme '%(slug)s'")
                % {"line": line, "code": values["region_code"], "slug": programme.slug},
            )
            continue
        code = values["question_code"].lower()
        item = items_for(region).get(code)
        if item is None:
            problems.add(
                line,
                _("line %(line)d: question_code '%(code)s' is not a question of round '%(round)s'")
                % {"line": line, "code": values["question_code"], "round": round_.code},
            )
            continue
        if (region.pk, code) in seen:
            problems.add(
                line,
                _("line %(line)d: %(region)s %(code)s is answered on line %(first)d already")
                % {
                    "line": line,
                    "region": region.code,
                    "code": code,
                    "first": seen[(region.pk, code)],
                },
            )
            continue
        seen[(region.pk, code)] = line
        if item.question.kind == QuestionKind.FILE:
            problems.add(
                line,
                _("line %(line)d: question '%(code)s' takes a file; upload it on the report page")
                % {"line": line, "code": code},
            )
            continue
        try:
            value = read(item.question, values["answer"], item.choice_codes)
        except ValueError as exc:
            problems.add(
                line, _("line %(line)d: answer %(message)s") % {"line": line, "message": exc}
            )
            continue
        wanted.setdefault(region.pk, []).append((item, value))
    problems.refuse()

    by_pk = Region.objects.in_bulk(list(wanted))
    reports = reports_start_for_import(
        round_=round_, regions=[by_pk[region_id] for region_id in wanted], by=by
    )
    written, changes = answers_store(
        [
            (reports[region_id], item, value)
            for region_id, answers in wanted.items()
            for item, value in answers
        ],
        by=by,
        source=AnswerSource.IMPORT,
    )
    audit.record_many(
        by,
        "report.import_answers",
        [(report, changes[report.pk]) for report in reports.values() if changes.get(report.pk)],
        note=source,
        programme_id=round_.programme_id,
    )
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
    moved = len(to_move)
    changed = sum(written.values())
    return ResponsesImported(answers=count, regions=len(wanted), changed=changed, moved=moved)
