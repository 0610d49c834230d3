"""What the API returns and accepts. Read serializers show rows as they are (codes, not
labels, as keys; labels beside them in the request's language); write serializers only parse
(with the typed, bounded fields of `api.fields`) and hand the input to the app's service,
which validates it as it does for the pages."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sectorplan.api.fields import Amount, ProgrammeDate, Text
from sectorplan.core.numbers import format_decimal_plain
from sectorplan.knowledge.models import Instrument, Meeting, Practice
from sectorplan.monitoring.models import Report
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
from sectorplan.programmes.models import (
    Organisation,
    Programme,
    Question,
    QuestionChoice,
    Questionnaire,
    Region,
    Round,
    Section,
)

MONEY = {"max_digits": 15, "decimal_places": 2}


class ApiRootSerializer(serializers.Serializer):
    """GET /api/v1/: each resource's absolute URL."""

    programmes = serializers.URLField()
    organisations = serializers.URLField()
    instruments = serializers.URLField()
    schema = serializers.URLField(help_text="The OpenAPI 3 schema.")
    docs = serializers.URLField(help_text="The schema as a readable page.")


# --- Programmes ---------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region_set = serializers.CharField(source="region_set.code", read_only=True)
    allocation_published_at = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "template",
            "region_set",
            "status",
            "status_label",
            "budget",
            "cofinancing_ratio",
            "starts_on",
            "ends_on",
            "plan_deadline",
            "review_deadline",
            "execution_ends_on",
            "allocation_published_at",
        ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_allocation_published_at(self, programme):
        published = getattr(programme, "allocation_published_at", None)
        return serializers.DateTimeField().to_representation(published) if published else None


class RegionSerializer(serializers.Serializer):
    """A participating region (a Participation) with its allocation basis."""

    code = serializers.CharField(source="region.code")
    name = serializers.CharField(source="region.name")
    centrumgemeente = serializers.CharField(source="region.centrumgemeente")
    province = serializers.CharField(source="region.province")
    basis = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)


class OrganisationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class RegionDetailSerializer(serializers.ModelSerializer):
    basis = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    organisations = OrganisationBriefSerializer(many=True, source="organisation_list")

    class Meta:
        model = Region
        fields = ["code", "name", "centrumgemeente", "province", "basis", "organisations"]


class OrganisationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    regions = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "kind_label", "regions"]

    def get_regions(self, organisation) -> list[str]:
        return sorted({region.code for region in organisation.regions.all()})


class AllocationLineSerializer(serializers.Serializer):
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    basis = serializers.DecimalField(max_digits=16, decimal_places=4)
    subsidy = serializers.DecimalField(**MONEY)
    cofinancing = serializers.DecimalField(**MONEY)


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


class ActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()


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
        help_text="`centrumgemeente`, `sw_bedrijf` or `overig`; default: the programme's "
        "(from its template).",
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


# --- Rounds and questionnaires ----------------------------------------------------------------


class RoundSerializer(serializers.ModelSerializer):
    label = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Round
        fields = [
            "code",
            "label",
            "position",
            "state",
            "state_label",
            "opens_on",
            "deadline",
            "period_starts_on",
            "period_ends_on",
        ]


class RoundStepResultSerializer(serializers.Serializer):
    round = RoundSerializer()
    actions = ActionSerializer(many=True)


class AllocationPublishResultSerializer(serializers.Serializer):
    published = serializers.BooleanField(help_text="False when nothing changed (no new one).")
    changed_regions = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the regions whose lines changed."
    )
    published_at = serializers.DateTimeField(allow_null=True)


class ChoiceSerializer(serializers.ModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = QuestionChoice
        fields = ["code", "label"]


class QuestionSerializer(serializers.ModelSerializer):
    label = serializers.CharField()
    help = serializers.CharField()
    choices = ChoiceSerializer(many=True)
    shown_if_question = serializers.CharField(
        source="shown_if_question.code", allow_null=True, default=None
    )

    class Meta:
        model = Question
        fields = [
            "code",
            "label",
            "kind",
            "required",
            "help",
            "choices",
            "shown_if_question",
            "shown_if_value",
        ]


class SectionSerializer(serializers.ModelSerializer):
    label = serializers.CharField()
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["code", "label", "per_theme", "questions"]

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, section):
        questions = self.context["questions_by_section"].get(section.pk, [])
        return QuestionSerializer(questions, many=True, context=self.context).data


class QuestionnaireListSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.code")

    class Meta:
        model = Questionnaire
        fields = ["round", "version", "created_at"]


class QuestionnaireSerializer(QuestionnaireListSerializer):
    sections = serializers.SerializerMethodField()

    class Meta(QuestionnaireListSerializer.Meta):
        fields = [*QuestionnaireListSerializer.Meta.fields, "sections"]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, questionnaire):
        by_section: dict[int, list] = {}
        for question in questionnaire.questions.all():
            by_section.setdefault(question.section_id, []).append(question)
        context = {**self.context, "questions_by_section": by_section}
        return SectionSerializer(questionnaire.sections.all(), many=True, context=context).data


# --- Reports ------------------------------------------------------------------------------


class ReportListSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.code")
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    state_label = serializers.CharField(source="get_state_display")
    questionnaire_version = serializers.IntegerField(source="questionnaire.version")

    class Meta:
        model = Report
        fields = [
            "round",
            "region_code",
            "region_name",
            "state",
            "state_label",
            "lock_version",
            "questionnaire_version",
            "submissions",
            "submitted_at",
            "accepted_at",
            "updated_at",
        ]


class AnswerSerializer(serializers.Serializer):
    """One question as asked in the report (per-theme questions once per theme) with its
    answer in typed columns: `code` (yes/no: yes, no, unknown; a choice), `number`, `text`,
    `choices` (several choices), `file_name`."""

    question = serializers.CharField()
    theme = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    shown = serializers.BooleanField(help_text="False: a condition hides the question now.")
    answered = serializers.BooleanField()
    code = serializers.CharField(allow_blank=True)
    number = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    text = serializers.CharField(allow_blank=True)
    choices = serializers.ListField(child=serializers.CharField())
    file_name = serializers.CharField(allow_blank=True)


class ProgressSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(allow_blank=True)
    people_reached = serializers.IntegerField(allow_null=True)
    spent = serializers.DecimalField(**MONEY, allow_null=True)
    results = serializers.CharField(allow_blank=True)


class IndicatorValueSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    target = serializers.DecimalField(**MONEY, allow_null=True)
    value = serializers.DecimalField(**MONEY, allow_null=True)
    period_starts_on = serializers.DateField(allow_null=True)
    period_ends_on = serializers.DateField(allow_null=True)


class ReportCommentSerializer(serializers.Serializer):
    question = serializers.CharField(allow_null=True, help_text="null: on the whole report.")
    theme = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    at = serializers.DateTimeField()


class ReportSerializer(ReportListSerializer):
    """A report; the views set the `api_*` attributes from the report's Contents."""

    answers = AnswerSerializer(many=True, source="api_answers")
    progress = ProgressSerializer(many=True, source="api_progress")
    indicators = IndicatorValueSerializer(many=True, source="api_indicators")
    missing = serializers.ListField(
        child=serializers.CharField(), source="api_missing", help_text="Required parts still empty."
    )
    actions = ActionSerializer(
        many=True, source="api_actions", help_text="The workflow steps you may take now."
    )
    comments = ReportCommentSerializer(
        many=True,
        source="api_comments",
        help_text="The office's comments on the latest submission (when it returned it).",
    )

    class Meta(ReportListSerializer.Meta):
        fields = [
            *ReportListSerializer.Meta.fields,
            "answers",
            "progress",
            "indicators",
            "missing",
            "actions",
            "comments",
        ]


