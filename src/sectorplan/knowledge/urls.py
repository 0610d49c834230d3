from django.urls import path

from sectorplan.knowledge.views import instruments, meetings, overview, practices

BASE = "programmas/<slug:slug>/kennis/"
PRACTICE = BASE + "praktijken/<int:pk>/"
INSTRUMENT = BASE + "instrumenten/<slug:instrument>/"
MEETING = BASE + "bijeenkomsten/<int:pk>/"

urlpatterns = [
    path(BASE, overview.knowledge_index, name="knowledge-index"),
    path(BASE + "zoeken/", overview.knowledge_search, name="knowledge-search"),
    path(BASE + "wie-doet-wat/", overview.knowledge_matrix, name="knowledge-matrix"),
    path(BASE + "praktijken/", practices.practice_list, name="practice-list"),
    path(BASE + "praktijken/nieuw/", practices.practice_add, name="practice-add"),
    path(PRACTICE, practices.practice_detail, name="practice-detail"),
    path(PRACTICE + "bewerken/", practices.practice_edit, name="practice-edit"),
    path(PRACTICE + "stap/<slug:action>/", practices.practice_action, name="practice-action"),
    path(PRACTICE + "documenten/", practices.practice_document_add, name="practice-document-add"),
    path(
        PRACTICE + "documenten/<int:document>/",
        practices.practice_document,
        name="practice-document",
    ),
    path(PRACTICE + "vraag/", practices.practice_ask, name="practice-ask"),
    path(PRACTICE + "geschiedenis/", practices.practice_history, name="practice-history"),
    path(BASE + "instrumenten/", instruments.instrument_list, name="instrument-list"),
    path(BASE + "instrumenten/nieuw/", instruments.instrument_add, name="instrument-add"),
    path(INSTRUMENT, instruments.instrument_detail, name="instrument-detail"),
    path(INSTRUMENT + "bewerken/", instruments.instrument_edit, name="instrument-edit"),
    path(INSTRUMENT + "regios/", instruments.instrument_use, name="instrument-use"),
    path(BASE + "bijeenkomsten/", meetings.meeting_list, name="meeting-list"),
    path(BASE + "bijeenkomsten/nieuw/", meetings.meeting_add, name="meeting-add"),
    path(MEETING, meetings.meeting_detail, name="meeting-detail"),
    path(MEETING + "bewerken/", meetings.meeting_edit, name="meeting-edit"),
    path(MEETING + "aanmelden/", meetings.meeting_register, name="meeting-register"),
    path(MEETING + "documenten/", meetings.meeting_document_add, name="meeting-document-add"),
    path(
        MEETING + "documenten/<int:document>/", meetings.meeting_document, name="meeting-document"
    ),
]
