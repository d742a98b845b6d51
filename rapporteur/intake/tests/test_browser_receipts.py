"""A real Chromium with JavaScript off: a source writing in Russian or Tajik gets a
receipt in that language's words and reads about a file whose content is not what
its name says. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest

from rapporteur.testing.browser import screenshot_path
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
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/submit/")
    page.select_option("#language", language)
    page.click("form.language button")
    page.fill("#id_person_name", "Тахаллус")
    page.select_option("#id_person_role", "journalist")
    page.select_option("#id_act_kind", "summons")
    page.fill("#id_event_dates", "2022")
    page.check("input[name=remedies_tried][value=no]")
    page.check("input[name=consent_to_name][value=no]")
    page.select_option("#id_submitter_relation", "colleague")
    page.fill("#id_narrative", "Текст.")
    page.set_input_files("#id_attachments", [str(program)])
    page.click("form.card button[type=submit]")
    words = page.inner_text("#receipt").split()
    count, notice = EXPECTED[language]
    assert len(words) == count
    assert set(words) <= set(codenames.word_list(language).words)
    assert notice in page.content()
    page.screenshot(path=str(screenshot_path(f"intake-receipt-{language}")), full_page=True)
    context.close()
