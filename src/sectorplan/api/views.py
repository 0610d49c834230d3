"""The read endpoints of /api/v1/. Thin: find the object with the pages' visibility rules
(404 for what the user may not see), read it with the apps' selectors, serialize.

Who sees what is the pages' rule set, called, not copied: `programme_for`/`region_for`,
`plans_visible_to`, `reports_visible_to`, and `sees_every_region` for what only national
readers see (questionnaire versions, the national tables).
"""

from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
    throttle_classes,
)
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplan.accounts.rules import sees_every_region
from sectorplan.accounts.selectors import region_ids_of
from sectorplan.api import examples, filters, serializers
from sectorplan.api.plumbing import etag_for, not_modified
from sectorplan.core.numbers import format_decimal_plain
from sectorplan.core.views import stored_file_response
from sectorplan.knowledge.models import Instrument, Meeting, Practice
from sectorplan.knowledge.selectors import practices_visible_to
from sectorplan.monitoring import selectors as monitoring
from sectorplan.monitoring.constants import EDITABLE_STATES as REPORT_EDITABLE
from sectorplan.monitoring.models import Report
from sectorplan.plans import selectors as plans
from sectorplan.plans.forms import ATTACHMENT_TYPES
from sectorplan.plans.models import Activity, Plan, Settlement
from sectorplan.programmes.models import (
    AllocationLine,
    Organisation,
    Participation,
    Programme,
    Question,
    Round,
)
from sectorplan.programmes.visibility import programme_for, region_for
from sectorplan.reporting import cache
from sectorplan.reporting.tables import table_codes

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The programme's slug.")
REGION = OpenApiParameter(
    "region_code", str, OpenApiParameter.PATH, description="The region's code."
)
ROUND = OpenApiParameter("round", str, OpenApiParameter.PATH, description="The round's code.")
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The `ETag` you read before: when the object has not changed since, the "
    "answer is 304 without a body.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The `ETag` you read: without it (or with `*`) the answer is 428; when the "
    "object changed since you read it, 412. Either way nothing is changed.",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: your copy (`If-None-Match`) is current.")


