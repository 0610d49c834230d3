from django.urls import path

from sectorplan.monitoring import bulk_views, import_views, views
from sectorplan.monitoring import designer_views as design

ROUND = "programmas/<slug:slug>/rondes/<slug:round_code>/"
DESIGN = ROUND + "ontwerp/"
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
    # The questionnaire designer (programme office)
    path(DESIGN, design.designer_page, name="designer"),
    path(DESIGN + "voorbeeld/", design.designer_preview, name="designer-preview"),
    path(DESIGN + "onderdelen/", design.section_add, name="designer-section-add"),
    path(DESIGN + "onderdelen/<slug:code>/", design.section_edit, name="designer-section-edit"),
    path(
        DESIGN + "onderdelen/<slug:section>/vraag/",
        design.question_add,
        name="designer-question-add",
    ),
    path(DESIGN + "vragen/<slug:code>/", design.question_edit, name="designer-question-edit"),
    path(DESIGN + "volgorde/", design.designer_move, name="designer-move"),
    path(DESIGN + "verwijderen/", design.designer_delete, name="designer-delete"),
    path(DESIGN + "tabellen/", design.designer_tables, name="designer-tables"),
    path(DESIGN + "publiceren/", design.designer_publish, name="designer-publish"),
    path(DESIGN + "weggooien/", design.designer_discard, name="designer-discard"),
    path(ROUND + "vragenlijst-verschil/", design.questionnaire_diff, name="questionnaire-diff"),
    path(ROUND + "herinneren/", bulk_views.remind_late, name="round-remind-late"),
    path(ROUND + "accepteren/", bulk_views.accept_many, name="round-accept-many"),
    path(
        ROUND + "antwoorden-importeren/",
        import_views.responses_import_page,
        name="responses-import",
    ),
    path(REPORT, views.report_detail, name="report-detail"),
    path(REPORT + "geschiedenis/", views.report_history, name="report-history"),
    path(REPORT + "beginnen/", views.report_start, name="report-start"),
    path(REPORT + "opslaan/", views.report_save, name="report-save"),
    path(REPORT + "actie/<slug:action>/", views.report_action, name="report-action"),
    path(REPORT + "bestanden/<int:pk>/", views.answer_file, name="answer-file"),
]
