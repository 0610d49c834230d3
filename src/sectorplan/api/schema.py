"""How the OpenAPI schema names our authentication: the token header and the session."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as OpenApiAutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiParameter


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "sectorplan.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "sectorplan.api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for one message; a validation error has a list of messages per "
    "field (`non_field_errors` for what concerns no one field).",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
        "reference": {"type": "string", "description": "500 only: quote it to the office."},
    },
    "additionalProperties": True,
}
#: Status → what it means, for every operation; writes add their own.
COMMON_ERRORS = {
    "401": "No token or session, or an invalid or revoked token.",
    "403": "Your role may not do this (or your session still owes its two-factor code).",
    "404": "Not found, or not yours to see (another region's plan looks like no plan).",
    "429": "Too many requests for this token; try again later.",
    "500": "Something failed on our side; `reference` finds it in the server's log.",
}
WRITE_ERRORS = {
    "400": "The input was refused; one message per problem.",
    "409": "Not possible in the object's current state.",
    "412": "`If-Match` names an older version: the object changed since you read it.",
    "413": "The body is larger than the limit (Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`).",
    "415": "The body must be JSON.",
}
VERSIONED_WRITE_ERRORS = {
    "428": "`If-Match` is missing or `*`: read the object first (GET) and send its `ETag`.",
}


class AutoSchema(OpenApiAutoSchema):
    """drf-spectacular's schema, with the error responses every operation can give, so a
    client (and schemathesis) knows every status code we answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(COMMON_ERRORS)
        if self.method in {"PATCH", "POST", "PUT", "DELETE"}:
            errors |= WRITE_ERRORS
            if self._requires_if_match():
                errors |= VERSIONED_WRITE_ERRORS
        elif self._is_list_view():
            errors["400"] = "A filter value is not one of its choices."
        for status, description in errors.items():
            responses.setdefault(
                status,
                {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )
        return responses

    def _requires_if_match(self) -> bool:
        return any(
            isinstance(parameter, OpenApiParameter) and parameter.name == "If-Match"
            for parameter in self.get_override_parameters()
        )
