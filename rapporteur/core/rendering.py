"""Form widgets rendered once per language while they carry no answer.

Django renders every widget through templates: a select of thirteen options is some
thirty template renders, and the public report form spent most of its time there.
A widget's HTML is a function of its context and the active language alone, so an
empty widget (a fresh form's select, radio buttons, text input) is rendered once and
its HTML reused. A widget holding a value is always rendered afresh and never kept:
what a source typed or chose, and the one-time form token, must not outlive the
request in the server's memory.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from threading import Lock
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.translation import get_language

WIDGET_TEMPLATES = "django/forms/widgets/"
MOST_KEPT = 512  # widgets, every form and language together: far more than the desk has


class EmptyWidgetCacheRenderer(DjangoTemplates):
    """Django's renderer, keeping the HTML of empty widgets (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self._kept: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._lock = Lock()

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        key = _empty_widget_key(template_name, context)
        if key is None:
            return super().render(template_name, context, request)
        with self._lock:
            html = self._kept.get(key)
            if html is not None:
                self._kept.move_to_end(key)
                return html
        html = super().render(template_name, context, request)
        with self._lock:
            self._kept[key] = html
            while len(self._kept) > MOST_KEPT:
                self._kept.popitem(last=False)
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
