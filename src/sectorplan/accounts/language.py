"""The user's own language: kept on the account, so it follows them to every device.

The switch in the header posts to `set_language`; for a logged-in user the choice is also
saved on the account, and `UserLanguageMiddleware` speaks it to them from then on, whatever
the browser asks. Before login (and for a user who never chose) Django's LocaleMiddleware
decides: the language cookie, then the browser's Accept-Language, then Dutch.
"""

from django.conf import settings
from django.utils import translation
from django.views.i18n import set_language as django_set_language

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    chose = request.method == "POST" and user.is_authenticated and language in LANGUAGES
    if chose and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


class UserLanguageMiddleware:
    """After authentication: a logged-in user's saved language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language in LANGUAGES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
