"""A plan's activities with their budget lines: read, add, change and delete.

The writes call the services of the plan pages (`activity_save`, `activity_delete`); the
serializer reads the JSON into typed values, which the page's own forms (`ActivityForm`,
`BudgetLineForm`) check without a fake POST (`clean_typed`), so the API refuses what the page
refuses, with the same messages. The plan's `ETag` guards them: an activity has
no version of its own, every change to one is a new version of the plan.
403 not the region's contact · 404 not yours, or no such activity · 409 the plan is not being
written (draft or sent back) · 412 `If-Match` names an older version of the plan · 428 no
`If-Match` (or `*`).
"""

import rules
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from sectorplan.api import examples, filters
from sectorplan.api.common import IF_MATCH, REGION, SLUG, with_etag
from sectorplan.api.errors import refused
from sectorplan.api.plans.serializers import ActivityInputSerializer, ActivitySerializer
from sectorplan.api.plans.views import PlanScoped
from sectorplan.api.plumbing import check_if_match, refuse_body
from sectorplan.core.errors import Refused
from sectorplan.plans import selectors as plans
from sectorplan.plans import services as plan_services
from sectorplan.plans.constants import ACTIVITY_FIELDS
from sectorplan.plans.forms import (
    ActivityForm,
    BudgetLineForm,
    budget_line_initial,
    budget_lines_of,
    clean_typed,
)
from sectorplan.plans.models import Activity, Plan
from sectorplan.workflow import Conflict

ACTIVITY = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The activity's id.")
IF_MATCH_NOTE = (
    " Send the plan's `ETag` in `If-Match` (required: without it, or with `*`, 428): when "
    "the plan changed since you read it, the answer is 412 and nothing is changed. The "
    "answer's `ETag` is the plan's new version."
)


def _activities(plan: Plan):
    return plan.activities.select_related("activity_type__theme").prefetch_related("budget_lines")


class ActivityWrite(PlanScoped):
    """What adding, changing and deleting share: who may, in which state, which version."""

    def refusal(self, plan: Plan) -> Response | None:
        """403 for a role that does not write the plan, 428 without `If-Match`, 412 for a
        stale one, 409 when the plan is not being written; None when the write may go
        ahead."""
        if not rules.has_perm("plans.edit", self.request.user, plan):
            return refused(Refused(_("Only the region's contact can edit the plan.")), 403)
        check_if_match(self.request, "plan", plan)
        if message := plans.edit_refusal(plan):
            return refused(Refused(message), status.HTTP_409_CONFLICT)
        return None

    def save(self, plan: Plan, activity: Activity | None, given: dict) -> Response:
        """Check the serializer's typed values with the page's forms (what is left out keeps
        its value; `clean_typed`, no fake POST) and save them through `activity_save`."""
        form = ActivityForm(programme=plan.programme)
        form_ok = clean_typed(form, self._values(plan, activity, given))
        lines = []
        given_lines = given.get("budget_lines")
        for line in budget_line_initial(activity) if given_lines is None else given_lines:
            line_form = BudgetLineForm(programme=plan.programme)
            clean_typed(
                line_form,
                {
                    "description": "",
                    "subsidy": None,
                    "cofinancing": None,
                    "cofinancing_source": plan.programme.default_cofinancing_source,
                    **line,
                },
            )
            lines.append(line_form)
        if not form_ok or any(line.errors for line in lines):
            raise ValidationError(self._errors(form, lines))
        try:
            saved = plan_services.activity_save(
                plan=plan,
                by=self.request.user,
                lock_version=plan.lock_version,
                activity=activity,
                data=form.activity_data(),
                budget_lines=budget_lines_of(lines),
            )
        except Refused as exc:
            return refused(exc, self._status(exc))
        return self.answer(
            plan,
            ActivitySerializer(_activities(plan).get(pk=saved.pk)).data,
            status.HTTP_201_CREATED if activity is None else status.HTTP_200_OK,
        )

    @staticmethod
    def _status(exc: Refused) -> int:
        if isinstance(exc, Conflict):
            return status.HTTP_412_PRECONDITION_FAILED
        return status.HTTP_400_BAD_REQUEST

    @staticmethod
    def answer(plan: Plan, data, code: int) -> Response:
        """The answer with the plan's new ETag (the service changed its version)."""
        plan.lock_version = Plan.objects.values_list("lock_version", flat=True).get(pk=plan.pk)
        return with_etag(data, "plan", plan, status=code)

    @staticmethod
    def _values(plan: Plan, activity: Activity | None, given: dict) -> dict:
        """The activity's typed values as they are (or empty), with what the JSON gives in
        their place; the activity type by its code, as the form's choice (its id)."""
        values = {name: None for name in ACTIVITY_FIELDS}
        values.update(ActivityForm.initial_for(plan, activity))
        values.pop("lock_version", None)
        for name in ACTIVITY_FIELDS:
            if name in given:
                values[name] = given[name]
        if "activity_type" in given:
            types = {t.code: t.pk for t in plan.programme.activity_types.all()}
            if given["activity_type"] not in types:
                raise ValidationError(
                    {"activity_type": [_("The activity type does not belong to this programme.")]}
                )
            values["activity_type"] = str(types[given["activity_type"]])
        return values

    @staticmethod
    def _errors(form, lines: list) -> dict:
        """The forms' messages by field of the JSON: `budget_lines` one entry per line."""
        errors: dict = {
            name: list(messages) for name, messages in form.errors.items() if name != "__all__"
        }
        general = list(form.non_field_errors())
        if any(line.errors for line in lines):
            errors["budget_lines"] = [
                {name: list(messages) for name, messages in line.errors.items()} for line in lines
            ]
        if general:
            errors["non_field_errors"] = general
        return errors


