from django.urls import path

from sectorplan.plans import import_views, letter_views, views

PLAN = "programmas/<slug:slug>/plannen/<str:code>/"

urlpatterns = [
    path("programmas/<slug:slug>/plannen/", views.plan_overview, name="plan-overview"),
    path(
        "programmas/<slug:slug>/brieven/beschikking/", letter_views.letter_edit, name="letter-edit"
    ),
    path(
        "programmas/<slug:slug>/plannen-importeren/",
        import_views.plans_import_page,
        name="plans-import",
    ),
    path(PLAN, views.plan_detail, name="plan-detail"),
    path(PLAN + "actie/<slug:action>/", views.plan_action, name="plan-action"),
    path(PLAN + "bewerken/", views.plan_edit, name="plan-edit"),
    path(PLAN + "activiteiten/nieuw/", views.activity_form, name="activity-add"),
    path(PLAN + "activiteiten/<int:pk>/", views.activity_form, name="activity-edit"),
    path(
        PLAN + "activiteiten/<int:pk>/verwijderen/",
        views.activity_delete,
        name="activity-delete",
    ),
    path(PLAN + "bijlagen/", views.attachment_add, name="attachment-add"),
    path(PLAN + "bijlagen/<int:pk>/", views.attachment_download, name="attachment-download"),
    path(PLAN + "geschiedenis/", views.plan_history, name="plan-history"),
    path(PLAN + "versies/<int:number>/", views.plan_version_diff, name="plan-version-diff"),
    path(
        PLAN + "besluiten/<int:pk>/beschikking.<str:fmt>",
        views.decision_letter,
        name="decision-letter",
    ),
]
