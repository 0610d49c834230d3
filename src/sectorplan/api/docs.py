"""The schema and its browsable docs (Swagger UI), served from our own static files: the
page loads every script by `src=` from STATIC_URL and has no inline script or style, so it
works under CSP `script-src 'self'`."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON with `?format=json`); public, like these docs."""


@require_http_methods(["GET", "HEAD"])
def docs(request):
    return render(request, "api/docs.html", {"schema_url": reverse("api-schema")})
