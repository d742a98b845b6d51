"""A real Chromium sends a report during a flood of submissions and on a calm desk:
without JavaScript (told when it may send; sent too early, told how long to wait,
with what was typed kept; sent again, accepted), in Russian and Tajik, and with
JavaScript (the page's script pays with the puzzle). Staff see the flood as one
alert. Waits are a few seconds (``INTAKE_SUBMISSION_WAIT_SECONDS`` lowered).
Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from rapporteur.intake import throttle
from rapporteur.intake.models import Submission
from rapporteur.testing.browser import choose_language, fill_report, html, shot, signed_in_page
from rapporteur.testing.intake import arrivals
from rapporteur.testing.vault import initialise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOLD = re.compile(r"(\d+) (?:seconds|секунд[уы]?|сония)")


@pytest.fixture
def desk(rapporteur_user, officer):  # type: ignore[no-untyped-def]
    return initialise(rapporteur_user, officer)


@pytest.fixture
def flood(desk, settings):  # type: ignore[no-untyped-def]
    """Submissions arrived at four times the threshold this hour: level 3, so the
    wait is four times the (lowered) base wait and the puzzle 18 bits."""
    settings.INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR = 5
    settings.INTAKE_SUBMISSION_WAIT_SECONDS = 1
    arrivals(20)
    assert throttle.price_level(throttle.Purpose.SUBMISSION) == 3


def _open_form(context, url: str, language: str = "en"):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(f"{url}/submit/")
    if language != "en":
        choose_language(page, language)
        assert page.locator("html").get_attribute("lang") == language
    return page


def _send(page) -> None:  # type: ignore[no-untyped-def]
    """Send the form and wait for the answer's page: the click returns as soon as
    that page starts to arrive, and a count read then sees an empty document."""
    page.click("#submission-form button[type=submit]")
    page.wait_for_load_state()


def test_without_javascript_on_a_calm_desk_nothing_is_asked(chromium, live_server, desk, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("evidence")
    context = chromium.new_context(java_script_enabled=False)
    page = _open_form(context, live_server.url)
    assert page.locator("#work-note").count() == 0
    fill_report(page, narrative="Calm desk.", attachments=[note])
    started = time.monotonic()
    _send(page)
    assert page.locator("#receipt").count() == 1, html(page)[:2000]
    assert time.monotonic() - started < 30
    context.close()


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_without_javascript_during_a_flood_the_source_waits_then_sends(
    chromium, live_server, flood, tmp_path, language
):
    note = tmp_path / "note.txt"
    note.write_text("evidence")
    context = chromium.new_context(java_script_enabled=False)
    page = _open_form(context, live_server.url, language)
    assert page.locator("#work-note").count() == 1
    assert "JavaScript" in page.inner_text("#work-note")
    shot(page, f"flood-{language}-1-note")
    narrative = {"ru": "Его вызвали на допрос.", "tg": "Ӯро ба пурсиш даъват карданд."}[language]
    fill_report(page, narrative=narrative, attachments=[note])
    before = Submission.objects.count()
    _send(page)  # at once: too early
    refusal = page.inner_text("#submission-form")
    told = TOLD.search(refusal)
    assert told is not None, refusal[:2000]
    assert page.input_value("#id_narrative") == narrative  # what was typed is kept
    assert Submission.objects.count() == before
    shot(page, f"flood-{language}-2-told-to-wait")
    time.sleep(int(told.group(1)) + 1)
    page.set_input_files("#id_attachments", [str(note)])  # files are chosen again
    _send(page)
    assert page.locator("#receipt").count() == 1, html(page)[:2000]
    assert Submission.objects.count() == before + 1
    shot(page, f"flood-{language}-3-receipt")
    context.close()


def test_with_javascript_during_a_flood_the_puzzle_sends_at_once(
    chromium, live_server, flood, settings
):
    settings.INTAKE_SUBMISSION_WAIT_SECONDS = 600  # only the puzzle can let in quickly
    context = chromium.new_context()
    started = time.monotonic()
    page = _open_form(context, live_server.url)
    fill_report(page, narrative="Sent with the puzzle.")
    _send(page)
    page.wait_for_selector("#receipt", timeout=120_000)
    bits, seconds = throttle.work_bits(throttle.Purpose.SUBMISSION), time.monotonic() - started
    print(f"submission puzzle of {bits} bits: form filled, solved and sent in {seconds:.1f} s")
    context.close()


def test_staff_see_the_flood_as_one_alert(chromium, live_server, desk, officer, settings):
    settings.INTAKE_FLOOD_ALERT_PER_HOUR = 50
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    arrivals(2, hour=hour - timedelta(hours=9))
    arrivals(412, hour=hour - timedelta(hours=6))
    arrivals(3, hour=hour - timedelta(hours=1))
    desk_page = signed_in_page(chromium, live_server, officer)
    for language in ("en", "ru"):
        desk_page.goto("/desk/inbox/")
        if language != "en":
            choose_language(desk_page, language)
        assert desk_page.locator("#flood-alert").count() == 1
        assert desk_page.locator("tr.grouped").count() == 1
        assert desk_page.locator("#inbox tbody tr").count() == 2 + 1 + 3
        shot(desk_page, f"flood-inbox-alert-{language}")
    desk_page.click("tr.grouped a")
    desk_page.wait_for_load_state()
    assert desk_page.locator("#flood-review").count() == 1
    assert desk_page.locator("#inbox tbody tr").count() == 50
    desk_page.context.close()
