"""The office keeps the instrument categories here; everything else of the knowledge
exchange changes through its pages (with an audit record), so the admin only reads it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sectorplan.core.admin_mixins import ReadOnlyAdmin
from sectorplan.knowledge.models import InstrumentCategory, Meeting, Practice


@admin.register(InstrumentCategory)
class InstrumentCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label_nl", "label_en", "position"]
    ordering = ["position", "code"]


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "region", "state", "audience", "published_at"]
    list_filter = ["programme", "state", "audience"]
    search_fields = ["title", "region__name"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "starts_at", "place"]
    list_filter = ["programme"]
