"""The desk's warning before a file whose content is not what its name says."""

from __future__ import annotations

from django import template

from rapporteur.intake.labels import staff_file_warning

register = template.Library()


@register.filter
def file_warning(meta: dict) -> str:
    return staff_file_warning(meta)
