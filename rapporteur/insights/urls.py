"""The insights' routes: ``staff_patterns`` (under /desk/insights/, namespace
``insights``), included by ``rapporteur/urls.py``."""

from django.urls import path

from rapporteur.insights.views import dashboard, follow_up, letters

staff_patterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("communications/", letters.letters_view, name="letters"),
    path("recommendations/", follow_up.follow_up_view, name="follow_up"),
    path("charts/<slug:chart>.svg", dashboard.chart_view, {"file_format": "svg"}, name="chart_svg"),
    path("charts/<slug:chart>.png", dashboard.chart_view, {"file_format": "png"}, name="chart_png"),
    path("maps/region.svg", dashboard.map_view, {"file_format": "svg"}, name="map_svg"),
    path("maps/region.png", dashboard.map_view, {"file_format": "png"}, name="map_png"),
]
