"""What the API returns of the national tables."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
