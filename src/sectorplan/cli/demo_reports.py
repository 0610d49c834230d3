"""The demo's reports in the programme's rounds, written and reviewed through the monitoring
services.

The office opens each round; the contact of every region with a granted plan fills in its
report and submits it; the office accepts it or returns it with a comment. What the answers
say and how far each report got is data: `demo_data/reports.toml`. Afterwards the dates are
set back to the programme's calendar (submitted a few days before the deadline, reviewed a
few days after), so the completeness overview reads as it did in 2016–2017.

Idempotent: a programme that already has reports is left alone.

`demo_report_texts_load` then writes the office's texts of the final report
(`demo_data/final_report.toml`) on the day the office wrote them, so the report is final.
"""

import tomllib
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from sectorplan.accounts.models import User
from sectorplan.cli.demo_calendar import moment
from sectorplan.core import clock
from sectorplan.monitoring import filling, report_flow, rounds
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.models import Report
from sectorplan.monitoring.report_input import IndicatorInput, ProgressInput, ReportInput
from sectorplan.monitoring.selectors import contents_of
from sectorplan.plans.constants import DECIDED_STATES, PlanState
from sectorplan.programmes.constants import QuestionKind, RoundState, YesNo
from sectorplan.programmes.models import Programme, Round
from sectorplan.reporting.models import ReportText, TextKey
from sectorplan.reporting.publication.build import generated_findings
from sectorplan.reporting.services import report_text_save, report_texts

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "reports.toml"
TEXTS_FILE = DATA_FILE.with_name("final_report.toml")
LETTERS = {"J": YesNo.YES, "N": YesNo.NO, "W": YesNo.UNKNOWN, "-": ""}
NOT_STARTED = "not_started"


def demo_reports_load(programme: Programme) -> None:
    if Report.objects.filter(round__programme=programme).exists():
        return
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    office = User.objects.get(username="bureau")
    plans = list(
        programme.plans.filter(state__in=DECIDED_STATES - {PlanState.REJECTED})
        .select_related("region")
        .order_by("region__code")
    )
    for round_ in programme.rounds.all():
        with clock.at(moment(round_.opens_on or round_.deadline - timedelta(days=42))):
            round_ = rounds.round_set_state(round_=round_, state=RoundState.OPEN, by=office)
        for plan in plans:
            _Report(round_, plan.region, data, office).load()
        if data["rounds"].get(round_.code) == RoundState.CLOSED:
            with clock.at(moment(round_.deadline + timedelta(days=14))):
                rounds.round_set_state(round_=round_, state=RoundState.CLOSED, by=office)


def demo_report_texts_load(programme: Programme) -> None:
    """The office's texts of the final report, saved through the reporting service on the
    day of the data file (the audit trail records that day, which dates the report), with
    the generated key findings accepted as the data give them then. A programme whose
    office already wrote texts is left alone."""
    if programme.report_texts.exists():
        return
    data = tomllib.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    office = User.objects.get(username="bureau")
    written = moment(data["written_on"])
    with clock.at(written):
        findings = generated_findings(programme, None, written)
        texts = report_texts(programme)
        for key, text in data["texts"].items():
            drafted = key == TextKey.INTRODUCTION
            report_text_save(
                programme=programme,
                key=key,
                text=text.strip(),
                lock_version=texts[key].lock_version,
                by=office,
                accepted_draft=findings if drafted and data["accept_findings"] else None,
            )
    # The texts page says when they were last saved: that day too, not the day of loading.
    ReportText.objects.filter(programme=programme).update(updated_at=written)


