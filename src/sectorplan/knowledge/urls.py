from django.urls import path

from sectorplan.knowledge import views

BASE = "programmas/<slug:slug>/kennis/"
PRACTICE = BASE + "praktijken/<int:pk>/"
INSTRUMENT = BASE + "instrumenten/<slug:instrument>/"
MEETING = BASE + "bijeenkomsten/<int:pk>/"

urlpatterns = [
    path(BASE, views.knowledge_index, name="knowledge-index"),
    path(BASE + "zoeken/", views.knowledge_search, name="knowledge-search"),
    path(BASE + "wie-doet-wat/", views.knowledge_matrix, name="knowledge-matrix"),
    path(BASE + "praktijken/", views.practice_list, name="practice-list"),
    path(BASE + "praktijken/nieuw/", views.practice_add, name="practice-add"),
    path(PRACTICE, views.practice_detail, name="practice-detail"),
    path(PRACTICE + "bewerken/", views.practice_edit, name="practice-edit"),
    path(PRACTICE + "stap/<slug:action>/", views.practice_action, name="practice-action"),
    path(PRACTICE + "documenten/", views.practice_document_add, name="practice-document-add"),
    path(
        PRACTICE + "documenten/<int:document>/",
        views.practice_document,
        name="practice-document",
    ),
    path(PRACTICE + "vraag/", views.practice_ask, name="practice-ask"),
    path(PRACTICE + "geschiedenis/", views.practice_history, name="practice-history"),
    path(BASE + "instrumenten/", views.instrument_list, name="instrument-list"),
    path(BASE + "instrumenten/nieuw/", views.instrument_add, name="instrument-add"),
    path(INSTRUMENT, views.instrument_detail, name="instrument-detail"),
    path(INSTRUMENT + "bewerken/", views.instrument_edit, name="instrument-edit"),
    path(INSTRUMENT + "regios/", views.instrument_use, name="instrument-use"),
    path(BASE + "bijeenkomsten/", views.meeting_list, name="meeting-list"),
    path(BASE + "bijeenkomsten/nieuw/", views.meeting_add, name="meeting-add"),
    path(MEETING, views.meeting_detail, name="meeting-detail"),
    path(MEETING + "bewerken/", views.meeting_edit, name="meeting-edit"),
    path(MEETING + "aanmelden/", views.meeting_register, name="meeting-register"),
    path(MEETING + "documenten/", views.meeting_document_add, name="meeting-document-add"),
    path(MEETING + "documenten/<int:document>/", views.meeting_document, name="meeting-document"),
]
