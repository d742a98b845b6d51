"""The insights' routes: ``staff_patterns`` (under /desk/insights/, namespace
``insights``), included by ``rapporteur/urls.py``."""

from django.urls import path

from rapporteur.insights.views import dashboard, follow_up, letters, report

staff_patterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("communications/", letters.letters_view, name="letters"),
    path("recommendations/", follow_up.follow_up_view, name="follow_up"),
    path("reports/", report.reports_view, name="reports"),
    path("reports/<int:job_id>/", report.report_job_view, name="report_job"),
    path(
        "reports/<int:job_id>/report.<str:fmt>",
        report.report_download_view,
        name="report_download",
    ),
    path("charts/<slug:chart>.svg", dashboard.chart_view, {"file_format": "svg"}, name="chart_svg"),
    path("charts/<slug:chart>.png", dashboard.chart_view, {"file_format": "png"}, name="chart_png"),
]