class _Report:
    def __init__(self, round_: Round, region, data: dict, office: User):
        self.round, self.region, self.data, self.office = round_, region, data, office
        self.contact = User.objects.get(username=f"regio-{region.code.lower()}")
        self.state = data["states"].get(round_.code, {}).get(region.code, ReportState.ACCEPTED)

    def load(self) -> None:
        if self.state == NOT_STARTED:
            return
        submitted, reviewed = self.moments()
        with clock.at(submitted - timedelta(days=7)):
            report = report_flow.report_start(
                round_=self.round, region=self.region, by=self.contact
            )
            report, errors = filling.report_save(
                report=report,
                by=self.contact,
                lock_version=report.lock_version,
                given=self.given(report),
            )
        if errors:
            raise ValueError(f"demo report {self.round.code} {self.region.code}: {errors}")
        if self.state == ReportState.DRAFT:
            return
        with clock.at(submitted):
            report = report_flow.report_transition(report=report, action="submit", by=self.contact)
        with clock.at(reviewed):
            if self.state == ReportState.RETURNED:
                comments = self.data.get("returned", {}).get(self.round.code, {})
                questions = {q.code: q for q in report.questionnaire.questions.all()}
                report = report_flow.report_transition(
                    report=report,
                    action="return",
                    by=self.office,
                    comments={(questions[code].pk, None): text for code, text in comments.items()},
                )
            elif self.state == ReportState.ACCEPTED:
                report = report_flow.report_transition(
                    report=report, action="accept", by=self.office
                )
        Report.objects.filter(pk=report.pk).update(
            submitted_at=submitted,
            accepted_at=reviewed if report.state == ReportState.ACCEPTED else None,
        )

    # --- what the region answers ----------------------------------------------------------

    def answer_text(self, code: str) -> str | None:
        own = self.data.get("regions", {}).get(self.region.code, {}).get(self.round.code, {})
        return own.get(code, self.data["answers"].get(self.round.code, {}).get(code))

    def table_answer(self, question) -> str:
        row = question.table_row
        grid = self.data.get("tables", {}).get(row.table.code, {}).get(self.region.code)
        if grid is None:
            return ""
        rows = [r.code for r in row.table.rows.all()]
        columns = [c["code"] for c in row.table.columns]
        group = grid.split()[rows.index(row.code)]
        return LETTERS[group[columns.index(question.table_column)]]

    def given(self, report: Report) -> ReportInput:
        """The region's answers as the demo data has them, read as the page reads them."""
        contents = contents_of(report)
        given = ReportInput()
        for block in contents.blocks:
            for item in block.items:
                question = item.question
                if question.table_row_id:
                    given.read_answer(item, self.table_answer(question))
                    continue
                text = self.answer_text(question.code)
                if text is None or question.kind == QuestionKind.FILE:
                    continue
                if item.theme is not None:
                    text = text.format(theme=item.theme.label_nl.split(". ", 1)[-1].lower())
                if question.kind == QuestionKind.MULTIPLE_CHOICE:
                    given.read_answer(item, [part.strip() for part in text.split(",")])
                else:
                    given.read_answer(item, text)
        progress = self.data["progress"][self.round.code]
        for activity in contents.activities:
            people = Decimal(activity.people_per_year or 0) * Decimal(str(progress["people"]))
            spent = activity.budget * Decimal(str(progress["spent"]))
            given.progress[activity.pk] = ProgressInput(
                status=progress["status"],
                people_reached=int(people),
                spent=spent.quantize(Decimal("0.01")),
                results=progress["results"],
            )
        for indicator_id, target in contents.targets.items():
            value = target.target * Decimal(str(progress["indicators"]))
            given.indicators[indicator_id] = IndicatorInput(value.quantize(Decimal(1)))
        return given

    # --- the programme's calendar ---------------------------------------------------------

    def moments(self) -> tuple[datetime, datetime]:
        """Submitted 1–9 days before the deadline, reviewed 3 days later."""
        number = int("".join(c for c in self.region.code if c.isdigit()) or 0)
        deadline = datetime.combine(
            self.round.deadline, time(15, 0), tzinfo=timezone.get_current_timezone()
        )
        submitted = deadline - timedelta(days=1 + number % 9)
        return submitted, submitted + timedelta(days=3)