class ProgrammeScoped:
    """A view under /programmes/{slug}/: the programme, or 404 when the user may not see it."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # No code contains a NUL; PostgreSQL would refuse the query with an error.
        if any("\x00" in str(value) for value in kwargs.values()):
            raise Http404

    def get_programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            self._programme = programme_for(self.request.user, self.kwargs["slug"])
        return self._programme

    def get_round(self) -> Round:
        if not hasattr(self, "_round"):
            programme = self.get_programme()
            self._round = get_object_or_404(programme.rounds, code=self.kwargs["round"])
            self._round.programme = programme
        return self._round

    def require_national(self) -> None:
        """What only readers of every region see (pages: 404 for regional roles)."""
        if not sees_every_region(self.request.user):
            raise Http404


def actions(steps) -> list[dict]:
    return [{"action": step.action, "label": str(step.label)} for step in steps]


# --- The root ---------------------------------------------------------------------------------

#: The resources the root names: the lists at the top; a programme's own resources are named
#: under it (`programmes/{slug}/…`, see the schema).
ROOT_RESOURCES = {
    "programmes": "api-programme-list",
    "organisations": "api-organisation-list",
    "instruments": "api-instrument-list",
    "schema": "api-schema",
    "docs": "api-docs",
}


@extend_schema(
    summary="The API's root",
    description="The resources of the API by name, each with its absolute URL.",
    responses={200: serializers.ApiRootSerializer},
    examples=[examples.ROOT],
)
class ApiRoot(APIView):
    def get(self, request):
        return Response(
            {
                name: request.build_absolute_uri(reverse(url_name))
                for name, url_name in ROOT_RESOURCES.items()
            }
        )


# --- Programmes, regions, organisations, allocation --------------------------------------------


def _programmes():
    return Programme.objects.select_related("region_set").annotate(
        allocation_published_at=Max("allocation_publications__published_at")
    )


@extend_schema_view(
    get=extend_schema(
        summary="Programmes",
        description="The programmes you take part in (every programme for members).",
        examples=[examples.PROGRAMME_LIST],
    )
)
class ProgrammeList(generics.ListAPIView):
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    ordering_fields = ["slug", "name"]
    ordering = ["slug"]

    def get_queryset(self):
        if not self.request.user.has_perm("programmes.see_programme"):
            return Programme.objects.none()
        return _programmes()


@extend_schema_view(
    get=extend_schema(summary="One programme", parameters=[SLUG], examples=[examples.PROGRAMME])
)
class ProgrammeDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = serializers.ProgrammeSerializer

    def get_object(self):
        programme = self.get_programme()
        return _programmes().get(pk=programme.pk)


@extend_schema_view(
    get=extend_schema(
        summary="Regions of a programme",
        description="The participating regions with their allocation basis.",
        parameters=[SLUG],
        examples=[examples.REGION_LIST],
    )
)
class RegionList(ProgrammeScoped, generics.ListAPIView):
    queryset = Participation.objects.none()  # for the schema; get_queryset reads
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    ordering_fields = ["region__code", "region__name"]
    ordering = ["region__code"]

    def get_queryset(self):
        return Participation.objects.filter(programme=self.get_programme()).select_related("region")


@extend_schema_view(
    get=extend_schema(
        summary="One region of a programme",
        description="A regional role sees its own region only; another region answers 404.",
        parameters=[SLUG, REGION],
        responses=serializers.RegionDetailSerializer,
    )
)
class RegionDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = serializers.RegionDetailSerializer

    def get_object(self):
        programme = self.get_programme()
        region = region_for(self.request.user, programme, self.kwargs["region_code"])
        participation = programme.participations.filter(region=region).first()
        region.basis = participation.basis if participation else None
        region.organisation_list = list(
            Organisation.objects.filter(regions=region).order_by("kind", "name")
        )
        return region


def _organisations(user):
    organisations = Organisation.objects.prefetch_related("regions")
    if sees_every_region(user):
        return organisations
    return organisations.filter(regions__in=region_ids_of(user)).distinct()


@extend_schema_view(
    get=extend_schema(
        summary="Organisations",
        description="National readers see every organisation; regional roles those working "
        "in their own region.",
        examples=[examples.ORGANISATION_LIST],
    )
)
class OrganisationList(generics.ListAPIView):
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        return _organisations(self.request.user)


@extend_schema_view(get=extend_schema(summary="One organisation"))
class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self):
        return _organisations(self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="The published allocation",
        description="The lines of the programme's latest published allocation, by region "
        "code; empty while nothing is published (`allocation_published_at` of the programme "
        "says when it was).",
        parameters=[SLUG],
        examples=[examples.ALLOCATION_LIST],
    )
)
class AllocationList(ProgrammeScoped, generics.ListAPIView):
    serializer_class = serializers.AllocationLineSerializer
    filter_backends = []

    def get_queryset(self):
        programme = self.get_programme()
        latest = programme.allocation_publications.order_by("-published_at", "-id").values("pk")[:1]
        return (
            AllocationLine.objects.filter(publication=Subquery(latest))
            .select_related("region")
            .order_by("region__code")
        )


# --- Plans ----------------------------------------------------------------------------------


class PlanScoped(ProgrammeScoped):
    def get_plan(self) -> Plan:
        """The plan at this URL, as the plan page finds it: 404 when the user may not see
        it (or it was never started)."""
        if not hasattr(self, "_plan"):
            programme = self.get_programme()
            region = region_for(self.request.user, programme, self.kwargs["region_code"])
            plan = plans.plans_visible_to(self.request.user, programme).filter(region=region)
            plan = plan.first()
            if plan is None:
                raise Http404
            plan.programme, plan.region = programme, region
            self._plan = plan
        return self._plan


@extend_schema_view(
    get=extend_schema(
        summary="Plans of a programme",
        description="The plans you may see (a regional role: its own), with their totals.",
        parameters=[SLUG],
        examples=[examples.PLAN_LIST],
    )
)
class PlanList(ProgrammeScoped, generics.ListAPIView):
    queryset = Plan.objects.none()  # for the schema; get_queryset reads
    serializer_class = serializers.PlanListSerializer
    filterset_class = filters.PlanFilter
    ordering_fields = ["region__code"]
    ordering = ["region__code"]

    def get_queryset(self):
        programme = self.get_programme()
        visible = plans.plans_visible_to(self.request.user, programme).values("pk")
        return plans.plans_for_overview(programme).filter(pk__in=Subquery(visible))


def plan_representation(user, plan: Plan) -> dict:
    """The plan with its activities, budget lines and targets, in a fixed number of queries."""
    plan = (
        Plan.objects.select_related("programme", "region")
        .prefetch_related(
            "companies",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("activity_type__theme").prefetch_related(
                    "budget_lines"
                ),
            ),
            Prefetch("targets", queryset=plan.targets.select_related("indicator")),
        )
        .get(pk=plan.pk)
    )
    totals = plans.plan_totals(plan)
    allocation = plans.plan_allocation(plan)
    plan.total_subsidy, plan.total_cofinancing = totals.subsidy, totals.cofinancing
    plan.allocation_subsidy = allocation.subsidy if allocation else None
    plan.actions = actions(plans.steps_offered_to(user, plan))
    return serializers.PlanSerializer(plan).data


def with_etag(data, kind: str, obj, status: int = 200) -> Response:
    """The answer with the ETag of `obj`'s version and of this representation of it."""
    return Response(data, status=status, headers={"ETag": etag_for(kind, obj, data)})


