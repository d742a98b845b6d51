"""Issue 11, item 2: an administrator must never come to read content.

The escalation: the administrator creates an account (or resets one), the
rapporteur grants it the desk key, the administrator resets its second factor or
password and signs in as it. Each link of that chain is broken here: the initial
credential is a one-time enrolment code the person must replace; no grant goes to
an account still on its code; a reset revokes every grant of the account.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapporteur.accounts import services as accounts
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.personas import PASSWORD
from rapporteur.testing.vault import initialise
from rapporteur.vault import services as vault
from rapporteur.vault.errors import VaultError
from rapporteur.vault.models import DeskKeyGrant, StaffKey

pytestmark = pytest.mark.django_db

OWN_PASSWORD = "a password only the officer knows"
ADMIN_CHOICE = "the administrator's own choice"


def _tags_for(user: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(user.pk))
        .order_by("seq")
        .values_list("tag", flat=True)
    )


def _rapporteur_keys(rapporteur_user: User) -> dict[int, bytes]:
    return vault.unlock_desk_keys(user=rapporteur_user, passphrase=PASSWORD)


def _enrolled_and_granted(administrator: User, rapporteur_user: User) -> tuple[User, str]:
    member, code = accounts.enrol_staff(
        acting_user=administrator, username="newofficer", role=Role.OFFICER
    )
    accounts.replace_enrolment_code(user=member, new_password=OWN_PASSWORD)
    vault.grant_desk_access(
        acting_user=rapporteur_user, user=member, desk_keys=_rapporteur_keys(rapporteur_user)
    )
    assert vault.unlock_desk_keys(user=member, passphrase=OWN_PASSWORD)
    return member, code


def test_a_new_account_gets_a_one_time_code_stored_only_as_a_hash(administrator):
    member, code = accounts.enrol_staff(
        acting_user=administrator, username="newofficer", role=Role.OFFICER
    )
    member.refresh_from_db()
    assert member.must_change_password
    assert member.enrolment_expires_at > timezone.now() + timedelta(hours=71)
    assert code not in member.password and member.check_password(code)
    assert not StaffKey.objects.filter(user=member).exists()
    # An enrolment code never becomes a passphrase: signing in with it makes no key.
    assert vault.unlock_desk_keys(user=member, passphrase=code) == {}
    assert not StaffKey.objects.filter(user=member).exists()
    _other, other_code = accounts.enrol_staff(
        acting_user=administrator, username="other", role=Role.OFFICER
    )
    assert other_code != code and len(code.replace("-", "")) == 20


@pytest.mark.parametrize("role", [Role.OFFICER, Role.RAPPORTEUR])
def test_no_grant_to_an_account_still_on_its_enrolment_code(administrator, rapporteur_user, role):
    initialise(rapporteur_user)
    member, _code = accounts.enrol_staff(acting_user=administrator, username="new", role=role)
    with pytest.raises(VaultError, match="enrolment code"):
        vault.grant_desk_access(
            acting_user=rapporteur_user, user=member, desk_keys=_rapporteur_keys(rapporteur_user)
        )
    assert not DeskKeyGrant.objects.filter(user=member).exists()
    assert AuditTag.VAULT_GRANT_REFUSED in _tags_for(member)
    # Nor through the recovery shares.
    with pytest.raises(VaultError, match="enrolment code"):
        vault.recover_access(mnemonics=[], user=member, acting_user=rapporteur_user)


def test_choosing_a_password_makes_the_staff_key_from_it(administrator, rapporteur_user):
    initialise(rapporteur_user)
    member, code = accounts.enrol_staff(
        acting_user=administrator, username="newofficer", role=Role.OFFICER
    )
    accounts.replace_enrolment_code(user=member, new_password=OWN_PASSWORD)
    member.refresh_from_db()
    assert not member.must_change_password and not member.check_password(code)
    vault.grant_desk_access(
        acting_user=rapporteur_user, user=member, desk_keys=_rapporteur_keys(rapporteur_user)
    )
    assert vault.unlock_desk_keys(user=member, passphrase=OWN_PASSWORD)
    assert AuditTag.ENROLMENT_CODE_REPLACED in _tags_for(member)


def _reset_second_factor(administrator: User, member: User) -> list[str]:
    accounts.reset_second_factor(acting_user=administrator, user=member)
    return []


def _reset_password(administrator: User, member: User) -> list[str]:
    return [accounts.reset_password(acting_user=administrator, user=member)]


@pytest.mark.parametrize("reset", [_reset_second_factor, _reset_password])
def test_the_escalation_chain_ends_with_nothing_to_read(administrator, rapporteur_user, reset):
    """Everything the administrator knows: the first enrolment code, any new code a
    reset gave them, and a password they choose with it. None opens a grant."""
    initialise(rapporteur_user)
    member, first_code = _enrolled_and_granted(administrator, rapporteur_user)
    new_codes = reset(administrator, member)
    member.refresh_from_db()

    assert not DeskKeyGrant.objects.filter(user=member).exists()
    tags = _tags_for(member)
    assert AuditTag.VAULT_GRANTS_DROPPED in tags
    assert (AuditTag.PASSWORD_RESET if new_codes else AuditTag.SECOND_FACTOR_RESET) in tags

    # The first code no longer signs in.
    with pytest.raises(accounts.LoginRefused):
        accounts.check_password_step(
            request=_request(), username=member.username, password=first_code
        )
    for code in new_codes:
        # A fresh code signs in, but only to choose a password; the key made from
        # that password holds no grant.
        step = accounts.check_password_step(
            request=_request(), username=member.username, password=code
        )
        assert step.needs_own_password
        assert vault.unlock_desk_keys(user=member, passphrase=code) == {}
        accounts.replace_enrolment_code(user=member, new_password=ADMIN_CHOICE)
        assert vault.unlock_desk_keys(user=member, passphrase=ADMIN_CHOICE) == {}
    if not new_codes:
        # Even the person's own password opens nothing until the rapporteur grants again.
        assert vault.unlock_desk_keys(user=member, passphrase=OWN_PASSWORD) == {}


def _request():
    from django.test import RequestFactory

    request = RequestFactory().post("/desk/login/")
    request.session = Client().session
    return request


def test_signing_in_with_a_code_asks_for_a_password_before_anything(administrator):
    member, code = accounts.enrol_staff(
        acting_user=administrator, username="newofficer", role=Role.OFFICER
    )
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "newofficer", "password": code})
    assert response.url == reverse("accounts:choose_password")
    for name in ("accounts:second_factor", "accounts:enrol"):
        assert client.get(reverse(name)).url == reverse("accounts:choose_password")
    response = client.post(
        reverse("accounts:choose_password"),
        {"new_password": code, "new_password_again": code},
    )
    assert response.status_code == 200 and b"not the code" in response.content
    response = client.post(
        reverse("accounts:choose_password"),
        {"new_password": OWN_PASSWORD, "new_password_again": OWN_PASSWORD},
    )
    assert response.url == reverse("accounts:enrol")
    assert StaffKey.objects.filter(user=member).exists()


def test_an_expired_code_is_refused(administrator):
    member, code = accounts.enrol_staff(
        acting_user=administrator, username="newofficer", role=Role.OFFICER
    )
    User.objects.filter(pk=member.pk).update(enrolment_expires_at=timezone.now())
    response = Client().post(
        reverse("accounts:login"), {"username": "newofficer", "password": code}
    )
    assert response.status_code == 200 and b"expired" in response.content


def test_the_rapporteur_dashboard_shows_resets_and_who_awaits_a_grant(
    administrator, rapporteur_user, client_for
):
    initialise(rapporteur_user)
    member, _code = _enrolled_and_granted(administrator, rapporteur_user)
    accounts.reset_second_factor(acting_user=administrator, user=member)
    page = client_for(rapporteur_user).get(reverse("core:dashboard")).content.decode()
    assert "Desk key access" in page
    assert "Awaiting a grant of the desk key: newofficer." in page
    assert "second factor reset: newofficer" in page
    assert "desk key grants revoked: newofficer" in page
    # The administrator's own dashboard has no such panel (it is the rapporteur's).
    assert (
        "Desk key access"
        not in client_for(administrator).get(reverse("core:dashboard")).content.decode()
    )
