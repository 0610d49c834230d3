"""Reading reports: their questions in order, what is answered and missing, who sees what,
and the completeness overview of a programme."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplan.accounts.rules import is_assessor, is_ministry, is_programme_office
from sectorplan.accounts.selectors import acts_in, memberships_of
from sectorplan.monitoring.answers import Value
from sectorplan.monitoring.constants import (
    COUNTED_STATES,
    EDITABLE_STATES,
    NOT_ASKED,
    NOT_ASKED_LABEL,
    NOT_STARTED,
    NOT_STARTED_LABEL,
    ReportState,
)
from sectorplan.monitoring.models import ActivityProgress, Answer, IndicatorValue, Report
from sectorplan.plans.constants import SUBMITTED_OR_LATER, PlanState
from sectorplan.plans.models import Activity, IndicatorTarget, Plan
from sectorplan.programmes.constants import ProgrammeStatus, RoundState
from sectorplan.programmes.models import (
    Indicator,
    Programme,
    Question,
    Questionnaire,
    Region,
    Round,
    Theme,
)
from sectorplan.workflow import Step, steps_for


@dataclass
class Item:
    """One question as asked in a report: per-theme questions once per theme."""

    question: Question
    theme: Theme | None
    choice_codes: list[str]

    @property
    def key(self) -> str:
        return f"q{self.question.pk}" + (f"_{self.theme.pk}" if self.theme else "")

    @property
    def slot(self) -> tuple[int, int | None]:
        return (self.question.pk, self.theme.pk if self.theme else None)

    @property
    def condition_key(self) -> str:
        """The field name of the answer this question depends on ("" when none)."""
        condition = self.question.shown_if_question
        if condition is None:
            return ""
        same_section = condition.section_id == self.question.section_id
        return f"q{condition.pk}" + (f"_{self.theme.pk}" if self.theme and same_section else "")


@dataclass
class Block:
    """A section as shown: per-theme sections give one block per theme."""

    section_label: str
    theme: Theme | None
    items: list[Item] = field(default_factory=list)


def questionnaire_with_questions(questionnaire_id: int) -> Questionnaire:
    return Questionnaire.objects.prefetch_related(
        "sections",
        Prefetch(
            "questions",
            queryset=Question.objects.select_related("section", "shown_if_question")
            .prefetch_related("choices")
            .order_by("section__position", "position"),
        ),
    ).get(pk=questionnaire_id)


def blocks_of(questionnaire: Questionnaire, themes: list[Theme]) -> list[Block]:
    blocks = []
    questions = list(questionnaire.questions.all())
    for section in questionnaire.sections.all():
        own = [q for q in questions if q.section_id == section.pk]
        for theme in themes if section.per_theme else [None]:
            blocks.append(
                Block(
                    section.label,
                    theme,
                    [Item(q, theme, [c.code for c in q.choices.all()]) for q in own],
                )
            )
    return blocks


def value_of(answer: Answer | None) -> Value:
    if answer is None:
        return Value()
    return Value(
        code=answer.code,
        number=answer.number,
        text=answer.text or answer.file_name,
        choices=[choice.code for choice in answer.choices.all()],
    )


def answers_of(report: Report) -> dict[tuple[int, int | None], Answer]:
    return {
        (a.question_id, a.theme_id): a
        for a in report.answers.prefetch_related("choices").order_by("pk")
    }


def is_shown(item: Item, values: dict[tuple[int, int | None], Value]) -> bool:
    """A question with a condition is asked only when the answer it depends on matches
    (for per-theme questions: the answer about the same theme)."""
    condition = item.question.shown_if_question
    if condition is None:
        return True
    theme_id = (
        item.theme.pk if item.theme and condition.section_id == item.question.section_id else None
    )
    value = values.get((condition.pk, theme_id), Value())
    wanted = item.question.shown_if_value
    return value.code == wanted or wanted in value.choices


@dataclass
class Contents:
    """Everything a report page shows, read in a fixed number of queries."""

    report: Report
    blocks: list[Block]
    answers: dict
    values: dict
    activities: list[Activity]
    progress: dict[int, ActivityProgress]
    indicators: list
    targets: dict
    indicator_values: dict

    def shown(self, item: Item) -> bool:
        return is_shown(item, self.values)

    def per_theme(self) -> list[tuple[Theme, list[tuple[Question, Value]]]]:
        """The answers given in the per-theme sections, theme by theme: the region's own
        words on what each theme achieved."""
        themes = []
        for block in self.blocks:
            if block.theme is None:
                continue
            answers = [
                (item.question, self.values[item.slot])
                for item in block.items
                if item.slot in self.values and not self.values[item.slot].is_empty
            ]
            if answers:
                themes.append((block.theme, answers))
        return themes

    def required(self) -> list[tuple[str, str, bool]]:
        """Every required part, in the order of the page: (what, field name, filled in).
        The one statement of what a report needs before it can be submitted; the page, the
        submit guard and the completeness overview all read it."""
        parts = []
        for block in self.blocks:
            for item in block.items:
                if item.question.required and self.shown(item):
                    filled = not self.values.get(item.slot, Value()).is_empty
                    parts.append((_label(item), item.key, filled))
        for activity in self.activities:
            progress = self.progress.get(activity.pk)
            text = _("Status of activity '%(title)s'") % {"title": activity.title}
            parts.append((text, f"a{activity.pk}", bool(progress and progress.status)))
        for indicator in self.indicators:
            if indicator.pk in self.targets:
                text = _("Realised: %(indicator)s") % {"indicator": indicator.label}
                parts.append((text, f"i{indicator.pk}", indicator.pk in self.indicator_values))
        return parts

    def missing(self) -> list[tuple[str, str]]:
        """Required parts still empty, in the order of the page: (what, field name)."""
        return [(text, key) for text, key, filled in self.required() if not filled]


def _label(item: Item) -> str:
    if item.theme:
        return f"{item.theme.label}: {item.question.label}"
    return item.question.label


def contents_of(report: Report) -> Contents:
    questionnaire = questionnaire_with_questions(report.questionnaire_id)
    programme_id = report.round.programme_id
    themes = list(Theme.objects.filter(programme_id=programme_id))
    answers = answers_of(report)
    activities = (
        list(
            report.plan.activities.select_related("activity_type").prefetch_related("budget_lines")
        )
        if report.plan_id
        else []
    )
    for activity in activities:
        activity.budget = sum(
            (line.subsidy + line.cofinancing for line in activity.budget_lines.all()), Decimal(0)
        )
    targets = (
        {t.indicator_id: t for t in IndicatorTarget.objects.filter(plan_id=report.plan_id)}
        if report.plan_id
        else {}
    )
    return Contents(
        report=report,
        blocks=blocks_of(questionnaire, themes),
        answers=answers,
        values={slot: value_of(answer) for slot, answer in answers.items()},
        activities=activities,
        progress={p.activity_id: p for p in report.progress.all()},
        indicators=list(report.round.programme.indicators.all()),
        targets=targets,
        indicator_values={v.indicator_id: v for v in report.indicator_values.all()},
    )


def contents_of_many(reports: list[Report]) -> dict[int, Contents]:
    """Report id → what `contents_of` gives for it, read in a fixed number of bulk queries
    for all the reports together (the final report reads every counted report of a round).
    The reports are of one programme."""
    reports = list(reports)
    if not reports:
        return {}
    programme_id = reports[0].round.programme_id
    themes = list(Theme.objects.filter(programme_id=programme_id))
    indicators = list(Indicator.objects.filter(programme_id=programme_id))
    answers: dict[int, dict] = {r.pk: {} for r in reports}
    for answer in (
        Answer.objects.filter(report__in=reports).prefetch_related("choices").order_by("pk")
    ):
        answers[answer.report_id][(answer.question_id, answer.theme_id)] = answer
    plan_ids = {r.plan_id for r in reports if r.plan_id}
    activities: dict[int, list[Activity]] = {}
    for activity in (
        Activity.objects.filter(plan_id__in=plan_ids)
        .select_related("activity_type")
        .prefetch_related("budget_lines")
    ):
        activity.budget = sum(
            (line.subsidy + line.cofinancing for line in activity.budget_lines.all()), Decimal(0)
        )
        activities.setdefault(activity.plan_id, []).append(activity)
    targets: dict[int, dict] = {}
    for target in IndicatorTarget.objects.filter(plan_id__in=plan_ids):
        targets.setdefault(target.plan_id, {})[target.indicator_id] = target
    progress: dict[int, dict] = {r.pk: {} for r in reports}
    for row in ActivityProgress.objects.filter(report__in=reports):
        progress[row.report_id][row.activity_id] = row
    values: dict[int, dict] = {r.pk: {} for r in reports}
    for value in IndicatorValue.objects.filter(report__in=reports):
        values[value.report_id][value.indicator_id] = value
    blocks: dict[int, list[Block]] = {}
    result = {}
    for report in reports:
        if report.questionnaire_id not in blocks:
            blocks[report.questionnaire_id] = blocks_of(
                questionnaire_with_questions(report.questionnaire_id), themes
            )
        result[report.pk] = Contents(
            report=report,
            blocks=blocks[report.questionnaire_id],
            answers=answers[report.pk],
            values={slot: value_of(a) for slot, a in answers[report.pk].items()},
            activities=activities.get(report.plan_id, []),
            progress=progress[report.pk],
            indicators=indicators,
            targets=targets.get(report.plan_id, {}),
            indicator_values=values[report.pk],
        )
    return result


# --- Who sees and does what ---------------------------------------------------------------


def reports_visible_to(user, programme: Programme):
    """CONTRACTS §8: office, ministry and assessing parties read every report of a programme;
    regional roles only their own region's."""
    reports = Report.objects.filter(round__programme=programme)
    if is_programme_office(user) or is_ministry(user) or is_assessor(user):
        return reports
    return reports.filter(region_id__in={m.region_id for m in memberships_of(user) if m.region_id})


