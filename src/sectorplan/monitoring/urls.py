from django.urls import path

from sectorplan.monitoring import bulk_views, views

ROUND = "programmas/<slug:slug>/rondes/<slug:round_code>/"
REPORT = ROUND + "<str:code>/"

urlpatterns = [
    path("programmas/<slug:slug>/rondes/", views.round_overview, name="round-overview"),
    path(ROUND, views.round_detail, name="round-detail"),
    path(ROUND + "geschiedenis/", views.round_history, name="round-history"),
    path(ROUND + "status/", views.round_state, name="round-state"),
    path(ROUND + "vragenlijst/", views.questionnaire_upload, name="questionnaire-upload"),
    path(
        ROUND + "vragenlijst-v<int:version>.toml",
        views.questionnaire_download,
        name="questionnaire-download",
    ),
    path(ROUND + "herinneren/", bulk_views.remind_late, name="round-remind-late"),
    path(ROUND + "accepteren/", bulk_views.accept_many, name="round-accept-many"),
    path(REPORT, views.report_detail, name="report-detail"),
    path(REPORT + "geschiedenis/", views.report_history, name="report-history"),
    path(REPORT + "beginnen/", views.report_start, name="report-start"),
    path(REPORT + "opslaan/", views.report_save, name="report-save"),
    path(REPORT + "actie/<slug:action>/", views.report_action, name="report-action"),
    path(REPORT + "bestanden/<int:pk>/", views.answer_file, name="answer-file"),
]
