"""The filters of the API lists, declared once per list (django-filter)."""

import django_filters

from sectorplan.knowledge.constants import Audience, PracticeState
from sectorplan.knowledge.models import Instrument, Meeting, Practice
from sectorplan.monitoring.constants import ReportState
from sectorplan.monitoring.models import Report
from sectorplan.plans.constants import PlanState
from sectorplan.plans.models import Activity, Plan
from sectorplan.programmes.constants import OrganisationKind, ProgrammeStatus, RoundState
from sectorplan.programmes.models import Organisation, Participation, Programme, Round


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ProgrammeStatus.choices)

    class Meta:
        model = Programme
        fields = ["status"]


class RegionFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="region__province", lookup_expr="iexact")

    class Meta:
        model = Participation
        fields = ["province"]


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=OrganisationKind.choices)
    region = django_filters.CharFilter(
        field_name="regions__code", lookup_expr="iexact", distinct=True, label="region code"
    )

    class Meta:
        model = Organisation
        fields = ["kind", "region"]


class PlanFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=PlanState.choices)
    region_code = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact")

    class Meta:
        model = Plan
        fields = ["state", "region_code"]


class ActivityFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(
        field_name="activity_type__theme__code", lookup_expr="iexact", label="theme code"
    )
    activity_type = django_filters.CharFilter(
        field_name="activity_type__code", lookup_expr="iexact", label="activity type code"
    )

    class Meta:
        model = Activity
        fields = ["theme", "activity_type"]


class RoundFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=RoundState.choices)

    class Meta:
        model = Round
        fields = ["state"]


class ReportFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=ReportState.choices)
    region_code = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact")

    class Meta:
        model = Report
        fields = ["state", "region_code"]


class PracticeFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=PracticeState.choices)
    audience = django_filters.MultipleChoiceFilter(choices=Audience.choices)
    region_code = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact")
    theme = django_filters.CharFilter(field_name="theme__code", lookup_expr="iexact")

    class Meta:
        model = Practice
        fields = ["state", "audience", "region_code", "theme"]


class InstrumentFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__code", lookup_expr="iexact")

    class Meta:
        model = Instrument
        fields = ["category"]


class MeetingFilter(django_filters.FilterSet):
    # Dates, not date-times: a time zone offset PostgreSQL cannot hold would be a 500.
    starts_after = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    starts_before = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lt")

    class Meta:
        model = Meeting
        fields = ["starts_after", "starts_before"]