def may_fill_in(user, round_: Round, region) -> bool:
    """The region's contact fills in its report (the table's `submit` role); nobody once the
    programme has ended."""
    if round_.programme.is_closed:
        return False
    return acts_in(user, round_.programme.workflow("report").roles_of("submit"), region.pk)


def actions_for(user, report: Report) -> list[Step]:
    """The steps the report page and the API offer this user: the engine's."""
    return steps_for(user, report)


# --- Completeness overview -------------------------------------------------------------------


@dataclass
class Cell:
    round: Round
    state: str
    label: str
    report: Report | None = None
    answered: int = 0
    required: int = 0
    days_late: int | None = None

    @property
    def share(self) -> int | None:
        """Percentage of the required parts answered, rounded down."""
        if self.report is None:
            return 0
        return 100 * self.answered // self.required if self.required else 100


def days_late(round_: Round, report: Report | None, today: date) -> int | None:
    """Days past the deadline: when the report was submitted, or, while the round is open and
    the report is not in, until today. A closed round counts no days for a missing report."""
    if round_.deadline is None:
        return None
    done = report.submitted_at if report and report.state in COUNTED_STATES else None
    if done is None and not round_.is_open:
        return None
    end = timezone.localdate(done) if done else today
    late = (end - round_.deadline).days
    return late if late > 0 else None


