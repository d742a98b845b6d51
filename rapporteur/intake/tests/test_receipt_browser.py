"""A real Chromium comes back with the right receipt: with JavaScript off on a quiet
desk and during a flood of wrong guesses (told to wait, sends again), and with
JavaScript on during a flood (the page's script pays with the puzzle instead).
Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from rapporteur.intake import throttle
from rapporteur.testing.browser import html, screenshot_path
from rapporteur.testing.intake import receipt_in, submit
from rapporteur.testing.vault import initialise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_path(f"receipt-{name}")), full_page=True)


@pytest.fixture
def receipt(rapporteur_user, officer):
    initialise(rapporteur_user, officer)
    return receipt_in(submit(Client()))


def _open(context, url: str, receipt: str):
    page = context.new_page()
    page.goto(f"{url}/return/")
    page.fill("#id_receipt", receipt)
    return page


def test_without_javascript_on_a_quiet_desk(chromium, live_server, receipt):
    context = chromium.new_context(java_script_enabled=False)
    page = _open(context, live_server.url, receipt)
    page.click("#receipt-form button[type=submit]")
    assert page.url.endswith("/return/messages/")
    context.close()


def test_without_javascript_during_a_flood_the_source_waits_then_gets_in(
    chromium, live_server, receipt, settings
):
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 1
    settings.INTAKE_RECEIPT_WAIT_SECONDS = 3
    for _ in range(30):
        throttle.note_failure()
    context = chromium.new_context(java_script_enabled=False)
    page = _open(context, live_server.url, receipt)
    assert "send the form again after" in html(page)
    _shot(page, "1-flood-note")
    page.click("#receipt-form button[type=submit]")
    told = re.search(r"Send it again in (\d+) seconds", html(page))
    assert told is not None, html(page)[:2000]
    _shot(page, "2-told-to-wait")
    time.sleep(int(told.group(1)) + 1)
    page.click("#receipt-form button[type=submit]")  # the receipt is still filled in
    assert page.url.endswith("/return/messages/")
    context.close()


def test_with_javascript_during_a_flood_the_puzzle_lets_the_source_in(
    chromium, live_server, receipt, settings
):
    settings.INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE = 1
    settings.INTAKE_RECEIPT_WAIT_SECONDS = 600  # only the puzzle can let in quickly
    for _ in range(30):
        throttle.note_failure()
    context = chromium.new_context()
    started = time.monotonic()
    page = _open(context, live_server.url, receipt)
    page.click("#receipt-form button[type=submit]")
    page.wait_for_url("**/return/messages/", timeout=60_000)
    bits, seconds = throttle.work_bits(throttle.Purpose.RECEIPT), time.monotonic() - started
    print(f"puzzle of {bits} bits: form opened, solved and sent in {seconds:.1f} s")
    context.close()
