"""A real Chromium with JavaScript disabled: a source submits in Tajik with a
photo carrying GPS data and a PDF with an author, keeps the receipt, returns,
reads a staff reply and follows up; staff download the files, which no longer
carry that metadata. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rapporteur.testing.browser import screenshot_path
from rapporteur.testing.files import jpeg_has_gps, jpeg_with_gps, pdf_author, pdf_with_author
from rapporteur.testing.personas import PASSWORD, current_code
from rapporteur.testing.vault import initialise
from rapporteur.vault import codenames

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_path(f"intake-{name}")), full_page=True)


def test_tajik_source_and_staff_without_javascript(
    chromium, live_server, rapporteur_user, officer, tmp_path
):
    browser = chromium
    initialise(rapporteur_user, officer)
    photo, statement = tmp_path / "photo.jpg", tmp_path / "statement.pdf"
    photo.write_bytes(jpeg_with_gps())
    statement.write_bytes(pdf_with_author())
    assert jpeg_has_gps(photo.read_bytes()) and pdf_author(statement.read_bytes())

    source = browser.new_context(java_script_enabled=False)
    page = source.new_page()
    page.goto(f"{live_server.url}/submit/")
    page.select_option("#language", "tg")
    page.click("form.language button")
    assert page.locator("html").get_attribute("lang") == "tg"
    assert "Фиристодани маълумоти махфӣ" in page.content()
    page.fill("#id_person_name", "Тахаллус")
    page.select_option("#id_person_role", "journalist")
    page.select_option("#id_act_kind", "summons")
    page.fill("#id_event_dates", "аввали марти 2022")
    page.check("input[name=remedies_tried][value=no]")
    page.check("input[name=consent_to_name][value=no]")
    page.select_option("#id_submitter_relation", "colleague")
    page.fill("#id_narrative", "Ӯро ба пурсиш даъват карданд.")
    page.set_input_files("#id_attachments", [str(photo), str(statement)])
    _shot(page, "1-form-tajik")
    page.click("form.card button[type=submit]")
    receipt = page.inner_text("#receipt")
    assert len(receipt.split()) == 9  # Tajik words: 512 of them, 9 for 81 bits
    assert set(receipt.split()) <= set(codenames.word_list("tg").words)
    assert "Мавқеи GPS" in page.content() and "муаллифи PDF" in page.content()
    _shot(page, "2-receipt")
    source.close()

    staff = browser.new_context(java_script_enabled=False, accept_downloads=True)
    desk = staff.new_page()
    desk.goto(f"{live_server.url}/desk/login/")
    desk.fill("#id_username", officer.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("main button[type=submit]")
    desk.fill("#id_token", current_code(officer))
    desk.click("main button[type=submit]")
    desk.goto(f"{live_server.url}/desk/inbox/")
    desk.click("table a")
    assert "Ӯро ба пурсиш даъват карданд." in desk.content()
    desk.fill("#id_text", "Мо маълумоти шуморо гирифтем.")
    desk.click("text=Send reply")
    _shot(desk, "3-desk-submission")

    returning = browser.new_context(java_script_enabled=False)
    back = returning.new_page()
    back.goto(f"{live_server.url}/return/")
    back.select_option("#language", "tg")
    back.click("form.language button")
    # Typed on a Russian keyboard, each Tajik letter as the Russian one it extends.
    back.fill("#id_receipt", receipt.translate(str.maketrans("ҳқғҷӣӯ", "хкгчиу")))
    back.click("main form.card button[type=submit]")
    assert "Мо маълумоти шуморо гирифтем." in back.content()
    back.fill("#id_text", "Иловаи нав: ӯро озод карданд.")
    back.click("main form.card button[type=submit]")
    assert "Паёми шумо фиристода шуд." in back.content()
    _shot(back, "4-source-conversation")
    returning.close()

    desk.reload()
    assert "Иловаи нав: ӯро озод карданд." in desk.content()
    contents = {}
    for name in ("photo.jpg", "statement.pdf"):
        with desk.expect_download() as info:
            desk.click(f"text={name}")
        contents[name] = Path(info.value.path()).read_bytes()
    assert not jpeg_has_gps(contents["photo.jpg"])
    assert pdf_author(contents["statement.pdf"]) == ""
    assert re.search(r"GPS position", desk.content())
    staff.close()
