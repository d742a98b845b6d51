"""Issue 11, item 2, played in a real Chromium (staff side, JavaScript on): an
administrator creates an account, the rapporteur grants it the desk key, the
administrator resets its second factor and then its password and signs in as it.
The inbox's content is never shown to them; the rapporteur's dashboard shows it all.
Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import pytest
from django.test import Client

from rapporteur.accounts.models import User
from rapporteur.intake.models import Submission
from rapporteur.testing.browser import html, screenshot_path
from rapporteur.testing.intake import submit
from rapporteur.testing.personas import PASSWORD, code_for_key, current_code
from rapporteur.testing.vault import initialise
from rapporteur.vault import services as vault
from rapporteur.vault.errors import VaultError

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "the night raid on the office of Nilufar Rahimova"  # fictional
OWN_PASSWORD = "the officer's very own password"


@pytest.fixture(autouse=True)
def _intake_store(settings, tmp_path_factory):
    settings.INTAKE_FILE_STORE = tmp_path_factory.mktemp("store")
    settings.INTAKE_RAM_DIR = tmp_path_factory.mktemp("ram")


def _shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_path(f"admin-escalation-{name}")), full_page=True)


def _context(chromium, live_server):
    return chromium.new_context(base_url=live_server.url, locale="en-GB").new_page()


def _sign_in(page, username: str, password: str) -> None:
    page.goto("/desk/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def _enrol_with_code(page, username: str, code: str, password: str) -> None:
    """Enrolment code, own password, new authenticator: the whole first sign-in."""
    _sign_in(page, username, code)
    assert page.url.endswith("/desk/login/password/")
    page.fill("#id_new_password", password)
    page.fill("#id_new_password_again", password)
    page.click("main button[type=submit]")
    assert page.url.endswith("/desk/login/enrol/")
    # The secret is sealed in the database: read the key off the page, as a person would.
    page.fill("#id_token", code_for_key(page.inner_text("code.key")))
    page.click("main button[type=submit]")


def _staff_action(admin, username: str, label: str) -> None:
    admin.goto("/desk/staff/")
    admin.locator("tr", has_text=username).locator("button", has_text=label).click()


def _inbox_text(page) -> str:
    submission = Submission.objects.get()
    texts = []
    for url in ("/desk/inbox/", f"/desk/inbox/{submission.pk}/"):
        page.goto(url)
        texts.append(html(page))
    return "\n".join(texts)


def test_the_administrator_s_escalation_never_shows_the_inbox(
    chromium, live_server, rapporteur_user, administrator
):
    initialise(rapporteur_user)
    submit(Client(), narrative=SECRET)

    admin = _context(chromium, live_server)
    _sign_in(admin, administrator.username, PASSWORD)
    admin.fill("#id_token", current_code(administrator))
    admin.click("main button[type=submit]")
    admin.goto("/desk/staff/new/")
    admin.fill("#id_username", "newofficer")
    admin.select_option("#id_role", "officer")
    admin.click("main button[type=submit]")
    first_code = admin.inner_text("#enrolment-code")
    _shot(admin, "1-code")

    # The rapporteur cannot grant before the person has chosen a password.
    member = User.objects.get(username="newofficer")
    keys = vault.unlock_desk_keys(user=rapporteur_user, passphrase=PASSWORD)
    with pytest.raises(VaultError):
        vault.grant_desk_access(acting_user=rapporteur_user, user=member, desk_keys=keys)

    # The person enrols with their own password; the rapporteur grants; they read.
    person = _context(chromium, live_server)
    _enrol_with_code(person, "newofficer", first_code, OWN_PASSWORD)
    vault.grant_desk_access(acting_user=rapporteur_user, user=member, desk_keys=keys)
    person.context.clear_cookies()
    _sign_in(person, "newofficer", OWN_PASSWORD)
    # The next step's code: the one just used at enrolment is refused as a replay.
    person.fill("#id_token", current_code(member, offset_steps=1, password=OWN_PASSWORD))
    person.click("main button[type=submit]")
    assert SECRET in _inbox_text(person)  # the control: the secret is there to be read

    # The administrator resets the factor and tries everything they know.
    _staff_action(admin, "newofficer", "Reset second factor")
    escalation = _context(chromium, live_server)
    _sign_in(escalation, "newofficer", first_code)
    assert "Wrong name or password." in html(escalation)
    _shot(escalation, "2-first-code-refused")

    # Then the password: a fresh code, a password of their choosing, an authenticator.
    _staff_action(admin, "newofficer", "Reset password")
    second_code = admin.inner_text("#enrolment-code")
    _enrol_with_code(escalation, "newofficer", second_code, "the administrator's choice")
    page_text = _inbox_text(escalation)
    _shot(escalation, "3-inbox-as-administrator")
    assert SECRET not in page_text
    assert "Nilufar" not in page_text

    # The person's old session ended with the reset.
    assert SECRET not in _inbox_text(person)

    chief = _context(chromium, live_server)
    _sign_in(chief, rapporteur_user.username, PASSWORD)
    chief.fill("#id_token", current_code(rapporteur_user))
    chief.click("main button[type=submit]")
    chief.wait_for_load_state()
    dashboard = html(chief)
    _shot(chief, "4-rapporteur-dashboard")
    assert "Awaiting a grant of the desk key: newofficer." in dashboard
    for event in ("second factor reset", "password reset", "desk key grants revoked"):
        assert f"{event}: newofficer" in dashboard
    # Every request answered before the live server goes: a request still in flight at
    # the end of the test would reach a database connection the test has closed.
    for page in (admin, person, escalation, chief):
        page.wait_for_load_state("networkidle")
        page.context.close()
