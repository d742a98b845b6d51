"""Fixtures shared by every app's tests: staff personas, one per role."""

from __future__ import annotations

import os
import threading

import pytest
from django.utils import translation

from rapporteur.accounts.permissions import Role
from rapporteur.testing.personas import make_staff, sign_in

# Playwright's sync API runs an event loop in the test thread; Django's guard against
# database calls from async code would otherwise refuse the live server's fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request's LocaleMiddleware
    leaves its language active in the thread, and translated messages built after it
    (service errors, lazy strings) would otherwise depend on the order of tests."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def rapporteur_user(db):
    return make_staff(Role.RAPPORTEUR, "rapporteur")


@pytest.fixture
def officer(db):
    return make_staff(Role.OFFICER, "officer")


@pytest.fixture
def other_officer(db):
    return make_staff(Role.OFFICER, "officer2")


@pytest.fixture
def analyst(db):
    return make_staff(Role.ANALYST, "analyst")


@pytest.fixture
def administrator(db):
    return make_staff(Role.ADMINISTRATOR, "admin")


@pytest.fixture
def personas(rapporteur_user, officer, other_officer, analyst, administrator):
    return {
        "rapporteur": rapporteur_user,
        "officer": officer,
        "other_officer": other_officer,
        "analyst": analyst,
        "administrator": administrator,
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns a fresh test client signed in as that user."""
    from django.test import Client

    def _client(user):
        return sign_in(Client(), user)

    return _client


@pytest.fixture(scope="session")
def chromium(live_server):
    """One headless Chromium for the whole run; each test opens its own context.

    It asks for the live server so that it closes first: the browser's kept-alive
    connections end while the server still shares the test database with its request
    threads, which then close cleanly instead of raising in a later test."""
    from playwright.sync_api import sync_playwright

    from rapporteur.testing.browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    _wait_for_request_threads()


def _wait_for_request_threads(seconds: float = 10.0) -> None:
    """Let the live server's request threads finish closing their connections."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(seconds)


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page (JavaScript on) against the live test server."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    yield context.new_page()
    context.close()
