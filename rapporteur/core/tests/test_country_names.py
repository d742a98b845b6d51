"""Staff pages name countries in the reader's language, never by a raw ISO code."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rapporteur.testing.cases import sign_in_with_keys

pytestmark = pytest.mark.django_db

NAMES = {"en": "Tajikistan", "ru": "Таджикистан", "tg": "Тоҷикистон"}


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_case_and_letter_pages_name_the_country(personas, samples, language):
    client = sign_in_with_keys(personas["rapporteur"])
    client.post(reverse("set_language"), {"language": language})
    pages = [
        reverse("cases:detail", args=[samples["case_id"]]),
        reverse("cases:list"),
        reverse("communications_desk:detail", args=[samples["communication_id"]]),
        reverse("communications_desk:list"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert NAMES[language] in html, url
        # A code alone in a cell or a definition is a code shown raw.
        assert not re.search(r"<(td|dd)>\s*TJK?\s*</(td|dd)>", html), url
