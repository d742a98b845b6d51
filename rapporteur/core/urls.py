from django.urls import path

from rapporteur.core import views

app_name = "core"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("health/", views.health_view, name="health"),
    path("desk/", views.dashboard_view, name="dashboard"),
]
