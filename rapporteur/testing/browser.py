"""Playwright driving Debian's Chromium (never a browser Playwright downloads itself)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

# Without the background-networking flags Chromium keeps trying to reach outside hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def sign_in(page: Any, user: Any) -> None:
    """The desk's two steps on ``page``: password, then the TOTP code (the sign-in
    unlocks the vault for the session). Works in any language, with JavaScript off."""
    from rapporteur.testing.personas import PASSWORD, current_code

    page.goto("/desk/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/desk/login/code/")
    page.fill("#id_token", current_code(user))
    # Not the passkey form's button, which the code page carries beside the code's.
    page.click("main form:not(#passkey-sign-in) button[type=submit]")
    page.wait_for_url("**/desk/")


def html(page: Any) -> str:
    """The HTML of ``page`` once it has loaded. A click that sends a form returns as
    soon as the next page starts to arrive: read at that moment, the page can still
    be an empty document."""
    page.wait_for_load_state()
    return str(page.content())


def shot(page: Any, name: str) -> None:
    """A full-page screenshot of ``page`` as test-output/screenshots/<name>.png."""
    page.screenshot(path=str(screenshot_path(name)), full_page=True)


def signed_in_page(
    chromium: Any,
    live_server: Any,
    user: Any,
    *,
    javascript: bool = False,
    language: str | None = None,
    **options: Any,
) -> Any:
    """A page in a fresh context against the live server, signed in as ``user``
    (JavaScript off unless asked: the desk must not need it), in ``language`` from
    the first page on when given. The caller closes ``page.context``."""
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=javascript, **options
    )
    if language is not None:
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    page = context.new_page()
    sign_in(page, user)
    return page


def choose_language(page: Any, code: str) -> None:
    """Switch the interface to ``code`` with the language form every page carries
    (a plain form: works with JavaScript off)."""
    page.select_option("#language", code)
    page.click("form.language button")
    page.wait_for_load_state()


def fill_report(
    page: Any,
    *,
    narrative: str,
    person_name: str = "Pseudonym",
    event_dates: str = "March 2022",
    attachments: Sequence[Path] = (),
) -> None:
    """Fill the public report form with a journalist summoned, no remedies tried, no
    consent to be named, sent by a colleague; the caller sends it."""
    page.fill("#id_person_name", person_name)
    page.select_option("#id_person_role", "journalist")
    page.select_option("#id_act_kind", "summons")
    page.fill("#id_event_dates", event_dates)
    page.check("input[name=remedies_tried][value=no]")
    page.check("input[name=consent_to_name][value=no]")
    page.select_option("#id_submitter_relation", "colleague")
    page.fill("#id_narrative", narrative)
    if attachments:
        page.set_input_files("#id_attachments", [str(path) for path in attachments])


def public_page(
    chromium: Any, live_server: Any, path: str = "/", *, language: str | None = None
) -> Any:
    """A visitor's page at ``path``: a fresh context, JavaScript off, nobody signed
    in; switched to ``language`` with the page's own form when given. The caller
    closes ``page.context``."""
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(path)
    if language is not None:
        choose_language(page, language)
    return page
