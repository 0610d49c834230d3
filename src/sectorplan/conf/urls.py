from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from sectorplan.accounts import language
from sectorplan.core import theme
from sectorplan.core import views as core_views

admin.site.site_header = admin.site.site_title = _("sectorplan management")

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("thema.css", theme.css, name="theme-css"),
    path("taken/<uuid:pk>/", core_views.job_page, name="job"),
    path("taken/<uuid:pk>/bestand", core_views.job_file, name="job-file"),
    path("thema/logo", theme.logo, name="theme-logo"),
    path("accounts/mijn-account/api-sleutels/", include("sectorplan.api.page_urls")),
    path("accounts/", include("sectorplan.accounts.urls")),
    path("api/v1/", include("sectorplan.api.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("sectorplan.plans.urls")),
    path("", include("sectorplan.monitoring.urls")),
    path("", include("sectorplan.knowledge.urls")),
    path("", include("sectorplan.reporting.urls")),
    path("", include("sectorplan.programmes.urls")),
]

# Under /api/ even what fails outside a view (a middleware) answers JSON (CONTRACTS §6).
handler400 = "sectorplan.api.errors.bad_request"
handler500 = "sectorplan.api.errors.server_error"
