"""The token page, under the account pages (/accounts/mijn-account/api-sleutels/)."""

from django.urls import path

from sectorplan.api import pages

urlpatterns = [
    path("", pages.token_list, name="api-tokens"),
    path("<int:pk>/intrekken/", pages.token_revoke, name="api-token-revoke"),
]