#: A region reports on its plan once the plan is granted (and after it is settled).
REPORTING_PLAN_STATES = frozenset({PlanState.GRANTED, PlanState.SETTLED})


def asked_region_ids(programme: Programme) -> set[int]:
    """The regions asked to report in the programme's rounds: those with a granted plan."""
    return set(
        Plan.objects.filter(programme=programme, state__in=REPORTING_PLAN_STATES).values_list(
            "region_id", flat=True
        )
    )


def completeness(programme: Programme, *, today: date | None = None) -> list[tuple]:
    """Region × round: state, required parts answered, days late. Rows in region order. A
    region without a granted plan (and without a report) is not asked, and never late."""
    today = today or timezone.localdate()
    asked = asked_region_ids(programme)
    rounds = list(programme.rounds.all())
    regions = [
        p.region for p in programme.participations.select_related("region").order_by("region__code")
    ]
    reports = {
        (r.round_id, r.region_id): r
        for r in Report.objects.filter(round__programme=programme).select_related("round", "plan")
    }
    counts = _answered_counts(programme, reports.values())
    rows = []
    for region in regions:
        cells = []
        for round_ in rounds:
            report = reports.get((round_.pk, region.pk))
            if report is None and region.pk not in asked:
                cells.append(Cell(round_, NOT_ASKED, NOT_ASKED_LABEL))
                continue
            cell = Cell(
                round_,
                report.state if report else NOT_STARTED,
                report.get_state_display() if report else NOT_STARTED_LABEL,
                report,
                days_late=days_late(round_, report, today),
            )
            if report:
                cell.answered, cell.required = counts[report.pk]
            cells.append(cell)
        rows.append((region, cells))
    return rows


def _answered_counts(programme: Programme, reports) -> dict[int, tuple[int, int]]:
    """Report id → (required parts answered, required parts): each report's Contents built
    from a few bulk queries instead of a page's worth of queries per report."""
    reports = list(reports)
    themes = list(Theme.objects.filter(programme=programme))
    blocks: dict[int, list[Block]] = {}
    answers: dict[int, dict] = {r.pk: {} for r in reports}
    for answer in Answer.objects.filter(report__in=reports).prefetch_related("choices"):
        answers[answer.report_id][(answer.question_id, answer.theme_id)] = answer
    plan_ids = {r.plan_id for r in reports if r.plan_id}
    activities: dict[int, list[Activity]] = {}
    for activity in Activity.objects.filter(plan_id__in=plan_ids).only("pk", "plan_id", "title"):
        activities.setdefault(activity.plan_id, []).append(activity)
    targets: dict[int, dict] = {}
    targeted = {}  # only indicators with a target count as required parts
    for target in IndicatorTarget.objects.filter(plan_id__in=plan_ids).select_related("indicator"):
        targets.setdefault(target.plan_id, {})[target.indicator_id] = target
        targeted[target.indicator_id] = target.indicator
    indicators = sorted(targeted.values(), key=lambda indicator: indicator.position)
    progress: dict[int, dict] = {r.pk: {} for r in reports}
    for row in ActivityProgress.objects.filter(report__in=reports).only(
        "report_id", "activity_id", "status"
    ):
        progress[row.report_id][row.activity_id] = row
    values: dict[int, dict] = {r.pk: {} for r in reports}
    for value in IndicatorValue.objects.filter(report__in=reports):
        values[value.report_id][value.indicator_id] = value
    counts = {}
    for report in reports:
        if report.questionnaire_id not in blocks:
            blocks[report.questionnaire_id] = blocks_of(
                questionnaire_with_questions(report.questionnaire_id), themes
            )
        contents = Contents(
            report=report,
            blocks=blocks[report.questionnaire_id],
            answers=answers[report.pk],
            values={slot: value_of(a) for slot, a in answers[report.pk].items()},
            activities=activities.get(report.plan_id, []),
            progress=progress[report.pk],
            indicators=indicators,
            targets=targets.get(report.plan_id, {}),
            indicator_values=values[report.pk],
        )
        parts = contents.required()
        counts[report.pk] = (sum(1 for _text, _key, filled in parts if filled), len(parts))
    return counts


