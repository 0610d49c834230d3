from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from sectorplan.accounts.models import Membership, User


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