def current_or_not_modified(request, data, kind: str, obj) -> Response:
    """200 with the representation, or 304 when the client's copy names it already."""
    etag = etag_for(kind, obj, data)
    if not_modified(request, etag):
        return Response(status=304, headers={"ETag": etag})
    return Response(data, headers={"ETag": etag})


@extend_schema_view(
    get=extend_schema(
        summary="One plan",
        description="The plan with its activities, budget lines and indicator targets, and "
        "the workflow steps you may take. The `ETag` header names its version: send it in "
        "`If-Match` when you change the plan, or in `If-None-Match` to be told (304) that "
        "your copy is current.",
        parameters=[SLUG, REGION, IF_NONE_MATCH],
        responses={200: serializers.PlanSerializer, 304: NOT_MODIFIED},
        examples=[examples.PLAN],
    )
)
class PlanDetail(PlanScoped, APIView):
    serializer_class = serializers.PlanSerializer

    def get(self, request, slug, region_code):
        plan = self.get_plan()
        return current_or_not_modified(
            request, plan_representation(request.user, plan), "plan", plan
        )


@extend_schema_view(
    get=extend_schema(
        summary="Decisions on a plan", parameters=[SLUG, REGION], examples=[examples.DECISIONS]
    )
)
class DecisionList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.DecisionSerializer
    filter_backends = []

    def get_queryset(self):
        return self.get_plan().decisions.select_related("version").order_by("created_at", "id")


@extend_schema_view(
    get=extend_schema(
        summary="Payments of a plan", parameters=[SLUG, REGION], examples=[examples.PAYMENTS]
    )
)
class PaymentList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.PaymentSerializer
    filter_backends = []

    def get_queryset(self):
        return self.get_plan().payments.order_by("paid_on", "id")


ID = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The row's id.")
NUMBER = OpenApiParameter("number", int, OpenApiParameter.PATH, description="The version.")


@extend_schema_view(
    get=extend_schema(
        summary="Submitted versions of a plan",
        description="Each time the plan went to the central municipality it was frozen as a "
        "version, numbered from 1.",
        parameters=[SLUG, REGION],
        examples=[examples.VERSIONS],
    )
)
class PlanVersionList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.PlanVersionSerializer
    filter_backends = []

    def get_queryset(self):
        return self.get_plan().versions.order_by("number")


