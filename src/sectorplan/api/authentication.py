"""How an API request says who it is: `Authorization: Token <key>`, or the browser session.

A token is proof enough for two-factor login (it was made in a verified session, or by the
operator on the command line). A browser session that still owes its authenticator code is
refused with a JSON 403, not sent to the code page: the API never redirects.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from sectorplan.accounts.tokens import token_for_key, token_touch
from sectorplan.accounts.two_factor import needs_code

KEYWORD = "Token"


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give 'Token' followed by the key, without spaces.")
            )
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        token = token_for_key(key)
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this token is not active."))
        token_touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's session, once the second step of logging in is done."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_code(request._request):
            raise exceptions.PermissionDenied(
                _(
                    "Log in on the site with the code from your authenticator app first, "
                    "or use an API token."
                )
            )
        return result
