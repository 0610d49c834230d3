"""What the API returns of practices, instruments and meetings."""

from rest_framework import serializers

from sectorplan.knowledge.models import Instrument, Meeting, Practice

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
