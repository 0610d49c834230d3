from django.urls import path

from sectorplan.programmes import setup_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("gebruikers/", views.people_list, name="people-list"),
    path("gebruikers/uitnodigen/", views.person_invite, name="person-invite"),
    path("gebruikers/<int:pk>/status/", views.person_state, name="person-state"),
    path("programmas/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("programmas/<slug:slug>/geschiedenis/", views.programme_history, name="programme-history"),
    path("programmas/<slug:slug>/basis/", views.basis_import, name="basis-import"),
    path("programmas/<slug:slug>/verdeling/", views.allocation_publish, name="allocation-publish"),
    path("programmas/<slug:slug>/inrichting/", setup_views.setup_overview, name="setup"),
    path(
        "programmas/<slug:slug>/inrichting/termijnen/",
        setup_views.setup_deadlines,
        name="setup-deadlines",
    ),
    path(
        "programmas/<slug:slug>/inrichting/<slug:kind>/nieuw/",
        setup_views.setup_add,
        name="setup-add",
    ),
    path(
        "programmas/<slug:slug>/inrichting/<slug:kind>/<slug:code>/",
        setup_views.setup_edit,
        name="setup-edit",
    ),
]
