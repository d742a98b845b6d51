"""Playwright driving Debian's Chromium (never a browser Playwright downloads itself)."""

from __future__ import annotations

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
    page.fill("#id_token", current_code(user))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/desk/")
