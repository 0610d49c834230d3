"""Read-only views of plans for the office. Plans change only through the workflow
(pages, CLI), never by editing rows here, so every change keeps its audit record."""

from django.contrib import admin

from sectorplan.core.admin_mixins import ReadOnlyAdmin
from sectorplan.plans.models import Decision, Payment, Plan, PlanVersion


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["region", "programme", "state", "updated_at"]
    list_filter = ["programme", "state"]
    search_fields = ["region__code", "region__name", "title"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "submitted_at", "submitted_by"]
    list_filter = ["plan__programme"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "granted", "amount", "decided_on", "decided_by"]
    list_filter = ["granted", "plan__programme"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "amount", "paid_on", "reference", "registered_by"]
    list_filter = ["plan__programme"]
