"""The API's root, and the JSON 404 for a path that names no endpoint."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
    throttle_classes,
)
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplan.api import examples

# --- The root ---------------------------------------------------------------------------------


class ApiRootSerializer(serializers.Serializer):
    """GET /api/v1/: each resource's absolute URL."""

    programmes = serializers.URLField()
    organisations = serializers.URLField()
    instruments = serializers.URLField()
    schema = serializers.URLField(help_text="The OpenAPI 3 schema.")
    docs = serializers.URLField(help_text="The schema as a readable page.")


#: The resources the root names: the lists at the top; a programme's own resources are named
#: under it (`programmes/{slug}/…`, see the schema).
ROOT_RESOURCES = {
    "programmes": "api-programme-list",
    "organisations": "api-organisation-list",
    "instruments": "api-instrument-list",
    "schema": "api-schema",
    "docs": "api-docs",
}


@extend_schema(
    summary="The API's root",
    description="The resources of the API by name, each with its absolute URL.",
    responses={200: ApiRootSerializer},
    examples=[examples.ROOT],
)
class ApiRoot(APIView):
    def get(self, request):
        return Response(
            {
                name: request.build_absolute_uri(reverse(url_name))
                for name, url_name in ROOT_RESOURCES.items()
            }
        )


@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
@schema(None)
def not_found(request):
    """A path under /api/v1/ that names no endpoint."""
    raise exceptions.NotFound()
