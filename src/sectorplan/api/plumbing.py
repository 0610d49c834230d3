"""What every API view shares: pagination, throttling per token, errors as JSON with one
message per problem, and ETags from an object's lock version."""

import hashlib
import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from sectorplan.core.errors import Refused


class Pagination(PageNumberPagination):
    """50 per page; `?page_size=` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class TokenRateThrottle(UserRateThrottle):
    """Requests per token (per user for a browser session): `SECTORPLAN_API_THROTTLE`."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None) is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, detail=None):
        super().__init__(
            detail
            or _(
                "The object has changed since you read it (its ETag differs). Read it again "
                "and repeat your change."
            )
        )


class StateConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def refused(exc: Refused, status_code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    """A service's refusal as DRF shows validation errors without a field."""
    return Response({"non_field_errors": [str(e) for e in exc.errors]}, status=status_code)


def exception_handler(exc, context):
    """DRF's handler, plus a service's `Refused` (400, one message per problem) and Django's
    own 404/403 with a JSON body."""
    # Imported here: DRF's views module reads the throttle class above while it loads, so
    # importing it at the top is circular when the pagination setting loads this module first.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Refused):
        return refused(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


# --- ETags ------------------------------------------------------------------------------------


def _version(kind: str, obj) -> str:
    return f"{kind}-{obj.pk}-v{obj.lock_version}"


def etag_for(kind: str, obj, representation) -> str:
    """A strong ETag: the object's kind, id and lock version (every change of the object
    increments it), and a digest of what was sent, so that a change of a derived field (the
    region's allocation, the steps on offer) is no `304 Not Modified`."""
    body = json.dumps(representation, sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.sha256(body.encode()).hexdigest()[:12]
    return f'"{_version(kind, obj)}-{digest}"'


def check_if_match(request, kind: str, obj) -> None:
    """`If-Match` must name an ETag of the object's current version (or be `*`): the version
    part decides, as the object's own fields are what a write could overwrite. Absent, nothing
    is checked here (the service still refuses a save that crosses another)."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    current = _version(kind, obj)
    tags = {tag.strip().strip('"') for tag in header.split(",")}
    if "*" in tags or any(tag == current or tag.startswith(current + "-") for tag in tags):
        return
    raise PreconditionFailed()


def not_modified(request, etag: str) -> bool:
    """`If-None-Match` names the current ETag (or `*`): the client's copy is current (304).
    Weak comparison, as RFC 9110 asks for GET."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags
