"""The programme office's management screens. Creating a programme goes through the same
service as the CLI, so the template's taxonomy and regions come along."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sectorplan.core.admin_mixins import ReadOnlyAdmin, ReadOnlyInline
from sectorplan.core.errors import Refused
from sectorplan.programmes.models import (
    ActivityType,
    AllocationLine,
    AllocationPublication,
    Organisation,
    Participation,
    Programme,
    Region,
    RegionSet,
    Round,
    Theme,
)
from sectorplan.programmes.programme_templates import DEFAULT_TEMPLATE, available_templates
from sectorplan.programmes.services import programme_create


class ProgrammeCreateForm(forms.ModelForm):
    template_code = forms.ChoiceField(label=_("Template"), initial=DEFAULT_TEMPLATE)
    cofinancing_ratio = forms.DecimalField(
        label=_("Co-financing ratio"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to use the template's ratio."),
    )

    class Meta:
        model = Programme
        fields = ["slug", "name", "budget"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_code"].choices = [(name, name) for name in available_templates()]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.instance = programme_create(
                slug=cleaned["slug"],
                name=cleaned["name"],
                budget=cleaned["budget"],
                cofinancing_ratio=cleaned.get("cofinancing_ratio"),
                template=cleaned["template_code"],
                by=self.user,
            )
        except Refused as exc:
            raise ValidationError(exc.errors) from exc
        return cleaned

    def save(self, commit=True):
        # programme_create already saved everything in clean().
        return self.instance

    def save_m2m(self):
        pass


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["region", "basis"]
    readonly_fields = ["region"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "budget", "cofinancing_ratio", "status"]
    search_fields = ["name", "slug"]
    inlines = [ParticipationInline]
    fields = [
        "name",
        "slug",
        "template",
        "region_set",
        "budget",
        "cofinancing_ratio",
        "basis_label",
        "basis_label_en",
        "basis_is_illustrative",
        "starts_on",
        "ends_on",
        "status",
    ]
    readonly_fields = ["slug", "template", "region_set"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ProgrammeCreateForm
            form = super().get_form(request, obj, **kwargs)
            form.user = request.user
            return form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["slug", "name", "template_code", "budget", "cofinancing_ratio"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            super().save_model(request, obj, form, change)


class AllocationLineInline(ReadOnlyInline):
    model = AllocationLine
    fields = ["region", "basis", "subsidy", "cofinancing"]


@admin.register(AllocationPublication)
class AllocationPublicationAdmin(ReadOnlyAdmin):
    """Publications are an audit record: readable, never edited."""

    list_display = ["programme", "published_at", "published_by", "budget"]
    list_filter = ["programme"]
    inlines = [AllocationLineInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "centrumgemeente", "province", "region_set"]
    list_filter = ["region_set", "province"]
    search_fields = ["code", "name", "centrumgemeente"]


@admin.register(RegionSet)
class RegionSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["regions"]


class ActivityTypeInline(admin.TabularInline):
    model = ActivityType
    fields = ["code", "label_nl", "label_en", "position"]
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "label_nl", "programme"]
    list_filter = ["programme"]
    inlines = [ActivityTypeInline]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    """Dates, period and reminder days of a round. Opening and closing happen on the round
    page; a questionnaire changes by uploading a new version there."""

    list_display = ["code", "label_nl", "programme", "state", "opens_on", "deadline"]
    list_filter = ["programme", "state"]
    fields = [
        "programme",
        "code",
        "label_nl",
        "label_en",
        "state",
        "opens_on",
        "deadline",
        "period_starts_on",
        "period_ends_on",
        "reminder_days",
    ]
    readonly_fields = ["programme", "code", "state"]
