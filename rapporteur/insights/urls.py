"""The insights' routes: ``staff_patterns`` (under /desk/insights/, namespace
``insights``), included by ``rapporteur/urls.py``."""

from django.urls import path, re_path

from rapporteur.insights.views import dashboard

staff_patterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    re_path(
        r"^charts/(?P<name>[a-z_]+)\.(?P<file_format>svg|png)$",
        dashboard.chart_view,
        name="chart",
    ),
]
