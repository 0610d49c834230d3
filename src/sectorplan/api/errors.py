"""Every answer under /api/ that is an error is JSON (CONTRACTS §6), whatever went wrong:
DRF's own errors, a service's refusal, a missing or stale `If-Match`, a body over the size
limit (413), and an unexpected failure (500 with a reference id that is also in the log,
and nothing internal)."""

import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response

from sectorplan.core.errors import Refused

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


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


class PreconditionRequired(exceptions.APIException):
    """428: a write to a versioned object without the `ETag` it was read at."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"

    def __init__(self):
        super().__init__(
            _(
                "Send the object's current ETag in the If-Match header: read the object "
                "first (GET), then send its ETag with your change. If-Match: * is not "
                "accepted."
            )
        )


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self):
        super().__init__(
            _("The body is larger than the limit of %(limit)s bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )


def refused(exc: Refused, status_code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    """A service's refusal as DRF shows validation errors without a field."""
    return Response({"non_field_errors": [str(e) for e in exc.errors]}, status=status_code)


def _server_error_body() -> dict:
    """The 500 body: a reference to find the traceback in the log, nothing else. Called while
    the exception is being handled, so the log line carries it."""
    reference = uuid.uuid4().hex
    logger.error("API server error, reference %s", reference, exc_info=True)
    return {
        "detail": _(
            "Something went wrong on our side. Please try again later; if it keeps happening, "
            "tell the programme office the reference %(reference)s."
        )
        % {"reference": reference},
        "reference": reference,
    }


def exception_handler(exc, context):
    """DRF's handler, plus a service's `Refused` (400, one message per problem), Django's own
    404/403 and too-large body with a JSON body, and anything unexpected as a JSON 500."""
    # Imported here: DRF's views module reads the throttle class of api.plumbing while it
    # loads, so importing it at the top is circular when settings load this module first.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    if isinstance(exc, Refused):
        return refused(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        set_rollback()
        response = Response(_server_error_body(), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return response


# --- Django's error views: what fails outside an API view (a middleware) -----------------------


def bad_request(request, exception):
    """Django's 400 view; under /api/ JSON, and 413 for a body over the limit."""
    if not request.path.startswith(API_PREFIX):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        error = BodyTooLarge()
        return JsonResponse({"detail": error.detail}, status=error.status_code)
    return JsonResponse({"detail": str(exceptions.ParseError.default_detail)}, status=400)


def server_error(request):
    """Django's 500 view; under /api/ JSON with a reference id."""
    if not request.path.startswith(API_PREFIX):
        return defaults.server_error(request)
    return JsonResponse(_server_error_body(), status=500)
