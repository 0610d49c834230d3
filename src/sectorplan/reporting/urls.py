from django.urls import path

from sectorplan.reporting import region_home, views

BASE = "programmas/<slug:slug>/rapportage/"

urlpatterns = [
    # The region's home; it reads plans, reports and practices, so it lives here.
    path(
        "programmas/<slug:slug>/regios/<str:code>/", region_home.region_home, name="region-detail"
    ),
    path(BASE, views.dashboard, name="dashboard"),
    path(BASE + "tabellen.xlsx", views.workbook, name="report-workbook"),
    path(BASE + "tabellen/<slug:code>/", views.table_page, name="report-table"),
    path(BASE + "tabellen/<slug:code>.csv", views.table_csv, name="report-table-csv"),
    path(BASE + "regios/<str:code>/", views.region_results, name="region-results"),
    path(BASE + "eindrapportage/", views.final_report_page, name="final-report"),
    path(BASE + "maken.<str:fmt>", views.national_report_job, name="national-report-job"),
    path(BASE + "teksten/", views.texts, name="report-texts"),
    path(BASE + "kaart/", views.map_page, name="report-map"),
    path(BASE + "open-data/publiceren/", views.tables_publish, name="tables-publish"),
    path("open-data/", views.open_data_index, name="open-data"),
    path(
        "open-data/<slug:slug>/<slug:code>.<str:fmt>", views.open_data_file, name="open-data-file"
    ),
]
