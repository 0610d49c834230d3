"""What the API returns and accepts of reports: answers, progress, indicator values,
comments; write serializers only parse and hand the input to the monitoring services."""

from rest_framework import serializers

from sectorplan.api.common import MONEY, ActionSerializer
from sectorplan.api.fields import Text
from sectorplan.monitoring.models import Report

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