class ActivityList(ActivityWrite, generics.ListAPIView):
    queryset = Activity.objects.none()  # for the schema; get_queryset reads
    serializer_class = ActivitySerializer
    filterset_class = filters.ActivityFilter
    ordering_fields = ["position", "id"]
    ordering = ["position", "id"]

    def get_queryset(self):
        return _activities(self.get_plan())

    @extend_schema(
        summary="Activities of a plan",
        description="The plan's activities with their budget lines, in the plan's order.",
        parameters=[SLUG, REGION],
        examples=[examples.ACTIVITY],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Add an activity to a plan",
        description="Only the region's contact, while the plan is a draft or sent back; "
        "`activity_type` (its code) and `title` are needed, amounts are decimals in euros. "
        "Answers the activity (201)." + IF_MATCH_NOTE,
        parameters=[SLUG, REGION, IF_MATCH],
        request=ActivityInputSerializer,
        responses={201: ActivitySerializer},
        examples=[examples.ACTIVITY_INPUT, examples.ACTIVITY],
    )
    def post(self, request, slug, region_code):
        plan = self.get_plan()
        refusal = self.refusal(plan)
        if refusal is not None:
            return refusal
        input_ = ActivityInputSerializer(data=request.data, context={"programme": plan.programme})
        input_.is_valid(raise_exception=True)
        return self.save(plan, None, input_.validated_data)


class ActivityDetail(ActivityWrite, generics.GenericAPIView):
    serializer_class = ActivitySerializer

    def get_activity(self) -> Activity:
        return get_object_or_404(_activities(self.get_plan()), pk=self.kwargs["pk"])

    @extend_schema(
        summary="One activity of a plan",
        description="The activity with its budget lines; `ETag` names the plan's version.",
        parameters=[SLUG, REGION, ACTIVITY],
        examples=[examples.ACTIVITY],
    )
    def get(self, request, slug, region_code, pk):
        activity = self.get_activity()
        return with_etag(ActivitySerializer(activity).data, "plan", self.get_plan())

    @extend_schema(
        summary="Change an activity",
        description="What you leave out keeps its value; `budget_lines`, when given, "
        "replaces the activity's lines. Only the region's contact, while the plan is a "
        "draft or sent back." + IF_MATCH_NOTE,
        parameters=[SLUG, REGION, ACTIVITY, IF_MATCH],
        request=ActivityInputSerializer,
        responses=ActivitySerializer,
        examples=[examples.ACTIVITY_PATCH, examples.ACTIVITY],
    )
    def patch(self, request, slug, region_code, pk):
        plan = self.get_plan()
        activity = self.get_activity()
        refusal = self.refusal(plan)
        if refusal is not None:
            return refusal
        input_ = ActivityInputSerializer(data=request.data, context={"programme": plan.programme})
        input_.is_valid(raise_exception=True)
        return self.save(plan, activity, input_.validated_data)

    @extend_schema(
        summary="Delete an activity",
        description="With its budget lines. Only the region's contact, while the plan is a "
        "draft or sent back." + IF_MATCH_NOTE,
        parameters=[SLUG, REGION, ACTIVITY, IF_MATCH],
        request=None,
        responses={204: OpenApiResponse(description="Deleted.")},
    )
    def delete(self, request, slug, region_code, pk):
        refuse_body(request)
        plan = self.get_plan()
        activity = self.get_activity()
        refusal = self.refusal(plan)
        if refusal is not None:
            return refusal
        try:
            plan_services.activity_delete(
                plan=plan, by=request.user, lock_version=plan.lock_version, activity=activity
            )
        except Refused as exc:
            return refused(exc, self._status(exc))
        return self.answer(plan, None, status.HTTP_204_NO_CONTENT)
