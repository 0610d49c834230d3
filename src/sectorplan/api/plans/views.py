"""The read endpoints of plans: the plan, its decisions, payments, versions, extensions,
settlements, attachments and advice. Thin: the plan is found as the plan page finds it
(`plans_visible_to`; 404 for what the user may not see)."""

from decimal import Decimal

from django.db.models import Prefetch, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.views import APIView

from sectorplan.api import examples, filters
from sectorplan.api.common import (
    IF_NONE_MATCH,
    NOT_MODIFIED,
    REGION,
    SLUG,
    CachedList,
    ProgrammeScoped,
    actions,
    current_or_not_modified,
)
from sectorplan.api.plans.serializers import (
    AdviceSerializer,
    AttachmentSerializer,
    DecisionSerializer,
    ExtensionSerializer,
    PaymentSerializer,
    PlanListSerializer,
    PlanSerializer,
    PlanVersionDetailSerializer,
    PlanVersionSerializer,
    SettlementSerializer,
)
from sectorplan.core.views import stored_file_response
from sectorplan.plans import selectors as plans
from sectorplan.plans.forms import ATTACHMENT_TYPES
from sectorplan.plans.models import Activity, Plan, Settlement
from sectorplan.programmes.visibility import region_for

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
class PlanList(CachedList, ProgrammeScoped, generics.ListAPIView):
    queryset = Plan.objects.none()  # for the schema; get_queryset reads
    serializer_class = PlanListSerializer
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
    return PlanSerializer(plan).data


@extend_schema_view(
    get=extend_schema(
        summary="One plan",
        description="The plan with its activities, budget lines and indicator targets, and "
        "the workflow steps you may take. The `ETag` header names its version: send it in "
        "`If-Match` when you change the plan, or in `If-None-Match` to be told (304) that "
        "your copy is current.",
        parameters=[SLUG, REGION, IF_NONE_MATCH],
        responses={200: PlanSerializer, 304: NOT_MODIFIED},
        examples=[examples.PLAN],
    )
)
class PlanDetail(PlanScoped, APIView):
    serializer_class = PlanSerializer

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
    serializer_class = DecisionSerializer
    filter_backends = []

    def get_queryset(self):
        return self.get_plan().decisions.select_related("version").order_by("created_at", "id")


@extend_schema_view(
    get=extend_schema(
        summary="Payments of a plan", parameters=[SLUG, REGION], examples=[examples.PAYMENTS]
    )
)
class PaymentList(PlanScoped, generics.ListAPIView):
    serializer_class = PaymentSerializer
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
    serializer_class = PlanVersionSerializer
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
    serializer_class = PlanVersionDetailSerializer

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
    serializer_class = ExtensionSerializer
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
    serializer_class = SettlementSerializer
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
    serializer_class = AttachmentSerializer
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
    serializer_class = AdviceSerializer
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
