"""In a real Chromium: ingest the statement, accept the suggestions, set a status with
evidence, and read it on the public tracker in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from rapporteur.testing.personas import PASSWORD, current_code
from rapporteur.visits.tests.factories import make_visit

SEED = settings.VISITS_SHARED_DIR / "seed" / "end-of-mission-statement-tajikistan-2022.txt"
SHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not SEED.exists(), reason=f"shared seed absent: {SEED}"),
]


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run `make setup-test` (installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(java_script_enabled=False)
        yield context.new_page()
        browser.close()
        # Playwright's greenlets give the test body its own context, hence its own
        # database connection, which pytest-django does not know: close it, or
        # PostgreSQL refuses to drop the test database at the end of the run.
        from django.db import connections

        connections.close_all()


def test_ingest_accept_follow_up_and_read_in_russian(live_server, officer, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit = make_visit()
    page.goto(f"{live_server.url}/desk/login/")
    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("input[name=token]", current_code(officer))
    page.click("main button[type=submit]")

    page.goto(f"{live_server.url}/desk/visits/{visit.pk}/")
    page.set_input_files("input[name=file]", str(SEED))
    page.select_option("form[enctype] select[name=kind]", "statement")
    page.click("text=Ingest and find recommendations")
    assert "7 recommendations found" in page.content()
    page.screenshot(path=str(SHOTS / "visits-1-suggestions.png"), full_page=True)
    page.click("text=Accept all 7 suggestions")
    assert "7 recommendations accepted" in page.content()

    page.click("text=All human rights defenders currently facing criminal proceedings")
    page.select_option("select[name=status]", "partial")
    page.fill("input[name=date] >> nth=0", "2024-03-15")
    page.fill("textarea[name=public_note]", "Two defenders released after appeal.")
    page.click("text=Record the status")
    page.fill("input[name=date] >> nth=1", "2024-03-15")
    page.select_option("select[name=source_kind]", "government")
    page.fill("textarea[name=text] >> nth=-1", "Government reply of March 2024.")
    page.check("input[name=public]")
    page.click("text=Add the evidence")
    assert "Evidence added" in page.content()

    page.goto(f"{live_server.url}/tracker/visit/{visit.pk}/")
    page.select_option("select[name=language]", "ru")
    page.click("form.language button")
    html = page.content()
    assert 'lang="ru"' in html and "Выполнено частично" in html
    assert "Рекомендации по статусу выполнения" in html
    page.screenshot(path=str(SHOTS / "visits-2-tracker-ru.png"), full_page=True)
    page.click("text=История и подтверждения >> nth=2")
    assert "Two defenders released after appeal." in page.content()
    assert "Government reply of March 2024." in page.content()
