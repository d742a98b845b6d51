"""Names shown in the reader's language: countries (pycountry's catalogues) and
themes (the visits catalogue carries the 54 UPR Info issues)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import gettext

from rapporteur.visits.countries import country_name

register = template.Library()


@register.filter
def country(value: str) -> str:
    """A country code or name as the country's short name in the active language."""
    return country_name(value or "")


@register.filter
def countries(values: Iterable[str]) -> str:
    """A list of States, each by its name in the active language, comma-separated."""
    return ", ".join(country_name(v) for v in values or [])


@register.filter
def theme_label(label: str) -> str:
    """A theme's label in the active language: the UPR Info issues are in the visits
    catalogue; a theme staff added is shown as they wrote it."""
    return gettext(label) if label else label
