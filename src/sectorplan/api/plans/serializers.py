"""What the API returns and accepts of plans. Read serializers show rows as they are;
write serializers only parse (with the typed, bounded fields of `api.fields`) and hand the
input to the plans' services, which validate it as they do for the pages."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sectorplan.api.common import MONEY, ActionSerializer
from sectorplan.api.fields import Amount, ProgrammeDate, Text
from sectorplan.api.programmes.serializers import OrganisationBriefSerializer
from sectorplan.core.numbers import format_decimal_plain
from sectorplan.plans.models import (
    Activity,
    Advice,
    Attachment,
    BudgetLine,
    Decision,
    Extension,
    IndicatorTarget,
    Payment,
    Plan,
    PlanVersion,
    Settlement,
)

# --- Plans ----------------------------------------------------------------------------------


class PlanListSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    state_label = serializers.CharField(source="get_state_display")
    total_subsidy = serializers.DecimalField(**MONEY)
    total_cofinancing = serializers.DecimalField(**MONEY)
    granted_amount = serializers.DecimalField(**MONEY, allow_null=True)
    paid_amount = serializers.DecimalField(**MONEY, allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "region_code",
            "region_name",
            "state",
            "state_label",
            "title",
            "lock_version",
            "total_subsidy",
            "total_cofinancing",
            "granted_amount",
            "paid_amount",
            "updated_at",
        ]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["id", "description", "subsidy", "cofinancing", "cofinancing_source"]


class ActivitySerializer(serializers.ModelSerializer):
    activity_type = serializers.CharField(source="activity_type.code")
    theme = serializers.CharField(source="activity_type.theme.code")
    budget_lines = BudgetLineSerializer(many=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "theme",
            "activity_type",
            "title",
            "description",
            "target_group",
            "people_per_year",
            "planned_results",
            "starts_on",
            "ends_on",
            "budget_lines",
        ]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")

    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "target"]


class PlanSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.slug")
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    state_label = serializers.CharField(source="get_state_display")
    companies = OrganisationBriefSerializer(many=True)
    activities = ActivitySerializer(many=True)
    targets = TargetSerializer(many=True)
    total_subsidy = serializers.DecimalField(**MONEY)
    total_cofinancing = serializers.DecimalField(**MONEY)
    allocation_subsidy = serializers.DecimalField(**MONEY, allow_null=True)
    actions = ActionSerializer(many=True, help_text="The workflow steps you may take now.")

    class Meta:
        model = Plan
        fields = [
            "programme",
            "region_code",
            "region_name",
            "state",
            "state_label",
            "lock_version",
            "is_amendment",
            "title",
            "summary",
            "contact_name",
            "contact_email",
            "contact_phone",
            "ends_on",
            "companies",
            "activities",
            "targets",
            "total_subsidy",
            "total_cofinancing",
            "allocation_subsidy",
            "actions",
            "updated_at",
        ]


class PlanUpdateSerializer(serializers.Serializer):
    """The plan's general part; every field optional (PATCH)."""

    title = Text(max_length=300, required=False, allow_blank=True)
    summary = Text(required=False, allow_blank=True)
    contact_name = Text(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = Text(max_length=50, required=False, allow_blank=True)
    ends_on = ProgrammeDate(required=False, allow_null=True)
    companies = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=999_999_999),
        required=False,
        help_text="Ids of the participating SW companies (replaces the list).",
    )
    targets = serializers.DictField(
        child=serializers.DecimalField(max_digits=15, decimal_places=2, allow_null=True),
        required=False,
        help_text="Indicator code → target; null removes the target.",
    )


class DecisionSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.number")

    class Meta:
        model = Decision
        fields = ["id", "version", "granted", "amount", "decided_on", "reason", "created_at"]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "amount", "paid_on", "reference", "created_at"]


class PlanVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["number", "submitted_at"]


class PlanVersionDetailSerializer(serializers.ModelSerializer):
    snapshot = serializers.JSONField(
        help_text="The plan as it was submitted: its general part, activities and budget lines."
    )

    class Meta:
        model = PlanVersion
        fields = ["number", "submitted_at", "snapshot"]


class ExtensionSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Extension
        fields = [
            "id",
            "new_end_date",
            "reason",
            "state",
            "state_label",
            "requested_at",
            "decided_at",
        ]


class SettlementSerializer(serializers.ModelSerializer):
    paid = serializers.SerializerMethodField(help_text="The total paid on the plan.")
    to_reclaim = serializers.SerializerMethodField(
        help_text="What the region pays back when more was paid than settled; null when nothing."
    )

    class Meta:
        model = Settlement
        fields = ["amount", "settled_on", "note", "created_at", "paid", "to_reclaim"]

    @extend_schema_field(serializers.DecimalField(max_digits=15, decimal_places=2))
    def get_paid(self, settlement):
        return format_decimal_plain(self.context["paid"])

    @extend_schema_field(serializers.DecimalField(max_digits=15, decimal_places=2, allow_null=True))
    def get_to_reclaim(self, settlement):
        reclaim = settlement.to_reclaim(self.context["paid"])
        return None if reclaim is None else format_decimal_plain(reclaim)


class AttachmentSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(help_text="Where the file itself is downloaded.")

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "file"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, attachment):
        plan = attachment.plan
        path = reverse(
            "api-attachment-file", args=[plan.programme.slug, plan.region.code, attachment.pk]
        )
        return self.context["request"].build_absolute_uri(path)


class AdviceSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.number")
    organisation = OrganisationBriefSerializer()
    verdict_label = serializers.CharField(source="get_verdict_display")

    class Meta:
        model = Advice
        fields = [
            "id",
            "version",
            "organisation",
            "verdict",
            "verdict_label",
            "motivation",
            "created_at",
        ]


class BudgetLineInputSerializer(serializers.Serializer):
    description = Text(required=False, allow_blank=True, default="")
    subsidy = Amount(required=False, allow_null=True, default=None)
    cofinancing = Amount(required=False, allow_null=True, default=None)
    cofinancing_source = Text(
        required=False,
        help_text="A code of the programme's sources of co-financing (from its template; the "
        "2015 programme: `centrumgemeente`, `sw_bedrijf` or `overig`); default: the programme's "
        "default source.",
    )


class ActivityInputSerializer(serializers.Serializer):
    """An activity as the region writes it. POST: `activity_type` and `title` are needed;
    PATCH: what is left out keeps its value. The page's form reads the values, so the same
    input is refused with the same messages."""

    activity_type = Text(required=False, help_text="The activity type's code.")
    title = Text(required=False, allow_blank=True)
    description = Text(required=False, allow_blank=True)
    target_group = Text(required=False, allow_blank=True)
    people_per_year = serializers.IntegerField(
        required=False, allow_null=True, max_value=2_147_483_647
    )
    planned_results = Text(required=False, allow_blank=True)
    starts_on = ProgrammeDate(required=False, allow_null=True)
    ends_on = ProgrammeDate(required=False, allow_null=True)
    budget_lines = BudgetLineInputSerializer(
        many=True,
        required=False,
        max_length=200,
        help_text="Replaces the activity's budget lines (left out: they stay as they are). "
        "A line without description and amounts is left out.",
    )


class CommentInputSerializer(serializers.Serializer):
    section = Text(help_text="`general`, or the activity's title.")
    text = Text(allow_blank=True)


class ActionPayloadSerializer(serializers.Serializer):
    """What a workflow step may carry; which ones a step needs, its guard says."""

    comments = CommentInputSerializer(
        many=True, required=False, help_text="request_changes: the office's comments."
    )
    note = Text(required=False, allow_blank=True)
    reason = Text(required=False, allow_blank=True)
    verdict = Text(required=False)
    motivation = Text(required=False, allow_blank=True)
    amount = Amount(required=False)
    decided_on = ProgrammeDate(required=False)
    paid_on = ProgrammeDate(required=False)
    reference = Text(required=False, allow_blank=True)
    new_end_date = ProgrammeDate(required=False)
    grant = serializers.BooleanField(required=False)
    settled_on = ProgrammeDate(required=False)


class TransitionResultSerializer(serializers.Serializer):
    state = serializers.CharField()
    state_label = serializers.CharField()
    lock_version = serializers.IntegerField()
    actions = ActionSerializer(many=True)
