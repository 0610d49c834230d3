"""The read endpoints of the knowledge exchange: practices (as `practices_visible_to`
allows), the instrument catalogue, meetings."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from sectorplan.api import filters
from sectorplan.api.common import SLUG, ProgrammeScoped
from sectorplan.api.knowledge.serializers import (
    InstrumentSerializer,
    MeetingSerializer,
    PracticeSerializer,
)
from sectorplan.knowledge.models import Instrument, Meeting, Practice
from sectorplan.knowledge.selectors import practices_visible_to

# --- Knowledge exchange ------------------------------------------------------------------------

PRACTICE = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The practice's id.")


def _practices(view):
    return (
        practices_visible_to(view.request.user, view.get_programme())
        .select_related("region", "theme")
        .prefetch_related("instruments", "documents")
    )


@extend_schema_view(
    get=extend_schema(
        summary="Good practices of a programme",
        description=(
            "Published practices for everyone in the programme; drafts and practices under "
            "review only for the office and the region that writes them."
        ),
        parameters=[SLUG],
    )
)
class PracticeList(ProgrammeScoped, generics.ListAPIView):
    queryset = Practice.objects.none()  # for the schema; get_queryset reads
    serializer_class = PracticeSerializer
    filterset_class = filters.PracticeFilter
    ordering_fields = ["id", "published_at", "title"]
    ordering = ["id"]

    def get_queryset(self):
        return _practices(self)


@extend_schema_view(
    get=extend_schema(
        summary="One good practice",
        description="Another region's unpublished practice answers 404.",
        parameters=[SLUG, PRACTICE],
    )
)
class PracticeDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = PracticeSerializer

    def get_object(self):
        return get_object_or_404(_practices(self), pk=self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(
        summary="Instruments",
        description="The catalogue of methods and tools, shared by all programmes.",
    )
)
class InstrumentList(generics.ListAPIView):
    serializer_class = InstrumentSerializer
    filterset_class = filters.InstrumentFilter
    ordering_fields = ["slug", "name"]
    ordering = ["slug"]

    def get_queryset(self):
        if not self.request.user.has_perm("programmes.see_programme"):
            return Instrument.objects.none()
        return Instrument.objects.select_related("category")


@extend_schema_view(
    get=extend_schema(
        summary="One instrument",
        parameters=[
            OpenApiParameter(
                "instrument", str, OpenApiParameter.PATH, description="The instrument's slug."
            )
        ],
    )
)
class InstrumentDetail(generics.RetrieveAPIView):
    serializer_class = InstrumentSerializer

    def get_object(self):
        if not self.request.user.has_perm("programmes.see_programme"):
            raise Http404
        return get_object_or_404(
            Instrument.objects.select_related("category"), slug=self.kwargs["instrument"]
        )


def _meetings(programme):
    return (
        Meeting.objects.filter(programme=programme)
        .select_related("theme")
        .prefetch_related("practices", "instruments", "documents")
        .annotate(
            regions_registered=Count("registrations", distinct=True),
            people_registered=Coalesce(Sum("registrations__people"), 0),
        )
    )


@extend_schema_view(
    get=extend_schema(
        summary="Knowledge meetings of a programme",
        description="Who registered is the office's list; here only how many regions and people.",
        parameters=[SLUG],
    )
)
class MeetingList(ProgrammeScoped, generics.ListAPIView):
    queryset = Meeting.objects.none()  # for the schema; get_queryset reads
    serializer_class = MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["id", "starts_at"]
    ordering = ["id"]

    def get_queryset(self):
        return _meetings(self.get_programme())


@extend_schema_view(
    get=extend_schema(
        summary="One knowledge meeting",
        parameters=[
            SLUG,
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The meeting's id."),
        ],
    )
)
class MeetingDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = MeetingSerializer

    def get_object(self):
        return get_object_or_404(_meetings(self.get_programme()), pk=self.kwargs["pk"])
