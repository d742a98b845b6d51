"""A real browser signs in with password and TOTP, then switches the desk to Tajik."""

from __future__ import annotations

import pytest

from rapporteur.accounts.permissions import Role
from rapporteur.testing.browser import choose_language, public_page, shot
from rapporteur.testing.personas import PASSWORD, current_code, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_two_factors_and_switch_to_tajik(page):
    officer = make_staff(Role.OFFICER, "browser-officer")
    page.goto("/desk/")
    assert "/desk/login/" in page.url
    page.fill("#id_username", "browser-officer")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Continue')")
    page.fill("#id_token", current_code(officer))
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/desk/")
    assert page.locator("h1").inner_text().startswith("Welcome")

    choose_language(page, "tg")
    assert page.locator("html").get_attribute("lang") == "tg"
    assert page.locator("h1").inner_text().startswith("Хуш омадед")
    assert page.locator("nav.staff").inner_text().count("Баромадан") == 1
    shot(page, "sign-in-tajik-dashboard")


def test_sign_in_page_works_without_javascript(chromium, live_server):
    page = public_page(chromium, live_server, language="ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.click("text=Вход для сотрудников")
    assert page.locator("h1").inner_text() == "Вход для сотрудников"
    shot(page, "sign-in-russian-no-js")
    page.context.close()
