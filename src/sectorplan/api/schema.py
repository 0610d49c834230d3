"""How the OpenAPI schema names our authentication: the token header and the session."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as OpenApiAutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object


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
    },
    "additionalProperties": True,
}
#: Status → what it means, for every operation; writes add their own.
COMMON_ERRORS = {
    "401": "No token or session, or an invalid or revoked token.",
    "403": "Your role may not do this (or your session still owes its two-factor code).",
    "404": "Not found, or not yours to see (another region's plan looks like no plan).",
    "429": "Too many requests for this token; try again later.",
}
WRITE_ERRORS = {
    "400": "The input was refused; one message per problem.",
    "409": "Not possible in the object's current state.",
    "412": "`If-Match` names an older version: the object changed since you read it.",
    "415": "The body must be JSON.",
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
