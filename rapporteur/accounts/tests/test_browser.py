"""A real browser adds a passkey from the account page on Chromium's virtual
authenticator (through the DevTools protocol), signs out, and signs in again with
password and key; in Russian, with a screenshot of the account page. Without
JavaScript the same page says a key needs it, and the code still signs in."""

from __future__ import annotations

import re

import pytest

from rapporteur.accounts.models import Passkey
from rapporteur.accounts.permissions import Role
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.browser import shot, sign_in
from rapporteur.testing.personas import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Latin words a Russian page may show: the desk's name, the member's sign-in name,
# "English" in the language menu (each language names itself) and the footer's
# "JavaScript" (a name, left as it is in Russian).
ALLOWED_LATIN = {"Rapporteur", "key", "officer", "English", "JavaScript"}


def latin_words(page) -> set[str]:  # type: ignore[no-untyped-def]
    """Words in Latin letters the page shows, beyond those allowed."""
    return set(re.findall(r"[A-Za-z]{2,}", page.locator("body").inner_text())) - ALLOWED_LATIN


def virtual_authenticator(context, page) -> None:  # type: ignore[no-untyped-def]
    """A USB security key that verifies its user and answers without a touch."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": False,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_add_a_passkey_then_sign_in_with_password_and_key(chromium, live_server):
    officer = make_staff(Role.OFFICER, "key-officer")
    context = chromium.new_context(base_url=live_server.url, locale="ru-RU")
    page = context.new_page()
    virtual_authenticator(context, page)
    sign_in(page, officer)
    assert page.locator("html").get_attribute("lang") == "ru"

    page.goto("/desk/account/")
    assert page.locator("[data-passkey-needs-script]").is_hidden()
    page.fill("#id_add-name", "синий ключ")
    page.fill("#id_add-password", PASSWORD)
    page.click("#passkey-add button[type=submit]")
    page.wait_for_selector(".messages li.success")
    assert "Ключ «синий ключ» добавлен." in page.locator(".messages").inner_text()
    assert page.locator("#passkeys table").inner_text().count("синий ключ") == 1
    passkey = Passkey.objects.get(user=officer)

    shot(page, "account-passkeys-russian")
    assert latin_words(page) == set()
    for label in ("Добавить ключ", "Удалить ключ"):
        assert page.get_by_role("button", name=label).is_visible()

    page.click("nav.staff form button")
    page.wait_for_url("**/desk/login/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/desk/login/code/")
    shot(page, "second-factor-passkey-russian")
    assert latin_words(page) == set()
    page.click("#passkey-sign-in button[type=submit]")
    page.wait_for_url("**/desk/")
    assert page.locator("h1").inner_text().startswith("Добро пожаловать")

    login = AuditEntry.objects.filter(tag=AuditTag.LOGIN).latest("seq")
    assert login.extras == {"factor": "passkey"}
    passkey.refresh_from_db()
    assert passkey.last_used_hour is not None
    context.close()


def test_without_javascript_the_account_page_says_a_key_needs_it(chromium, live_server):
    officer = make_staff(Role.OFFICER, "no-script-officer")
    context = chromium.new_context(
        base_url=live_server.url, locale="ru-RU", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, officer)
    page.goto("/desk/account/")
    note = page.locator("[data-passkey-needs-script]")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    assert page.locator("#passkey-add").is_hidden()
    context.close()
