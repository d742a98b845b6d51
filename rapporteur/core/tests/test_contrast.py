"""Every visible control on every page is readable: text contrast of at least 4.5:1
(WCAG 2.x, level AA for normal text), computed in a real browser from computed styles.

The pages are those the role matrix walks: every public page for a visitor, and
every staff page for the rapporteur and the administrator (between them, every
staff permission). Only pages that answer 200 with HTML are opened; files and
redirects are left to the role matrix. A control's background is found by
compositing the background colours of it and its ancestors over white, as the
browser paints them; background images are not used anywhere on the desk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from rapporteur.accounts.permissions import ROLE_PERMISSIONS, Role
from rapporteur.testing.browser import screenshot_path
from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.intake import receipt_in, return_with, submit
from rapporteur.testing.seeds import reseed_migration_data
from rapporteur.testing.urls import all_routes, url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMUM_RATIO = 4.5

# Runs in the page; returns each visible control whose contrast is below the minimum.
LOW_CONTRAST_SCRIPT = (Path(__file__).resolve().parents[2] / "testing" / "contrast.js").read_text()

ROUTES = list(all_routes())


@pytest.fixture
def reseeded():
    reseed_migration_data()  # the live server needs committed rows: a flush removed them


@pytest.fixture
def samples(reseeded, samples):
    """The shared samples, made after the migrations' rows are back."""
    return samples


def _html_pages(client: Client, routes, samples) -> list[str]:
    """URLs among ``routes`` that answer 200 with an HTML page for this client."""
    urls = []
    for route in routes:
        url = url_for(route, samples)
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return urls


def _low_contrast(browser_context, urls: list[str], label: str) -> dict[str, list]:
    page = browser_context.new_page()
    failures = {}
    for url in urls:
        page.goto(url)
        found = page.evaluate(LOW_CONTRAST_SCRIPT, MINIMUM_RATIO)
        if found:
            failures[url] = found
            name = f"contrast-{label}-" + url.strip("/").replace("/", "-")
            page.screenshot(path=str(screenshot_path(name[:120])), full_page=True)
    page.close()
    return failures


def _context_with_cookies(chromium, live_server, client: Client):
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
    )
    return context


def test_public_pages_have_readable_controls(chromium, live_server, samples):
    client = Client()
    urls = _html_pages(client, [r for r in ROUTES if r.is_public], samples)
    assert len(urls) > 5
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    try:
        assert _low_contrast(context, urls, "public") == {}
    finally:
        context.close()


def test_source_pages_have_readable_controls(chromium, live_server, samples):
    """The pages a source sees after coming back with their receipt."""
    source = Client()
    return_with(source, receipt_in(submit(source)))
    urls = _html_pages(source, [r for r in ROUTES if r.is_public], samples)
    assert any("/return/messages/" in url for url in urls)
    context = _context_with_cookies(chromium, live_server, source)
    try:
        assert _low_contrast(context, urls, "source") == {}
    finally:
        context.close()


@pytest.mark.parametrize("role", [Role.RAPPORTEUR, Role.ADMINISTRATOR])
def test_staff_pages_have_readable_controls(chromium, live_server, personas, samples, role):
    user = personas[role.value]
    client = sign_in_with_keys(user)
    permissions = ROLE_PERMISSIONS[role]
    routes = [r for r in ROUTES if not r.is_public and r.permission in permissions]
    urls = _html_pages(client, routes, samples)
    assert len(urls) > 3
    context = _context_with_cookies(chromium, live_server, client)
    try:
        assert _low_contrast(context, urls, role.value) == {}
    finally:
        context.close()
