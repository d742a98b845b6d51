"""Empty form widgets are rendered once per language; a widget holding a value (an
answer, a one-time token, a ticked box) is rendered afresh and never kept."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation

from rapporteur.core.rendering import EmptyWidgetCacheRenderer
from rapporteur.intake.forms import SubmissionForm


class Sample(forms.Form):
    kind = forms.ChoiceField(choices=[("", "—"), ("arrest", "Arrest"), ("raid", "Raid")])
    note = forms.CharField()
    agree = forms.BooleanField(required=False)
    token = forms.CharField(widget=forms.HiddenInput)


def _kept(renderer: EmptyWidgetCacheRenderer) -> list[str]:
    return list(renderer._kept.values())


def test_the_desk_renders_forms_with_it():
    assert isinstance(get_default_renderer(), EmptyWidgetCacheRenderer)


def test_an_empty_widget_is_kept_and_gives_the_same_html():
    renderer = EmptyWidgetCacheRenderer()
    first = Sample(renderer=renderer)
    html = [str(first[name]) for name in ("kind", "note", "agree")]
    assert len(_kept(renderer)) == 3
    again = Sample(renderer=renderer)
    assert [str(again[name]) for name in ("kind", "note", "agree")] == html
    assert len(_kept(renderer)) == 3
    fresh = Sample(renderer=EmptyWidgetCacheRenderer())
    assert [str(fresh[name]) for name in ("kind", "note", "agree")] == html


def test_a_widget_holding_an_answer_or_a_token_is_never_kept():
    renderer = EmptyWidgetCacheRenderer()
    secret = "Canaryname Secretova"
    answered = Sample(
        {"kind": "raid", "note": secret, "agree": "on", "token": "one-time"}, renderer=renderer
    )
    html = "".join(str(answered[name]) for name in ("kind", "note", "agree", "token"))
    assert secret in html and 'value="raid" selected' in html and "checked" in html
    assert _kept(renderer) == []
    initial = Sample(initial={"token": "one-time", "kind": "arrest"}, renderer=renderer)
    assert "one-time" in str(initial["token"]) and "selected" in str(initial["kind"])
    assert _kept(renderer) == []


@pytest.mark.django_db  # a fresh report form takes a ticket
def test_each_language_has_its_own_html():
    renderer = EmptyWidgetCacheRenderer()
    shown = {}
    for language in ("en", "ru", "tg"):
        with translation.override(language):
            shown[language] = str(SubmissionForm(renderer=renderer)["act_kind"])
    assert len(set(shown.values())) == 3
    with translation.override("ru"):
        assert str(SubmissionForm(renderer=renderer)["act_kind"]) == shown["ru"]