class AnswerInputSerializer(serializers.Serializer):
    question = Text(help_text="The question's code.")
    theme = Text(
        required=False, allow_null=True, help_text="The theme's code, for per-theme questions."
    )
    value = serializers.JSONField(
        help_text=(
            "As typed on the page: yes/no `ja`, `nee`, `weet niet` (or yes, no, unknown); "
            "numbers `1234,56` or `1234.56`; a choice's code; a list of codes for several "
            'choices; text. Empty (`""`, null or `[]`) removes the answer.'
        )
    )


class ProgressInputSerializer(serializers.Serializer):
    activity = serializers.IntegerField(min_value=1, max_value=999_999_999)
    status = Text(allow_blank=True)
    people_reached = Text(required=False, allow_blank=True, allow_null=True)
    spent = Text(required=False, allow_blank=True, allow_null=True)
    results = Text(required=False, allow_blank=True)


class IndicatorInputSerializer(serializers.Serializer):
    indicator = Text()
    value = Text(allow_blank=True, allow_null=True)
    period_starts_on = Text(required=False, allow_blank=True, allow_null=True)
    period_ends_on = Text(required=False, allow_blank=True, allow_null=True)


class ReportUpdateSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True, required=False)
    progress = ProgressInputSerializer(many=True, required=False)
    indicators = IndicatorInputSerializer(many=True, required=False)


class ReportCommentInputSerializer(serializers.Serializer):
    question = Text(help_text="The question's code.")
    theme = Text(
        required=False, allow_null=True, help_text="The theme's code, for per-theme questions."
    )
    text = Text(allow_blank=True)


class ReportActionPayloadSerializer(serializers.Serializer):
    comments = ReportCommentInputSerializer(
        many=True,
        required=False,
        max_length=1000,
        help_text="return: the office's comment per question, shown to the region beside it.",
    )
    note = Text(
        required=False,
        allow_blank=True,
        help_text="The office's comment on the whole report (return) or the reason (reopen).",
    )


# --- Tables -----------------------------------------------------------------------------------


class TableListSerializer(serializers.Serializer):
    code = serializers.CharField()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "oneOf": [{"type": "string"}, {"type": "integer"}],
            "nullable": True,
        },
    }
)
class TableRowField(serializers.Field):
    """A row as built by the view (values already as the CSV writes them)."""

    def to_representation(self, value):
        return value


class TableSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    round = serializers.CharField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    columns = serializers.ListField(child=serializers.CharField())
    money_columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=TableRowField(),
        help_text="One object per row, keyed by column. Amounts are decimal strings (money "
        "with two decimals), counts integers, an empty cell null: the CSV's values.",
    )


# --- Knowledge exchange ----------------------------------------------------------------------


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class PracticeSerializer(serializers.ModelSerializer):
    """A good practice; the contact's e-mail address is never given out (questions go
    through the site)."""

    region_code = serializers.CharField(source="region.code", allow_null=True, default=None)
    theme = serializers.CharField(source="theme.code", allow_null=True, default=None)
    state_label = serializers.CharField(source="get_state_display")
    instruments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    documents = DocumentSerializer(many=True)

    class Meta:
        model = Practice
        fields = [
            "id",
            "title",
            "region_code",
            "theme",
            "state",
            "state_label",
            "audience",
            "summary",
            "target_group",
            "results",
            "people_reached",
            "cost",
            "watch_out",
            "contact_name",
            "instruments",
            "documents",
            "published_at",
        ]


class InstrumentSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    #: The name and the other names by which texts are linked to the instrument.
    names = serializers.ListField(child=serializers.CharField(), source="terms")
    links = serializers.ListField(child=serializers.CharField(), source="link_list")

    class Meta:
        model = Instrument
        fields = ["slug", "name", "category", "description", "names", "links"]


class MeetingSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.code", allow_null=True, default=None)
    practices = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    instruments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions_registered = serializers.IntegerField()
    people_registered = serializers.IntegerField()
    documents = DocumentSerializer(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "starts_at",
            "place",
            "theme",
            "description",
            "practices",
            "instruments",
            "regions_registered",
            "people_registered",
            "documents",
        ]
