"""The insights' routes: ``staff_patterns`` (under /desk/insights/, namespace
``insights``) and ``public_patterns`` (the public statistics page, namespace
``statistics``), included by ``rapporteur/urls.py``."""

from django.urls import path

from rapporteur.insights.views import dashboard, exports, follow_up, letters, report

staff_patterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("communications/", letters.letters_view, name="letters"),
    path("recommendations/", follow_up.follow_up_view, name="follow_up"),
    path(
        "communications/chart.svg",
        letters.letters_chart_view,
        {"file_format": "svg"},
        name="letters_chart_svg",
    ),
    path(
        "communications/chart.png",
        letters.letters_chart_view,
        {"file_format": "png"},
        name="letters_chart_png",
    ),
    path(
        "recommendations/chart.svg",
        follow_up.follow_up_chart_view,
        {"file_format": "svg"},
        name="follow_up_chart_svg",
    ),
    path(
        "recommendations/chart.png",
        follow_up.follow_up_chart_view,
        {"file_format": "png"},
        name="follow_up_chart_png",
    ),
    path("reports/", report.reports_view, name="reports"),
    path("reports/<int:job_id>/", report.report_job_view, name="report_job"),
    path(
        "reports/<int:job_id>/report.<str:fmt>",
        report.report_download_view,
        name="report_download",
    ),
    path("charts/<slug:chart>.svg", dashboard.chart_view, {"file_format": "svg"}, name="chart_svg"),
    path("charts/<slug:chart>.png", dashboard.chart_view, {"file_format": "png"}, name="chart_png"),
    path("maps/region.svg", dashboard.map_view, {"file_format": "svg"}, name="map_svg"),
    path("maps/region.png", dashboard.map_view, {"file_format": "png"}, name="map_png"),
    path("tables/<slug:slug>.csv", exports.export_view, {"file_format": "csv"}, name="export_csv"),
    path(
        "tables/<slug:slug>.json", exports.export_view, {"file_format": "json"}, name="export_json"
    ),
    path("published/", exports.publish_view, name="publish"),
    path("published/<int:table_id>/withdraw/", exports.withdraw_view, name="withdraw"),
]

public_patterns = [
    path("", exports.public_statistics_view, name="page"),
    path(
        "<slug:slug>-<int:year>.csv",
        exports.public_file_view,
        {"file_format": "csv"},
        name="csv",
    ),
    path(
        "<slug:slug>-<int:year>.json",
        exports.public_file_view,
        {"file_format": "json"},
        name="json",
    ),
]
