from django.urls import path

from sectorplan.plans.views import edit, files, imports, letters, overview, plan, versions

PLAN = "programmas/<slug:slug>/plannen/<str:code>/"

urlpatterns = [
    path("programmas/<slug:slug>/plannen/", overview.plan_overview, name="plan-overview"),
    path("programmas/<slug:slug>/brieven/beschikking/", letters.letter_edit, name="letter-edit"),
    path(
        "programmas/<slug:slug>/plannen-importeren/",
        imports.plans_import_page,
        name="plans-import",
    ),
    path(PLAN, plan.plan_detail, name="plan-detail"),
    path(PLAN + "actie/<slug:action>/", plan.plan_action, name="plan-action"),
    path(PLAN + "bewerken/", edit.plan_edit, name="plan-edit"),
    path(PLAN + "activiteiten/nieuw/", edit.activity_form, name="activity-add"),
    path(PLAN + "activiteiten/<int:pk>/", edit.activity_form, name="activity-edit"),
    path(
        PLAN + "activiteiten/<int:pk>/verwijderen/",
        edit.activity_delete,
        name="activity-delete",
    ),
    path(PLAN + "bijlagen/", files.attachment_add, name="attachment-add"),
    path(PLAN + "bijlagen/<int:pk>/", files.attachment_download, name="attachment-download"),
    path(PLAN + "geschiedenis/", versions.plan_history, name="plan-history"),
    path(PLAN + "versies/<int:number>/", versions.plan_version_diff, name="plan-version-diff"),
    path(
        PLAN + "besluiten/<int:pk>/beschikking.<str:fmt>",
        files.decision_letter,
        name="decision-letter",
    ),
]
