"""The written texts of reports, as the search index reads them (`knowledge.index`)."""

from collections.abc import Iterator
from itertools import chain

from sectorplan.monitoring.models import ActivityProgress, Answer, Report
from sectorplan.programmes.constants import QuestionKind

TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.TEXT)


def reports_to_index():
    """Every report, with what an index entry's title reads."""
    return Report.objects.select_related("round", "region")


def report_texts(reports) -> Iterator[tuple[int, int | None, str]]:
    """(report id, theme id or None, text) of the reports' written answers in questionnaire
    order, then of their results per activity in plan order: two queries, whatever the number
    of reports."""
    answers = (
        Answer.objects.filter(report__in=reports, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .order_by(
            "report_id", "question__section__position", "question__position", "theme__position"
        )
        .values_list("report_id", "theme_id", "text")
    )
    progress = (
        ActivityProgress.objects.filter(report__in=reports)
        .exclude(results="")
        .order_by("report_id", "activity__position", "activity_id")
        .values_list("report_id", "activity__activity_type__theme_id", "results")
    )
    return chain(answers, progress)
