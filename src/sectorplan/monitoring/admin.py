"""Read-only views of reports for the office and auditors. Reports change only through the
report pages and `import-responses`, so every change keeps its audit record."""

from django.contrib import admin

from sectorplan.core.admin_mixins import ReadOnlyAdmin, ReadOnlyInline
from sectorplan.monitoring.models import Reminder, Report, ReportComment


class ReportCommentInline(ReadOnlyInline):
    model = ReportComment
    fields = ["at", "by", "question", "theme", "submission", "text"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["region", "round", "state", "submitted_at", "accepted_at"]
    list_filter = ["round__programme", "round", "state"]
    search_fields = ["region__code", "region__name"]
    inlines = [ReportCommentInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "round", "region", "days_from_deadline", "recipients"]
    list_filter = ["round__programme", "round"]
