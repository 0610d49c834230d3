"""/api/v1/ (CONTRACTS §6). Names start with `api-`."""

from django.urls import path, re_path, register_converter

from sectorplan.api import (
    activities,
    docs,
    root,
    schema,  # noqa: F401  (registers our auth schemes with the schema)
    writes,
)
from sectorplan.api.knowledge import views as knowledge
from sectorplan.api.monitoring import views as monitoring
from sectorplan.api.plans import views as plans
from sectorplan.api.programmes import views as programmes
from sectorplan.api.reporting import views as reporting


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
    path("", root.ApiRoot.as_view(), name="api-root"),
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.docs, name="api-docs"),
    path("programmes/", programmes.ProgrammeList.as_view(), name="api-programme-list"),
    path(PROGRAMME, programmes.ProgrammeDetail.as_view(), name="api-programme-detail"),
    path(PROGRAMME + "regions/", programmes.RegionList.as_view(), name="api-region-list"),
    path(
        PROGRAMME + "regions/<str:region_code>/",
        programmes.RegionDetail.as_view(),
        name="api-region-detail",
    ),
    path(PROGRAMME + "allocation/", programmes.AllocationList.as_view(), name="api-allocation"),
    path(
        PROGRAMME + "allocation/publish/",
        writes.AllocationPublish.as_view(),
        name="api-allocation-publish",
    ),
    path("organisations/", programmes.OrganisationList.as_view(), name="api-organisation-list"),
    path(
        "organisations/<id:pk>/",
        programmes.OrganisationDetail.as_view(),
        name="api-organisation-detail",
    ),
    path(PROGRAMME + "plans/", plans.PlanList.as_view(), name="api-plan-list"),
    path(PLAN, writes.PlanView.as_view(), name="api-plan-detail"),
    path(PLAN + "activities/", activities.ActivityList.as_view(), name="api-activity-list"),
    path(
        PLAN + "activities/<id:pk>/",
        activities.ActivityDetail.as_view(),
        name="api-activity-detail",
    ),
    path(PLAN + "advices/", plans.AdviceList.as_view(), name="api-plan-advices"),
    path(PLAN + "decisions/", plans.DecisionList.as_view(), name="api-plan-decisions"),
    path(PLAN + "payments/", plans.PaymentList.as_view(), name="api-plan-payments"),
    path(PLAN + "versions/", plans.PlanVersionList.as_view(), name="api-plan-versions"),
    path(
        PLAN + "versions/<id:number>/",
        plans.PlanVersionDetail.as_view(),
        name="api-plan-version-detail",
    ),
    path(PLAN + "extensions/", plans.ExtensionList.as_view(), name="api-plan-extensions"),
    path(PLAN + "settlements/", plans.SettlementList.as_view(), name="api-plan-settlements"),
    path(PLAN + "attachments/", plans.AttachmentList.as_view(), name="api-plan-attachments"),
    path(
        PLAN + "attachments/<id:pk>/file/",
        plans.AttachmentFile.as_view(),
        name="api-attachment-file",
    ),
    path(PLAN + "actions/<str:action>/", writes.PlanAction.as_view(), name="api-plan-action"),
    path(PROGRAMME + "rounds/", programmes.RoundList.as_view(), name="api-round-list"),
    path(ROUND, programmes.RoundDetail.as_view(), name="api-round-detail"),
    path(ROUND + "actions/<str:action>/", writes.RoundAction.as_view(), name="api-round-action"),
    path(
        ROUND + "questionnaires/",
        programmes.QuestionnaireList.as_view(),
        name="api-questionnaire-list",
    ),
    path(
        ROUND + "questionnaires/<id:version>/",
        programmes.QuestionnaireDetail.as_view(),
        name="api-questionnaire-detail",
    ),
    path(ROUND + "reports/", monitoring.ReportList.as_view(), name="api-report-list"),
    path(REPORT, writes.ReportView.as_view(), name="api-report-detail"),
    path(REPORT + "start/", writes.ReportStart.as_view(), name="api-report-start"),
    path(REPORT + "actions/<str:action>/", writes.ReportAction.as_view(), name="api-report-action"),
    path(PROGRAMME + "tables/", reporting.TableList.as_view(), name="api-table-list"),
    path(
        PROGRAMME + "tables/<str:code>/", reporting.TableDetail.as_view(), name="api-table-detail"
    ),
    path(PROGRAMME + "practices/", knowledge.PracticeList.as_view(), name="api-practice-list"),
    path(
        PROGRAMME + "practices/<id:pk>/",
        knowledge.PracticeDetail.as_view(),
        name="api-practice-detail",
    ),
    path("instruments/", knowledge.InstrumentList.as_view(), name="api-instrument-list"),
    path(
        "instruments/<slug:instrument>/",
        knowledge.InstrumentDetail.as_view(),
        name="api-instrument-detail",
    ),
    path(PROGRAMME + "meetings/", knowledge.MeetingList.as_view(), name="api-meeting-list"),
    path(
        PROGRAMME + "meetings/<id:pk>/",
        knowledge.MeetingDetail.as_view(),
        name="api-meeting-detail",
    ),
    # Anything else under /api/v1/: a JSON 404, never the site's HTML page.
    re_path(r"^", root.not_found, name="api-not-found"),
]
