"""The read endpoints of reports: found as the report page finds them
(`reports_visible_to`; 404 for what the user may not see)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.views import APIView

from sectorplan.api import examples, filters
from sectorplan.api.common import (
    IF_NONE_MATCH,
    NOT_MODIFIED,
    REGION,
    ROUND,
    SLUG,
    CachedList,
    ProgrammeScoped,
    actions,
    current_or_not_modified,
)
from sectorplan.api.monitoring.serializers import ReportListSerializer, ReportSerializer
from sectorplan.monitoring import selectors as monitoring
from sectorplan.monitoring.constants import EDITABLE_STATES as REPORT_EDITABLE
from sectorplan.monitoring.models import Report
from sectorplan.programmes.visibility import region_for


class ReportScoped(ProgrammeScoped):
    def get_report(self) -> Report:
        """The report at this URL, as the report page finds it: 404 when it does not exist
        or the user may not see it."""
        if not hasattr(self, "_report"):
            round_ = self.get_round()
            region = region_for(self.request.user, round_.programme, self.kwargs["region_code"])
            report = (
                monitoring.reports_visible_to(self.request.user, round_.programme)
                .filter(round=round_, region=region)
                .select_related("plan", "questionnaire")
                .first()
            )
            if report is None:
                raise Http404
            report.round, report.region = round_, region
            self._report = report
        return self._report


@extend_schema_view(
    get=extend_schema(
        summary="Region reports of a round",
        description="The reports you may see (a regional role: its own).",
        parameters=[SLUG, ROUND],
        examples=[examples.REPORT_LIST],
    )
)
class ReportList(CachedList, ProgrammeScoped, generics.ListAPIView):
    queryset = Report.objects.none()  # for the schema; get_queryset reads
    serializer_class = ReportListSerializer
    filterset_class = filters.ReportFilter
    ordering_fields = ["region__code"]
    ordering = ["region__code"]

    def get_queryset(self):
        round_ = self.get_round()
        return (
            monitoring.reports_visible_to(self.request.user, round_.programme)
            .filter(round=round_)
            .select_related("round", "region", "questionnaire")
        )


def report_representation(user, report: Report) -> dict:
    contents = monitoring.contents_of(report)
    answers = []
    for block in contents.blocks:
        for item in block.items:
            value = contents.values.get(item.slot)
            answer = contents.answers.get(item.slot)
            answers.append(
                {
                    "question": item.question.code,
                    "theme": item.theme.code if item.theme else None,
                    "kind": item.question.kind,
                    "label": item.question.label,
                    "required": item.question.required,
                    "shown": contents.shown(item),
                    "answered": bool(value and not value.is_empty),
                    "code": answer.code if answer else "",
                    "number": answer.number if answer else None,
                    "text": answer.text if answer else "",
                    "choices": value.choices if value else [],
                    "file_name": answer.file_name if answer else "",
                }
            )
    progress = []
    for activity in contents.activities:
        row = contents.progress.get(activity.pk)
        progress.append(
            {
                "activity": activity.pk,
                "title": activity.title,
                "status": row.status if row else "",
                "people_reached": row.people_reached if row else None,
                "spent": row.spent if row else None,
                "results": row.results if row else "",
            }
        )
    indicators = []
    for indicator in contents.indicators:
        target = contents.targets.get(indicator.pk)
        value = contents.indicator_values.get(indicator.pk)
        indicators.append(
            {
                "indicator": indicator.code,
                "target": target.target if target else None,
                "value": value.value if value else None,
                "period_starts_on": value.period_starts_on if value else None,
                "period_ends_on": value.period_ends_on if value else None,
            }
        )
    steps = [
        step
        for step in monitoring.actions_for(user, report)
        if step.action != "submit" or report.round.is_open
    ]
    report.api_answers, report.api_progress, report.api_indicators = answers, progress, indicators
    missing = contents.missing() if report.state in REPORT_EDITABLE else []
    report.api_missing = [str(text) for text, _key in missing]
    report.api_actions = actions(steps)
    report.api_comments = [
        {
            "question": comment.question.code if comment.question else None,
            "theme": comment.theme.code if comment.theme else None,
            "text": comment.text,
            "at": comment.at,
        }
        for comment in report.comments.filter(submission=report.submissions).select_related(
            "question", "theme"
        )
    ]
    return ReportSerializer(report).data


@extend_schema_view(
    get=extend_schema(
        summary="One region report",
        description="Every question as asked (per-theme questions once per theme) with its "
        "answer in typed columns, the progress per activity, the realised indicators, what "
        "is still missing, the office's comments and the steps you may take. `ETag` names "
        "its version (send it in `If-None-Match` to be told, 304, that your copy is current).",
        parameters=[SLUG, ROUND, REGION, IF_NONE_MATCH],
        responses={200: ReportSerializer, 304: NOT_MODIFIED},
        examples=[examples.REPORT],
    )
)
class ReportDetail(ReportScoped, APIView):
    serializer_class = ReportSerializer

    def get(self, request, slug, round, region_code):
        report = self.get_report()
        return current_or_not_modified(
            request, report_representation(request.user, report), "report", report
        )
