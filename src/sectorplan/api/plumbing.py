"""What every API view shares: pagination, throttling per token, and ETags from an object's
lock version (errors: `api.errors`)."""

import hashlib
import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import UserRateThrottle

from sectorplan.api.errors import PreconditionFailed, PreconditionRequired


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


def refuse_body(request) -> None:
    """For a write that takes no body: one that does not parse is refused as anywhere (400,
    413), and one that says anything (not empty, not `{}`) too, as nothing would read it."""
    if request.data not in ({}, None):
        raise ValidationError({"non_field_errors": [_("This operation takes no body.")]})


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
    """`If-Match` must name an ETag of the object's current version: the version part
    decides, as the object's own fields are what a write could overwrite. Absent, or `*`
    (which would match whatever version is there), the write is refused with 428."""
    header = request.headers.get("If-Match")
    tags = {tag.strip().strip('"') for tag in (header or "").split(",")}
    tags.discard("")
    if not tags or "*" in tags:
        raise PreconditionRequired()
    current = _version(kind, obj)
    if not any(tag == current or tag.startswith(current + "-") for tag in tags):
        raise PreconditionFailed()


def not_modified(request, etag: str) -> bool:
    """`If-None-Match` names the current ETag (or `*`): the client's copy is current (304).
    Weak comparison, as RFC 9110 asks for GET."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags
