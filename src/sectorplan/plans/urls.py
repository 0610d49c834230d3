from django.urls import path

from sectorplan.plans import views

urlpatterns = [
    path("programmas/<slug:slug>/plannen/<str:code>/", views.plan_detail, name="plan-detail"),
]