@extend_schema_view(
    get=extend_schema(
        summary="One submitted version of a plan, as it was",
        parameters=[SLUG, REGION, NUMBER],
        examples=[examples.VERSION],
    )
)
class PlanVersionDetail(PlanScoped, generics.RetrieveAPIView):
    serializer_class = serializers.PlanVersionDetailSerializer

    def get_object(self):
        return get_object_or_404(self.get_plan().versions, number=self.kwargs["number"])


@extend_schema_view(
    get=extend_schema(
        summary="Extensions asked for a plan",
        description="Requests for more time to carry out the plan, and what was decided.",
        parameters=[SLUG, REGION],
        examples=[examples.EXTENSIONS],
    )
)
class ExtensionList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.ExtensionSerializer
    filter_backends = []

    def get_queryset(self):
        return self.get_plan().extensions.order_by("requested_at", "id")


@extend_schema_view(
    get=extend_schema(
        summary="The settlement (vaststelling) of a plan",
        description="A list of at most one: empty until the office settles the plan. `paid` "
        "and `to_reclaim` follow from the payments.",
        parameters=[SLUG, REGION],
        examples=[examples.SETTLEMENTS],
    )
)
class SettlementList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.SettlementSerializer
    filter_backends = []

    def get_queryset(self):
        return Settlement.objects.filter(plan=self.get_plan()).order_by("pk")

    def get_serializer_context(self):
        paid = self.get_plan().payments.aggregate(total=Sum("amount"))["total"]
        return {**super().get_serializer_context(), "paid": paid or Decimal(0)}


@extend_schema_view(
    get=extend_schema(
        summary="Attachments of a plan",
        description="The files the region attached; `file` is where each is downloaded.",
        parameters=[SLUG, REGION],
        examples=[examples.ATTACHMENTS],
    )
)
class AttachmentList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.AttachmentSerializer
    filter_backends = []

    def get_queryset(self):
        plan = self.get_plan()
        attachments = list(plan.attachments.order_by("uploaded_at", "id"))
        for attachment in attachments:
            attachment.plan = plan
        return attachments


@extend_schema(
    summary="Download an attachment of a plan",
    parameters=[SLUG, REGION, ID],
    responses={(200, media): OpenApiTypes.BINARY for _name, media in ATTACHMENT_TYPES.values()},
)
class AttachmentFile(PlanScoped, APIView):
    def perform_content_negotiation(self, request, force=False):
        # The file answers in its own type whatever the client accepts; errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request, slug, region_code, pk):
        return stored_file_response(get_object_or_404(self.get_plan().attachments, pk=pk))


@extend_schema_view(
    get=extend_schema(
        summary="Advice on a plan",
        description="The assessing parties' advice per submitted version, as the plan page "
        "shows it: the office and the ministry read all of it; an assessing party reads the "
        "others' advice on a version only once it has given its own; the region reads the "
        "advice on versions that were decided. Advice kept back is left out of the list.",
        parameters=[SLUG, REGION],
        examples=[examples.ADVICES],
    )
)
class AdviceList(PlanScoped, generics.ListAPIView):
    serializer_class = serializers.AdviceSerializer
    filter_backends = []

    def get_queryset(self):
        plan = self.get_plan()
        advices = list(
            plan.advices.select_related("organisation", "version").order_by("created_at", "id")
        )
        visible, _kept_back = plans.advices_visible_to(
            self.request.user, advices, list(plan.decisions.all())
        )
        return visible


# --- Rounds, questionnaires, reports ------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="Reporting rounds", parameters=[SLUG], examples=[examples.ROUNDS])
)
class RoundList(ProgrammeScoped, generics.ListAPIView):
    queryset = Round.objects.none()  # for the schema; get_queryset reads
    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilter
    ordering_fields = ["position", "code"]
    ordering = ["position"]

    def get_queryset(self):
        return Round.objects.filter(programme=self.get_programme())


@extend_schema_view(get=extend_schema(summary="One round", parameters=[SLUG, ROUND]))
class RoundDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = serializers.RoundSerializer

    def get_object(self):
        return self.get_round()


