"""Arithmetic for the server-drawn progress chart (templates cannot multiply)."""

from __future__ import annotations

from django import template

register = template.Library()

ROW = 28  # pixels per status row
BAR = 350  # pixels of a 100 % bar
COLOURS = {
    "not-started": "#8a96a3",
    "in-progress": "#0b5cad",
    "partial": "#b37400",
    "implemented": "#1d6b2f",
    "regressed": "#a4161a",
    "not-accepted": "#55606b",
}


@register.filter
def chart_height(rows: list[object]) -> int:
    return ROW * len(rows) + 4


@register.filter
def row_y(index: int) -> int:
    return ROW * index


@register.filter
def bar_width(percent: float) -> str:
    return f"{BAR * float(percent) / 100:.1f}"


@register.filter
def status_colour(status: str) -> str:
    return COLOURS.get(status, "#8a96a3")
