"""What the forms of every app share: the browser's own date picker, the check that
a period does not end before it starts, and typed access to the fields of a form
whose choices or queryset are set when it is built (the case's events, the letters a
user may see).

``form.fields[name]`` is a plain ``Field`` to the type checker; these say which
kind of field it is, and refuse a name that holds another kind.
"""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A day typed or picked in the browser's own calendar (no script of ours)."""

    input_type = "date"


def check_order(
    form: forms.BaseForm, first: str, last: str, message: Any, *, error_on: str | None = ""
) -> None:
    """In ``clean()``: when ``first`` and ``last`` are both given and ``last`` comes
    before ``first``, ``message`` goes on the ``last`` field (or on ``error_on``;
    None: the whole form)."""
    data = form.cleaned_data
    start, end = data.get(first), data.get(last)
    if start is not None and end is not None and end < start:
        form.add_error(last if error_on == "" else error_on, message)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field
