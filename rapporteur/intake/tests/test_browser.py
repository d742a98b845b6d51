"""A real Chromium with JavaScript disabled: a source submits in Tajik with a
photo carrying GPS data and a PDF with an author, keeps the receipt, returns,
reads a staff reply and follows up; staff download the files, which no longer
carry that metadata. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rapporteur.testing.browser import fill_report, html, public_page, shot, signed_in_page
from rapporteur.testing.files import jpeg_has_gps, jpeg_with_gps, pdf_author, pdf_with_author
from rapporteur.testing.vault import initialise
from rapporteur.vault import codenames

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tajik_source_and_staff_without_javascript(
    chromium, live_server, rapporteur_user, officer, tmp_path
):
    browser = chromium
    initialise(rapporteur_user, officer)
    photo, statement = tmp_path / "photo.jpg", tmp_path / "statement.pdf"
    photo.write_bytes(jpeg_with_gps())
    statement.write_bytes(pdf_with_author())
    assert jpeg_has_gps(photo.read_bytes()) and pdf_author(statement.read_bytes())

    page = public_page(browser, live_server, "/submit/", language="tg")
    assert page.locator("html").get_attribute("lang") == "tg"
    assert "Фиристодани маълумоти махфӣ" in html(page)
    fill_report(
        page,
        narrative="Ӯро ба пурсиш даъват карданд.",
        person_name="Тахаллус",
        event_dates="аввали марти 2022",
        attachments=[photo, statement],
    )
    shot(page, "intake-1-form-tajik")
    page.click("form.card button[type=submit]")
    receipt = page.inner_text("#receipt")
    assert len(receipt.split()) == 9  # Tajik words: 512 of them, 9 for 81 bits
    assert set(receipt.split()) <= set(codenames.word_list("tg").words)
    assert "Мавқеи GPS" in html(page) and "муаллифи PDF" in html(page)
    shot(page, "intake-2-receipt")
    page.context.close()

    desk = signed_in_page(browser, live_server, officer, accept_downloads=True)
    desk.goto("/desk/inbox/")
    desk.click("table a")
    assert "Ӯро ба пурсиш даъват карданд." in html(desk)
    desk.fill("#id_text", "Мо маълумоти шуморо гирифтем.")
    desk.click("text=Send reply")
    shot(desk, "intake-3-desk-submission")

    back = public_page(browser, live_server, "/return/", language="tg")
    # Typed on a Russian keyboard, each Tajik letter as the Russian one it extends.
    back.fill("#id_receipt", receipt.translate(str.maketrans("ҳқғҷӣӯ", "хкгчиу")))
    back.click("main form.card button[type=submit]")
    assert "Мо маълумоти шуморо гирифтем." in html(back)
    back.fill("#id_text", "Иловаи нав: ӯро озод карданд.")
    back.click("main form.card button[type=submit]")
    assert "Паёми шумо фиристода шуд." in html(back)
    shot(back, "intake-4-source-conversation")
    back.context.close()

    desk.reload()
    assert "Иловаи нав: ӯро озод карданд." in html(desk)
    contents = {}
    for name in ("photo.jpg", "statement.pdf"):
        with desk.expect_download() as info:
            desk.click(f"text={name}")
        contents[name] = Path(info.value.path()).read_bytes()
    assert not jpeg_has_gps(contents["photo.jpg"])
    assert pdf_author(contents["statement.pdf"]) == ""
    assert re.search(r"GPS position", html(desk))
    desk.context.close()
