"""``{% visible_fields form %}``: a form's visible fields, kept per language for a fresh
public form (see core/rendering.py)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from rapporteur.core.rendering import visible_fields_html

register = template.Library()


@register.simple_tag
def visible_fields(form: forms.BaseForm) -> SafeString:
    return visible_fields_html(form)
