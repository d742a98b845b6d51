"""One's own account: signing out, and changing the password (which also rewraps
the staff key and the key to the second factors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.accounts.factors import RECOVERY_CODE_COUNT
from rapporteur.accounts.models import User
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.accounts import change_password
from rapporteur.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")
DASHBOARD = reverse("core:dashboard")
NEW_PASSWORD = "a long new password of mine"


def tags() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("tag", flat=True))


def test_signing_out_ends_the_session_forgets_the_keys_and_is_logged_once(
    client_for, officer, settings
):
    client = client_for(officer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    # The cookie halves of the sealed keys are deleted with the response.
    assert response.cookies[settings.VAULT_COOKIE_NAME].value == ""
    assert response.cookies[settings.VAULT_FACTOR_COOKIE_NAME].value == ""
    assert client.get(DASHBOARD).status_code == 302
    assert tags() == [AuditTag.LOGOUT]
    entry = AuditEntry.objects.get()
    assert entry.actor_id == officer.pk and entry.extras == {}


@pytest.mark.parametrize(
    "fields, error",
    [
        (
            {"old_password": "not mine", "new_password": NEW_PASSWORD},
            "This is not your current password.",
        ),
        ({"new_password": "short"}, "This password is too short."),
        ({"new_password": "password1234"}, "This password is too common."),
        ({"new_password": "31415926535897"}, "This password is entirely numeric."),
        ({"new_password_again": "another long password"}, "The two new passwords differ."),
    ],
)
def test_a_password_change_is_refused(client_for, officer, fields, error):
    data = {"old_password": PASSWORD, "new_password": NEW_PASSWORD, **fields}
    data.setdefault("new_password_again", data["new_password"])
    response = client_for(officer).post(CHANGE, data)
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert User.objects.get(pk=officer.pk).check_password(PASSWORD)
    assert AuditTag.PASSWORD_CHANGED not in tags()


def test_a_password_change_keeps_this_session_ends_the_others_and_is_logged_once(
    client_for, officer
):
    here, elsewhere = client_for(officer), client_for(officer)
    response = change_password(here, new=NEW_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("accounts:account")
    assert User.objects.get(pk=officer.pk).check_password(NEW_PASSWORD)
    assert here.get(DASHBOARD).status_code == 200
    assert elsewhere.get(DASHBOARD).status_code == 302
    assert tags() == [AuditTag.PASSWORD_CHANGED]
    written = str(AuditEntry.objects.get().extras)
    assert PASSWORD not in written and NEW_PASSWORD not in written


def test_the_account_page_counts_the_recovery_codes_left(client_for, officer):
    from rapporteur.accounts.factors import renew_recovery_codes

    client = client_for(officer)
    renew_recovery_codes(user=officer)
    page = client.get(reverse("accounts:account"))
    assert page.context["codes_left"] == RECOVERY_CODE_COUNT
    response = client.post(reverse("accounts:renew_codes"))
    assert response.status_code == 200
    assert len(response.context["codes"]) == RECOVERY_CODE_COUNT
    assert tags().count(AuditTag.RECOVERY_CODES_RENEWED) == 2
