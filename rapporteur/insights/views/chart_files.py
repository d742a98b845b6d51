"""A chart as a file: the one way the insights pages hand out their charts as SVG or
PNG. Each page's file view builds its chart with the same function, the same
permission and the same suppression as the page, and hands it here."""

from __future__ import annotations

from django.http import HttpResponse

from rapporteur.insights.charts import Chart, to_png, to_svg
from rapporteur.web import download


def chart_file(chart: Chart, *, name: str, file_format: str) -> HttpResponse:
    """``chart`` downloaded as ``name``.svg or ``name``.png."""
    if file_format == "svg":
        return download(to_svg(chart), content_type="image/svg+xml", filename=f"{name}.svg")
    return download(to_png(chart), content_type="image/png", filename=f"{name}.png")
