"""What the API returns of programmes, regions, organisations, the allocation, rounds and
questionnaires: rows as they are (codes, not labels, as keys; labels beside them in the
request's language)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sectorplan.api.common import MONEY, ActionSerializer
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
