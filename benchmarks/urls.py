"""The site's URLs plus the bare view: same server, same middleware, a fixed string."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("sectorplan.conf.urls")),
]
