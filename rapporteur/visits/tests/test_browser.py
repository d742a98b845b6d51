"""In a real Chromium: ingest the statement, accept the suggestions, set a status with
evidence, and read it on the public tracker in Russian."""

from __future__ import annotations

import pytest
from django.conf import settings

from rapporteur.testing.browser import choose_language, html, shot, sign_in
from rapporteur.testing.visits import make_visit

SEED = settings.VISITS_SHARED_DIR / "seed" / "end-of-mission-statement-tajikistan-2022.txt"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not SEED.exists(), reason=f"shared seed absent: {SEED}"),
]


@pytest.fixture
def page(chromium, live_server):
    """Like the project's ``page``, but with JavaScript off: the tracker must not need it."""
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    yield context.new_page()
    context.close()
    # Playwright's greenlets give the test body its own context, hence its own database
    # connection, which pytest-django does not know: close it, or PostgreSQL refuses to
    # drop the test database at the end of the run.
    from django.db import connections

    connections.close_all()


def test_ingest_accept_follow_up_and_read_in_russian(officer, desk_keys, page):
    visit = make_visit()
    sign_in(page, officer)

    page.goto(f"/desk/visits/{visit.pk}/")
    page.set_input_files("input[name=file]", str(SEED))
    page.select_option("form[enctype] select[name=kind]", "statement")
    page.click("text=Ingest and find recommendations")
    assert "7 recommendations found" in html(page)
    shot(page, "visits-1-suggestions")
    page.click("text=Accept all 7 suggestions")
    assert "7 recommendations accepted" in html(page)

    page.click("text=All human rights defenders currently facing criminal proceedings")
    page.select_option("select[name=status]", "partial")
    page.fill("input[name=date] >> nth=0", "2024-03-15")
    page.fill("textarea[name=public_note]", "Two defenders released after appeal.")
    page.click("text=Record the status")
    page.fill("input[name=date] >> nth=1", "2024-03-15")
    page.select_option("select[name=source_kind]", "government")
    page.fill("textarea[name=text] >> nth=-1", "Government reply of March 2024.")
    page.check("form:has(select[name=source_kind]) input[name=public]")
    page.click("text=Add the evidence")
    assert "Evidence added" in html(page)

    page.goto(f"/tracker/visit/{visit.pk}/")
    choose_language(page, "ru")
    russian = html(page)
    assert 'lang="ru"' in russian and "Выполнено частично" in russian
    assert "Рекомендации по статусу выполнения" in russian
    shot(page, "visits-2-tracker-ru")
    page.click("text=История и подтверждения >> nth=2")
    assert "Two defenders released after appeal." in html(page)
    assert "Government reply of March 2024." in html(page)
