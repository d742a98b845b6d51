"""Form widgets, and the visible fields of a fresh public form, rendered once per
language while they carry no answer.

Django renders every widget through templates: a select of thirteen options is some
thirty template renders, and the public report form spent most of its time there.
A widget's HTML is a function of its context and the active language alone, so an
empty widget (a fresh form's select, radio buttons, text input) is rendered once and
its HTML reused. A widget holding a value is always rendered afresh and never kept:
what a source typed or chose, and the one-time form token, must not outlive the
request in the server's memory.

The same holds one level up for a form whose class declares that its fields depend
on nothing but the language (``visible_fields_static``, the public forms a flood
hits): while it is unbound and given no initial values, the labels, widgets and help
of its visible fields are rendered once per language. Its hidden fields (the one-time
token) are never part of that HTML.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from threading import Lock
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

WIDGET_TEMPLATES = "django/forms/widgets/"
MOST_KEPT = 512  # widgets, every form and language together: far more than the desk has
VISIBLE_FIELDS_TEMPLATE = "form_visible_fields.html"


class _Kept:
    """A bounded map of rendered HTML, least recently used first out, safe across the
    threads of one process."""

    def __init__(self) -> None:
        self._html: OrderedDict[tuple[str, ...], str] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple[str, ...]) -> str | None:
        with self._lock:
            html = self._html.get(key)
            if html is not None:
                self._html.move_to_end(key)
            return html

    def keep(self, key: tuple[str, ...], html: str) -> None:
        with self._lock:
            self._html[key] = html
            while len(self._html) > MOST_KEPT:
                self._html.popitem(last=False)

    def values(self) -> list[str]:
        with self._lock:
            return list(self._html.values())


class EmptyWidgetCacheRenderer(DjangoTemplates):
    """Django's renderer, keeping the HTML of empty widgets (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self._kept = _Kept()

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        key = _empty_widget_key(template_name, context)
        if key is None:
            return super().render(template_name, context, request)
        html = self._kept.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            self._kept.keep(key, html)
        return html


def _empty_widget_key(template_name: str, context: dict[str, Any]) -> tuple[str, str, str] | None:
    """What the HTML of a widget depends on, or None when it must not be kept: not a
    widget, or a widget holding a value."""
    widget = context.get("widget")
    if not template_name.startswith(WIDGET_TEMPLATES) or not isinstance(widget, dict):
        return None
    if _holds_an_answer(widget):
        return None
    # Lazy labels become text in the active language; the language is in the key too.
    return template_name, get_language() or "", json.dumps(context, sort_keys=True, default=str)


def _holds_an_answer(widget: dict[str, Any]) -> bool:
    """A value typed or chosen (a select's is a list of chosen values, ``[""]`` for
    none), or a ticked box."""
    value = widget.get("value")
    values = value if isinstance(value, list | tuple) else [value]
    return any(v not in (None, "") for v in values) or bool(widget["attrs"].get("checked"))


_visible_fields_kept = _Kept()


def visible_fields_html(form: forms.BaseForm) -> SafeString:
    """The labels, widgets, help and errors of a form's visible fields; kept per
    language for a fresh form of a class that declares them static (see the module)."""
    key = _fresh_static_form_key(form)
    html = _visible_fields_kept.get(key) if key else None
    if html is None:
        html = render_to_string(VISIBLE_FIELDS_TEMPLATE, {"form": form})
        if key:
            _visible_fields_kept.keep(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def _fresh_static_form_key(form: forms.BaseForm) -> tuple[str, ...] | None:
    """What the visible fields' HTML depends on, or None when it must not be kept: a
    bound form (answers, errors), a class not declared static, or a visible field
    given a value by this instance or by a callable (a date of today, say)."""
    if form.is_bound or not getattr(form, "visible_fields_static", False):
        return None
    for field in form.visible_fields():
        if field.name in form.initial or callable(field.field.initial):
            return None
    kind = type(form)
    return (
        f"{kind.__module__}.{kind.__qualname__}",
        form.prefix or "",
        str(form.auto_id),
        get_language() or "",
    )