@extend_schema_view(
    get=extend_schema(
        summary="Questionnaire versions of a round",
        description="National readers only (regional roles read the questions in their report).",
        parameters=[SLUG, ROUND],
    )
)
class QuestionnaireList(ProgrammeScoped, generics.ListAPIView):
    serializer_class = serializers.QuestionnaireListSerializer
    filter_backends = []

    def get_queryset(self):
        self.require_national()
        return self.get_round().questionnaires.select_related("round").order_by("version")


@extend_schema_view(
    get=extend_schema(
        summary="One questionnaire version",
        description="Sections with their questions and choices. National readers only.",
        parameters=[
            SLUG,
            ROUND,
            OpenApiParameter("version", int, OpenApiParameter.PATH),
        ],
    )
)
class QuestionnaireDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = serializers.QuestionnaireSerializer

    def get_object(self):
        self.require_national()
        questions = Question.objects.select_related("shown_if_question").prefetch_related("choices")
        return get_object_or_404(
            self.get_round()
            .questionnaires.select_related("round")
            .prefetch_related("sections", Prefetch("questions", queryset=questions)),
            version=self.kwargs["version"],
        )


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
class ReportList(ProgrammeScoped, generics.ListAPIView):
    queryset = Report.objects.none()  # for the schema; get_queryset reads
    serializer_class = serializers.ReportListSerializer
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
    return serializers.ReportSerializer(report).data


@extend_schema_view(
    get=extend_schema(
        summary="One region report",
        description="Every question as asked (per-theme questions once per theme) with its "
        "answer in typed columns, the progress per activity, the realised indicators, what "
        "is still missing, the office's comments and the steps you may take. `ETag` names "
        "its version (send it in `If-None-Match` to be told, 304, that your copy is current).",
        parameters=[SLUG, ROUND, REGION, IF_NONE_MATCH],
        responses={200: serializers.ReportSerializer, 304: NOT_MODIFIED},
        examples=[examples.REPORT],
    )
)
class ReportDetail(ReportScoped, APIView):
    serializer_class = serializers.ReportSerializer

    def get(self, request, slug, round, region_code):
        report = self.get_report()
        return current_or_not_modified(
            request, report_representation(request.user, report), "report", report
        )


# --- National tables ------------------------------------------------------------------------


ROUND_QUERY = OpenApiParameter(
    "round",
    str,
    OpenApiParameter.QUERY,
    required=False,
    description="The round whose answers fill the table (default: as the pages choose).",
)


@extend_schema_view(
    get=extend_schema(
        summary="National tables",
        description="The codes of the programme's national tables. National readers only.",
        parameters=[SLUG],
    )
)
class TableList(ProgrammeScoped, generics.ListAPIView):
    serializer_class = serializers.TableListSerializer
    filter_backends = []

    def get_queryset(self):
        self.require_national()
        return [{"code": code} for code in table_codes(self.get_programme())]


def table_representation(table, round_) -> dict:
    """The Table the pages and the CSV download read, as JSON: the same values, decimals as
    the CSV writes them (money with two decimals)."""

    def cell(column, value):
        if value is None or isinstance(value, bool | int | str):
            return value
        return format_decimal_plain(value, 2 if column in table.money else None)

    return {
        "code": table.code,
        "title": str(table.title),
        "round": round_.code if round_ else None,
        "note": str(table.note),
        "columns": table.columns,
        "money_columns": sorted(table.money),
        "rows": [
            {column: cell(column, value) for column, value in zip(table.columns, row, strict=True)}
            for row in table.rows
        ],
    }


