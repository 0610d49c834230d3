"""The read endpoints of programmes, regions, organisations, the allocation, rounds and
their questionnaires. Thin: find the object with the pages' visibility rules (404 for what
the user may not see), read it with the apps' selectors, serialize."""

from django.db.models import Max, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from sectorplan.accounts.rules import sees_every_region
from sectorplan.accounts.selectors import region_ids_of
from sectorplan.api import examples, filters
from sectorplan.api.common import REGION, ROUND, SLUG, ProgrammeScoped
from sectorplan.api.programmes.serializers import (
    AllocationLineSerializer,
    OrganisationSerializer,
    ProgrammeSerializer,
    QuestionnaireListSerializer,
    QuestionnaireSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    RoundSerializer,
)
from sectorplan.programmes.models import (
    AllocationLine,
    Organisation,
    Participation,
    Programme,
    Question,
    Round,
)
from sectorplan.programmes.visibility import region_for

# --- Programmes, regions, organisations, allocation --------------------------------------------


def _programmes():
    # Only what the serializer writes: a programme's template data (its workflow, letters,
    # roles: JSON) was most of a long list's time, decoded for every row and never shown.
    return (
        Programme.objects.select_related("region_set")
        .only(
            *(f for f in ProgrammeSerializer.Meta.fields if hasattr(Programme, f)),
            "region_set__code",
        )
        .annotate(allocation_published_at=Max("allocation_publications__published_at"))
    )


@extend_schema_view(
    get=extend_schema(
        summary="Programmes",
        description="The programmes you take part in (every programme for members).",
        examples=[examples.PROGRAMME_LIST],
    )
)
class ProgrammeList(generics.ListAPIView):
    serializer_class = ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    ordering_fields = ["slug", "name"]
    ordering = ["slug"]

    def get_queryset(self):
        if not self.request.user.has_perm("programmes.see_programme"):
            return Programme.objects.none()
        return _programmes()


@extend_schema_view(
    get=extend_schema(summary="One programme", parameters=[SLUG], examples=[examples.PROGRAMME])
)
class ProgrammeDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = ProgrammeSerializer

    def get_object(self):
        programme = self.get_programme()
        return _programmes().get(pk=programme.pk)


@extend_schema_view(
    get=extend_schema(
        summary="Regions of a programme",
        description="The participating regions with their allocation basis.",
        parameters=[SLUG],
        examples=[examples.REGION_LIST],
    )
)
class RegionList(ProgrammeScoped, generics.ListAPIView):
    queryset = Participation.objects.none()  # for the schema; get_queryset reads
    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilter
    ordering_fields = ["region__code", "region__name"]
    ordering = ["region__code"]

    def get_queryset(self):
        return Participation.objects.filter(programme=self.get_programme()).select_related("region")


@extend_schema_view(
    get=extend_schema(
        summary="One region of a programme",
        description="A regional role sees its own region only; another region answers 404.",
        parameters=[SLUG, REGION],
        responses=RegionDetailSerializer,
    )
)
class RegionDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = RegionDetailSerializer

    def get_object(self):
        programme = self.get_programme()
        region = region_for(self.request.user, programme, self.kwargs["region_code"])
        participation = programme.participations.filter(region=region).first()
        region.basis = participation.basis if participation else None
        region.organisation_list = list(
            Organisation.objects.filter(regions=region).order_by("kind", "name")
        )
        return region


def _organisations(user):
    organisations = Organisation.objects.prefetch_related("regions")
    if sees_every_region(user):
        return organisations
    return organisations.filter(regions__in=region_ids_of(user)).distinct()


@extend_schema_view(
    get=extend_schema(
        summary="Organisations",
        description="National readers see every organisation; regional roles those working "
        "in their own region.",
        examples=[examples.ORGANISATION_LIST],
    )
)
class OrganisationList(generics.ListAPIView):
    serializer_class = OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    ordering_fields = ["name"]
    ordering = ["name"]

    def get_queryset(self):
        return _organisations(self.request.user)


@extend_schema_view(get=extend_schema(summary="One organisation"))
class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return _organisations(self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="The published allocation",
        description="The lines of the programme's latest published allocation, by region "
        "code; empty while nothing is published (`allocation_published_at` of the programme "
        "says when it was).",
        parameters=[SLUG],
        examples=[examples.ALLOCATION_LIST],
    )
)
class AllocationList(ProgrammeScoped, generics.ListAPIView):
    serializer_class = AllocationLineSerializer
    filter_backends = []

    def get_queryset(self):
        programme = self.get_programme()
        latest = programme.allocation_publications.order_by("-published_at", "-id").values("pk")[:1]
        return (
            AllocationLine.objects.filter(publication=Subquery(latest))
            .select_related("region")
            .order_by("region__code")
        )


@extend_schema_view(
    get=extend_schema(summary="Reporting rounds", parameters=[SLUG], examples=[examples.ROUNDS])
)
class RoundList(ProgrammeScoped, generics.ListAPIView):
    queryset = Round.objects.none()  # for the schema; get_queryset reads
    serializer_class = RoundSerializer
    filterset_class = filters.RoundFilter
    ordering_fields = ["position", "code"]
    ordering = ["position"]

    def get_queryset(self):
        return Round.objects.filter(programme=self.get_programme())


@extend_schema_view(get=extend_schema(summary="One round", parameters=[SLUG, ROUND]))
class RoundDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = RoundSerializer

    def get_object(self):
        return self.get_round()


@extend_schema_view(
    get=extend_schema(
        summary="Questionnaire versions of a round",
        description="National readers only (regional roles read the questions in their report).",
        parameters=[SLUG, ROUND],
    )
)
class QuestionnaireList(ProgrammeScoped, generics.ListAPIView):
    serializer_class = QuestionnaireListSerializer
    filter_backends = []

    def get_queryset(self):
        self.require_national()
        return self.get_round().questionnaires.select_related("round").order_by("version")


@extend_schema_view(
    get=extend_schema(
        summary="One questionnaire version",
        description="Sections with their questions and choices. National readers only.",
        parameters=[
            SLUG,
            ROUND,
            OpenApiParameter("version", int, OpenApiParameter.PATH),
        ],
    )
)
class QuestionnaireDetail(ProgrammeScoped, generics.RetrieveAPIView):
    serializer_class = QuestionnaireSerializer

    def get_object(self):
        self.require_national()
        questions = Question.objects.select_related("shown_if_question").prefetch_related("choices")
        return get_object_or_404(
            self.get_round()
            .questionnaires.select_related("round")
            .prefetch_related("sections", Prefetch("questions", queryset=questions)),
            version=self.kwargs["version"],
        )
