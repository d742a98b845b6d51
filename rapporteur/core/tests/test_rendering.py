"""Empty form widgets, and the visible fields of a fresh public form, are rendered
once per language; HTML holding a value (an answer, a one-time token, a ticked box, an
error) is rendered afresh and never kept."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.template.loader import render_to_string
from django.utils import translation

from rapporteur.core import rendering
from rapporteur.core.rendering import (
    VISIBLE_FIELDS_TEMPLATE,
    EmptyWidgetCacheRenderer,
    visible_fields_html,
)
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


class StaticSample(Sample):
    visible_fields_static = True


def _visible_kept() -> list[str]:
    return rendering._visible_fields_kept.values()


@pytest.fixture
def no_visible_fields_kept():
    rendering._visible_fields_kept = rendering._Kept()
    yield
    rendering._visible_fields_kept = rendering._Kept()


def test_a_fresh_static_form_has_its_visible_fields_rendered_once_per_language(
    no_visible_fields_kept,
):
    shown = {}
    for language in ("en", "ru", "tg", "en"):
        with translation.override(language):
            html = visible_fields_html(StaticSample())
            assert html == render_to_string(VISIBLE_FIELDS_TEMPLATE, {"form": StaticSample()})
            shown.setdefault(language, html)
            assert html == shown[language]
    assert len(_visible_kept()) == 3
    assert all('name="token"' not in html for html in _visible_kept())


def test_visible_fields_holding_answers_errors_or_values_are_never_kept(no_visible_fields_kept):
    secret = "Canaryname Secretova"
    answered = visible_fields_html(StaticSample({"kind": "raid", "note": secret}))
    assert secret in answered and 'value="raid" selected' in answered
    invalid = visible_fields_html(StaticSample({"kind": "flood"}))
    assert 'class="error"' in invalid
    given = visible_fields_html(StaticSample(initial={"note": secret}))
    assert secret in given

    class Dated(StaticSample):
        day = forms.DateField(initial=lambda: "2026-12-06")  # a value of the moment

    assert "2026-12-06" in visible_fields_html(Dated())
    assert "Canary" not in visible_fields_html(Sample(initial={"note": "x"}))  # not static
    visible_fields_html(Sample())
    assert _visible_kept() == []


@pytest.mark.django_db
def test_public_form_pages_share_the_fields_but_never_the_token(client, no_visible_fields_kept):
    pages = [client.get("/submit/").content.decode() for _ in range(2)]
    tokens = [re.search(r'name="form_token" value="([^"]+)"', page)[1] for page in pages]
    assert tokens[0] != tokens[1]
    assert pages[0].replace(tokens[0], "") != pages[1].replace(tokens[1], "")  # the csrf too
    (kept,) = _visible_kept()
    assert 'name="narrative"' in kept and kept in pages[0] and kept in pages[1]
    assert all(token not in kept for token in tokens)