@extend_schema_view(
    get=extend_schema(
        summary="One national table",
        description="The same numbers as the table page and its CSV download (CONTRACTS §5). "
        "National readers only.",
        parameters=[
            SLUG,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="e.g. coverage"),
            ROUND_QUERY,
        ],
        examples=[examples.TABLE],
    )
)
class TableDetail(ProgrammeScoped, APIView):
    serializer_class = serializers.TableSerializer

    def get(self, request, slug, code):
        self.require_national()
        programme = self.get_programme()
        if code not in table_codes(programme):
            raise Http404
        round_code = request.query_params.get("round")
        round_ = programme.rounds.filter(code=round_code).first() if round_code else None
        table = cache.national_table(programme, code, round_)
        return Response(serializers.TableSerializer(table_representation(table, round_)).data)


# --- Knowledge exchange ------------------------------------------------------------------------

PRACTICE = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The practice's id.")


def _practices(view):
    return (
        practices_visible_to(view.request.user, view.get_programme())
        .select_related("region", "theme")
        .prefetch_related("instruments", "documents")
    )


@extend_schema_view(
    get=extend_schema(
        summary="Good practices of a programme",
        description=(
            "Published practices for everyone in the programme; drafts and practices under "
            "review only for the office and the region that writes them."
        ),
        parameters=[SLUG],
    )
)
class PracticeList(ProgrammeScoped, generics.ListAPIView):
    queryset = Practice.objects.none()  # for the schema; get_queryset reads
    serializer_class = serializers.PracticeSerializer
    filterset_class = filters.PracticeFilter
    ordering_fields = ["id", "published_at", "title"]
    ordering = ["id"]

    def get_queryset(self):
        return _practices(self)


@extend_schema_view(
    get=extend_schema(
        summary="One good practice",
        description="Another region's unpublished practice answers 404.",
        parameters=[SLUG, PRACTICE],
    )
)
class PracticeDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = serializers.PracticeSerializer

    def get_object(self):
        return get_object_or_404(_practices(self), pk=self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(
        summary="Instruments",
        description="The catalogue of methods and tools, shared by all programmes.",
    )
)
class InstrumentList(generics.ListAPIView):
    serializer_class = serializers.InstrumentSerializer
    filterset_class = filters.InstrumentFilter
    ordering_fields = ["slug", "name"]
    ordering = ["slug"]

    def get_queryset(self):
        if not self.request.user.has_perm("programmes.see_programme"):
            return Instrument.objects.none()
        return Instrument.objects.select_related("category")


@extend_schema_view(
    get=extend_schema(
        summary="One instrument",
        parameters=[
            OpenApiParameter(
                "instrument", str, OpenApiParameter.PATH, description="The instrument's slug."
            )
        ],
    )
)
class InstrumentDetail(generics.RetrieveAPIView):
    serializer_class = serializers.InstrumentSerializer

    def get_object(self):
        if not self.request.user.has_perm("programmes.see_programme"):
            raise Http404
        return get_object_or_404(
            Instrument.objects.select_related("category"), slug=self.kwargs["instrument"]
        )


def _meetings(programme):
    return (
        Meeting.objects.filter(programme=programme)
        .select_related("theme")
        .prefetch_related("practices", "instruments", "documents")
        .annotate(
            regions_registered=Count("registrations", distinct=True),
            people_registered=Coalesce(Sum("registrations__people"), 0),
        )
    )


@extend_schema_view(
    get=extend_schema(
        summary="Knowledge meetings of a programme",
        description="Who registered is the office's list; here only how many regions and people.",
        parameters=[SLUG],
    )
)
class MeetingList(ProgrammeScoped, generics.ListAPIView):
    queryset = Meeting.objects.none()  # for the schema; get_queryset reads
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["id", "starts_at"]
    ordering = ["id"]

    def get_queryset(self):
        return _meetings(self.get_programme())


@extend_schema_view(
    get=extend_schema(
        summary="One knowledge meeting",
        parameters=[
            SLUG,
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The meeting's id."),
        ],
    )
)
class MeetingDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = serializers.MeetingSerializer

    def get_object(self):
        return get_object_or_404(_meetings(self.get_programme()), pk=self.kwargs["pk"])


@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
@schema(None)
def not_found(request):
    """A path under /api/v1/ that names no endpoint."""
    raise exceptions.NotFound()
