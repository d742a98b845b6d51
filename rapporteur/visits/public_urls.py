from django.urls import path

from rapporteur.visits import converters as _converters  # noqa: F401 - registers them
from rapporteur.visits import public_views as views

app_name = "tracker"

urlpatterns = [
    path("", views.tracker_view, name="tracker"),
    path("country/<country:country>/", views.country_view, name="country"),
    path("visit/<int:visit_id>/", views.visit_view, name="visit"),
    path(
        "visit/<int:visit_id>/export.<export_format:export_format>",
        views.export_view,
        name="export",
    ),
    path(
        "recommendation/<int:recommendation_id>/", views.recommendation_view, name="recommendation"
    ),
    path("recommendation/<int:recommendation_id>/assess/", views.assess_view, name="assess"),
]
