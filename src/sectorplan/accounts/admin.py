from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from sectorplan.accounts.models import AuditEvent, Membership, User
from sectorplan.core.admin_mixins import ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["role", "organisation", "region", "is_active"]
    autocomplete_fields = ["organisation", "region"]
    extra = 0


@admin.register(User)
class SectorplanUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: the audit trail keeps pointing at them.
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "organisation", "region", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "organisation__name", "region__code"]
    autocomplete_fields = ["user", "organisation", "region"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The trail can be read here; nobody can add, change or delete it (not even a superuser)."""

    list_display = ["at", "actor", "role", "action", "object_repr", "region"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor__username", "action"]
    date_hierarchy = "at"
