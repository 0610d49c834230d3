"""/api/v1/ (CONTRACTS §6). Names start with `api-`."""

from django.urls import path, re_path, register_converter

from sectorplan.api import (
    activities,
    docs,
    schema,  # noqa: F401  (registers our auth schemes with the schema)
    views,
    writes,
)


class Id:
    """A row id: at most nine digits (a bigger number is no row, and no database error)."""

    regex = "[0-9]{1,9}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(Id, "id")

PROGRAMME = "programmes/<str:slug>/"
PLAN = PROGRAMME + "plans/<str:region_code>/"
ROUND = PROGRAMME + "rounds/<str:round>/"
REPORT = ROUND + "reports/<str:region_code>/"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="api-root"),
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.docs, name="api-docs"),
    path("programmes/", views.ProgrammeList.as_view(), name="api-programme-list"),
    path(PROGRAMME, views.ProgrammeDetail.as_view(), name="api-programme-detail"),
    path(PROGRAMME + "regions/", views.RegionList.as_view(), name="api-region-list"),
    path(
        PROGRAMME + "regions/<str:region_code>/",
        views.RegionDetail.as_view(),
        name="api-region-detail",
    ),
    path(PROGRAMME + "allocation/", views.AllocationList.as_view(), name="api-allocation"),
    path(
        PROGRAMME + "allocation/publish/",
        writes.AllocationPublish.as_view(),
        name="api-allocation-publish",
    ),
    path("organisations/", views.OrganisationList.as_view(), name="api-organisation-list"),
    path(
        "organisations/<id:pk>/",
        views.OrganisationDetail.as_view(),
        name="api-organisation-detail",
    ),
    path(PROGRAMME + "plans/", views.PlanList.as_view(), name="api-plan-list"),
    path(PLAN, writes.PlanView.as_view(), name="api-plan-detail"),
    path(PLAN + "activities/", activities.ActivityList.as_view(), name="api-activity-list"),
    path(
        PLAN + "activities/<id:pk>/",
        activities.ActivityDetail.as_view(),
        name="api-activity-detail",
    ),
    path(PLAN + "advices/", views.AdviceList.as_view(), name="api-plan-advices"),
    path(PLAN + "decisions/", views.DecisionList.as_view(), name="api-plan-decisions"),
    path(PLAN + "payments/", views.PaymentList.as_view(), name="api-plan-payments"),
    path(PLAN + "versions/", views.PlanVersionList.as_view(), name="api-plan-versions"),
    path(
        PLAN + "versions/<id:number>/",
        views.PlanVersionDetail.as_view(),
        name="api-plan-version-detail",
    ),
    path(PLAN + "extensions/", views.ExtensionList.as_view(), name="api-plan-extensions"),
    path(PLAN + "settlements/", views.SettlementList.as_view(), name="api-plan-settlements"),
    path(PLAN + "attachments/", views.AttachmentList.as_view(), name="api-plan-attachments"),
    path(
        PLAN + "attachments/<id:pk>/file/",
        views.AttachmentFile.as_view(),
        name="api-attachment-file",
    ),
    path(PLAN + "actions/<str:action>/", writes.PlanAction.as_view(), name="api-plan-action"),
    path(PROGRAMME + "rounds/", views.RoundList.as_view(), name="api-round-list"),
    path(ROUND, views.RoundDetail.as_view(), name="api-round-detail"),
    path(ROUND + "actions/<str:action>/", writes.RoundAction.as_view(), name="api-round-action"),
    path(
        ROUND + "questionnaires/",
        views.QuestionnaireList.as_view(),
        name="api-questionnaire-list",
    ),
    path(
        ROUND + "questionnaires/<id:version>/",
        views.QuestionnaireDetail.as_view(),
        name="api-questionnaire-detail",
    ),
    path(ROUND + "reports/", views.ReportList.as_view(), name="api-report-list"),
    path(REPORT, writes.ReportView.as_view(), name="api-report-detail"),
    path(REPORT + "start/", writes.ReportStart.as_view(), name="api-report-start"),
    path(REPORT + "actions/<str:action>/", writes.ReportAction.as_view(), name="api-report-action"),
    path(PROGRAMME + "tables/", views.TableList.as_view(), name="api-table-list"),
    path(PROGRAMME + "tables/<str:code>/", views.TableDetail.as_view(), name="api-table-detail"),
    path(PROGRAMME + "practices/", views.PracticeList.as_view(), name="api-practice-list"),
    path(
        PROGRAMME + "practices/<id:pk>/", views.PracticeDetail.as_view(), name="api-practice-detail"
    ),
    path("instruments/", views.InstrumentList.as_view(), name="api-instrument-list"),
    path(
        "instruments/<slug:instrument>/",
        views.InstrumentDetail.as_view(),
        name="api-instrument-detail",
    ),
    path(PROGRAMME + "meetings/", views.MeetingList.as_view(), name="api-meeting-list"),
    path(PROGRAMME + "meetings/<id:pk>/", views.MeetingDetail.as_view(), name="api-meeting-detail"),
    # Anything else under /api/v1/: a JSON 404, never the site's HTML page.
    re_path(r"^", views.not_found, name="api-not-found"),
]
