"""The national tables of CONTRACTS §5, for national readers only (`sees_every_region`)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplan.api import examples
from sectorplan.api.common import SLUG, ProgrammeScoped
from sectorplan.api.reporting.serializers import TableListSerializer, TableSerializer
from sectorplan.core.numbers import format_decimal_plain
from sectorplan.reporting import cache
from sectorplan.reporting.tables import table_codes

# --- National tables ------------------------------------------------------------------------


ROUND_QUERY = OpenApiParameter(
    "round",
    str,
    OpenApiParameter.QUERY,
    required=False,
    description="The round whose answers fill the table (default: as the pages choose).",
)


@extend_schema_view(
    get=extend_schema(
        summary="National tables",
        description="The codes of the programme's national tables. National readers only.",
        parameters=[SLUG],
    )
)
class TableList(ProgrammeScoped, generics.ListAPIView):
    serializer_class = TableListSerializer
    filter_backends = []

    def get_queryset(self):
        self.require_national()
        return [{"code": code} for code in table_codes(self.get_programme())]


def table_representation(table, round_) -> dict:
    """The Table the pages and the CSV download read, as JSON: the same values, decimals as
    the CSV writes them (money with two decimals)."""

    def cell(column, value):
        if value is None or isinstance(value, bool | int | str):
            return value
        return format_decimal_plain(value, 2 if column in table.money else None)

    return {
        "code": table.code,
        "title": str(table.title),
        "round": round_.code if round_ else None,
        "note": str(table.note),
        "columns": table.columns,
        "money_columns": sorted(table.money),
        "rows": [
            {column: cell(column, value) for column, value in zip(table.columns, row, strict=True)}
            for row in table.rows
        ],
    }


@extend_schema_view(
    get=extend_schema(
        summary="One national table",
        description="The same numbers as the table page and its CSV download (CONTRACTS §5). "
        "National readers only.",
        parameters=[
            SLUG,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="e.g. coverage"),
            ROUND_QUERY,
        ],
        examples=[examples.TABLE],
    )
)
class TableDetail(ProgrammeScoped, APIView):
    serializer_class = TableSerializer

    def get(self, request, slug, code):
        self.require_national()
        programme = self.get_programme()
        if code not in table_codes(programme):
            raise Http404
        round_code = request.query_params.get("round")
        round_ = programme.rounds.filter(code=round_code).first() if round_code else None
        table = cache.national_table(programme, code, round_)
        return Response(TableSerializer(table_representation(table, round_)).data)
