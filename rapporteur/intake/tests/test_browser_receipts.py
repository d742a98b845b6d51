"""A real Chromium with JavaScript off: a source writing in Russian or Tajik gets a
receipt in that language's words and reads about a file whose content is not what
its name says. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest

from rapporteur.testing.browser import fill_report, html, public_page, shot
from rapporteur.testing.vault import initialise
from rapporteur.vault import codenames

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    "ru": (8, "По имени это изображение JPEG, но по содержимому — исполняемая программа"),
    "tg": (9, "Аз рӯи ном ин тасвири JPEG аст, вале аз рӯи мундариҷа — барномаи иҷрошаванда"),
}


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_receipt_in_the_sources_language_without_javascript(
    chromium, live_server, rapporteur_user, officer, tmp_path, language
):
    initialise(rapporteur_user, officer)
    program = tmp_path / "photo.jpg"
    program.write_bytes(b"MZ\x90\x00" + bytes(56) + (64).to_bytes(4, "little") + b"PE\x00\x00")
    page = public_page(chromium, live_server, "/submit/", language=language)
    fill_report(
        page, narrative="Текст.", person_name="Тахаллус", event_dates="2022", attachments=[program]
    )
    page.click("form.card button[type=submit]")
    words = page.inner_text("#receipt").split()
    count, notice = EXPECTED[language]
    assert len(words) == count
    assert set(words) <= set(codenames.word_list(language).words)
    assert notice in html(page)
    shot(page, f"intake-receipt-{language}")
    page.context.close()