def open_rounds_for(user) -> list[tuple[Round, object, Report | None]]:
    """(round, region, report or None) for each open round in which this user fills in a
    report that is not yet submitted (a region without a granted plan reports on nothing).
    Three queries, however many rounds and regions."""
    regions = {m.region_id: m.region for m in memberships_of(user) if m.region_id}
    if not regions:
        return []
    rounds = list(
        Round.objects.filter(
            state=RoundState.OPEN, programme__participations__region_id__in=list(regions)
        )
        .select_related("programme")
        .distinct()
        .order_by("deadline", "pk")
    )
    if not rounds:
        return []
    reports = {
        (r.round_id, r.region_id): r
        for r in Report.objects.filter(round__in=rounds, region_id__in=list(regions))
    }
    asked = set(
        Plan.objects.filter(
            programme_id__in={r.programme_id for r in rounds},
            region_id__in=list(regions),
            state__in=REPORTING_PLAN_STATES,
        ).values_list("programme_id", "region_id")
    )
    tasks = []
    for round_ in rounds:
        for region in regions.values():
            if region.region_set_id != round_.programme.region_set_id:
                continue
            if not may_fill_in(user, round_, region):
                continue
            report = reports.get((round_.pk, region.pk))
            if report is None and (round_.programme_id, region.pk) not in asked:
                continue  # no granted plan: nothing to report on
            if report is None or report.state in EDITABLE_STATES:
                tasks.append((round_, region, report))
    return tasks


def reports_to_review(user):
    """Submitted reports waiting for the office; a closed programme is history and waits for
    nobody."""
    if not is_programme_office(user):
        return Report.objects.none()
    return (
        Report.objects.filter(state=ReportState.SUBMITTED)
        .exclude(round__programme__status=ProgrammeStatus.CLOSED)
        .select_related("round__programme", "region")
    )


@dataclass
class IndicatorTotal:
    indicator: object
    target: Decimal  # the targets of the plans submitted or later, added up
    plans: int  # how many such plans set a target
    realised: list[Decimal]  # per round (programme order): the counted reports, added up
    regions: list[int]  # per round: how many counted reports gave a value


def indicator_totals(programme: Programme, region: Region | None = None) -> list[IndicatorTotal]:
    """Per indicator: targets of plans submitted or later, and per round what the submitted
    and accepted reports realised; for one region when given (two queries)."""
    targets = IndicatorTarget.objects.filter(
        plan__programme=programme, plan__state__in=SUBMITTED_OR_LATER
    )
    values = IndicatorValue.objects.filter(
        report__round__programme=programme, report__state__in=COUNTED_STATES
    )
    if region is not None:
        targets = targets.filter(plan__region=region)
        values = values.filter(report__region=region)
    target = {
        row["indicator_id"]: row
        for row in targets.values("indicator_id").annotate(t=Sum("target"), n=Count("plan_id"))
    }
    realised = {
        (row["indicator_id"], row["report__round_id"]): row
        for row in values.values("indicator_id", "report__round_id").annotate(
            v=Sum("value"), n=Count("report_id")
        )
    }
    rounds = list(programme.rounds.all())
    return [
        IndicatorTotal(
            indicator,
            target.get(indicator.pk, {}).get("t") or Decimal(0),
            target.get(indicator.pk, {}).get("n", 0),
            [realised.get((indicator.pk, r.pk), {}).get("v") or Decimal(0) for r in rounds],
            [realised.get((indicator.pk, r.pk), {}).get("n", 0) for r in rounds],
        )
        for indicator in programme.indicators.select_related("theme")
    ]
