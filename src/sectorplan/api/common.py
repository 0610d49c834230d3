"""What the endpoints of every app share: the path parameters, the programme scope,
the steps offered, ETags, money fields."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.response import Response

from sectorplan.accounts.rules import sees_every_region
from sectorplan.api.plumbing import etag_for, not_modified
from sectorplan.core import page_cache
from sectorplan.programmes.models import Programme, Round
from sectorplan.programmes.visibility import programme_for

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The programme's slug.")
REGION = OpenApiParameter(
    "region_code", str, OpenApiParameter.PATH, description="The region's code."
)
ROUND = OpenApiParameter("round", str, OpenApiParameter.PATH, description="The round's code.")
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The `ETag` you read before: when the object has not changed since, the "
    "answer is 304 without a body.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The `ETag` you read: without it (or with `*`) the answer is 428; when the "
    "object changed since you read it, 412. Either way nothing is changed.",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: your copy (`If-None-Match`) is current.")


class ProgrammeScoped:
    """A view under /programmes/{slug}/: the programme, or 404 when the user may not see it."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # No code contains a NUL; PostgreSQL would refuse the query with an error.
        if any("\x00" in str(value) for value in kwargs.values()):
            raise Http404

    def get_programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            self._programme = programme_for(self.request.user, self.kwargs["slug"])
        return self._programme

    def get_round(self) -> Round:
        if not hasattr(self, "_round"):
            programme = self.get_programme()
            self._round = get_object_or_404(programme.rounds, code=self.kwargs["round"])
            self._round.programme = programme
        return self._round

    def require_national(self) -> None:
        """What only readers of every region see (pages: 404 for regional roles)."""
        if not sees_every_region(self.request.user):
            raise Http404


class CachedList:
    """A list under a programme whose pages are cached under the programme's data version
    (`core.page_cache`), per user (what they may see) and URL (filters, order, page, and the
    host the links name)."""

    def list(self, request, *args, **kwargs):
        data = page_cache.cached(
            self.get_programme(),
            f"api:{type(self).__name__}",
            request.user.pk,
            request.build_absolute_uri(),
            compute=lambda: super(CachedList, self).list(request, *args, **kwargs).data,
        )
        return Response(data)


def actions(steps) -> list[dict]:
    return [{"action": step.action, "label": str(step.label)} for step in steps]


def with_etag(data, kind: str, obj, status: int = 200) -> Response:
    """The answer with the ETag of `obj`'s version and of this representation of it."""
    return Response(data, status=status, headers={"ETag": etag_for(kind, obj, data)})


def current_or_not_modified(request, data, kind: str, obj) -> Response:
    """200 with the representation, or 304 when the client's copy names it already."""
    etag = etag_for(kind, obj, data)
    if not_modified(request, etag):
        return Response(status=304, headers={"ETag": etag})
    return Response(data, headers={"ETag": etag})


MONEY = {"max_digits": 15, "decimal_places": 2}


class ActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
