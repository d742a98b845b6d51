"""Key custody on the Django side: sign-in unlock, grant, revoke and rotation,
password change, recovery from shares, and who may never hold the desk key."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.accounts import change_password
from rapporteur.testing.personas import PASSWORD
from rapporteur.testing.vault import initialise, sign_in_unlocked
from rapporteur.vault import crypto, recovery, services, session
from rapporteur.vault.errors import VaultError
from rapporteur.vault.models import DeskKey, DeskKeyGrant, StaffKey
from rapporteur.vault.selectors import current_desk_key

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a different long passphrase"


def _opens(keys: dict[int, bytes], envelope: bytes) -> bool:
    for key in keys.values():
        try:
            crypto.open_text(envelope=envelope, private_key=key)
        except crypto.DecryptionError:
            continue
        return True
    return False


def _sealed_now(text: str = "hello") -> bytes:
    return crypto.seal_text(
        plaintext=text, recipient_public_keys=[bytes(current_desk_key().public_key)]
    )


def test_ceremony_wraps_to_keyholders_and_stores_no_private_key(rapporteur_user, officer):
    new = initialise(rapporteur_user, officer)
    assert len(new.shares) == 3
    key = DeskKey.objects.get()
    assert bytes(key.public_key) == crypto.public_key_from_private(private_key=new.private_key)
    assert DeskKeyGrant.objects.count() == 2
    for staff_key in StaffKey.objects.all():
        assert new.private_key not in bytes(staff_key.wrapped_private_key)
    assert AuditEntry.objects.filter(tag=AuditTag.VAULT_INITIALISED).count() == 1
    with pytest.raises(VaultError, match="only once"):
        initialise(rapporteur_user)


def test_analysts_and_administrators_never_get_the_desk_key(
    rapporteur_user, analyst, administrator
):
    for user in (analyst, administrator):
        with pytest.raises(VaultError, match="only the rapporteur and officers"):
            initialise(user)
    initialise(rapporteur_user)
    services.ensure_staff_key(user=analyst, passphrase=PASSWORD)
    keys = services.unlock_desk_keys(user=rapporteur_user, passphrase=PASSWORD)
    with pytest.raises(VaultError):
        services.grant_desk_access(acting_user=rapporteur_user, user=analyst, desk_keys=keys)
    client = sign_in_unlocked(analyst)
    assert session.STAFF_SESSION_FIELD not in client.session


def test_sign_in_unlocks_into_session_and_cookie_only(rapporteur_user, officer):
    new = initialise(rapporteur_user)
    client = sign_in_unlocked(rapporteur_user)
    sealed = client.session[session.STAFF_SESSION_FIELD]
    cookie = client.cookies[settings.VAULT_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert new.private_key.hex() not in sealed and new.private_key.hex() not in cookie.value
    # A colleague who signed in once can be given access from this session.
    sign_in_unlocked(officer)
    response = client.post(reverse("vault:grant", args=[officer.pk]))
    assert response.status_code == 302
    officer_keys = services.unlock_desk_keys(user=officer, passphrase=PASSWORD)
    assert officer_keys == {1: new.private_key}


def test_missing_cookie_gives_the_unlock_page(rapporteur_user, officer):
    initialise(rapporteur_user)
    sign_in_unlocked(officer)
    client = sign_in_unlocked(rapporteur_user)
    del client.cookies[settings.VAULT_COOKIE_NAME]
    response = client.post(reverse("vault:grant", args=[officer.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("vault:unlock")
    assert "Unlock required: sign in again" in response.content.decode()
    assert not DeskKeyGrant.objects.filter(user=officer).exists()


def test_logout_clears_session_and_cookie(rapporteur_user):
    initialise(rapporteur_user)
    client = sign_in_unlocked(rapporteur_user)
    response = client.post(reverse("accounts:logout"))
    assert response.cookies[settings.VAULT_COOKIE_NAME].value == ""
    assert session.STAFF_SESSION_FIELD not in client.session


def test_revoke_rotates_and_new_material_is_closed_to_the_revoked(
    rapporteur_user, officer, other_officer
):
    initialise(rapporteur_user, officer, other_officer)
    revoked_keys = services.unlock_desk_keys(user=officer, passphrase=PASSWORD)
    before = _sealed_now("sealed before revocation")
    new = services.revoke_staff(acting_user=rapporteur_user, user=officer)
    assert new.version == 2 and len(new.shares) == 3
    after = _sealed_now("sealed after revocation")
    assert current_desk_key().version == 2
    # What they held still opens what was sealed before: documented, unavoidable.
    assert _opens(revoked_keys, before)
    assert not _opens(revoked_keys, after)
    assert services.unlock_desk_keys(user=officer, passphrase=PASSWORD) == {}
    for holder in (rapporteur_user, other_officer):
        keys = services.unlock_desk_keys(user=holder, passphrase=PASSWORD)
        assert set(keys) == {1, 2} and _opens(keys, before) and _opens(keys, after)
    tags = set(AuditEntry.objects.values_list("tag", flat=True))
    assert {AuditTag.VAULT_ACCESS_REVOKED, AuditTag.VAULT_DESK_KEY_ROTATED} <= tags


def test_revoking_the_last_holder_is_refused(rapporteur_user):
    initialise(rapporteur_user)
    with pytest.raises(VaultError, match="no one holding"):
        services.revoke_staff(acting_user=None, user=rapporteur_user)
    assert DeskKey.objects.count() == 1


def test_refusals_are_shown_in_the_reader_s_language(rapporteur_user, officer):
    initialise(rapporteur_user)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    client = sign_in_unlocked(rapporteur_user)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    response = client.post(reverse("vault:grant", args=[officer.pk]), follow=True)
    assert f"Учётная запись {officer.username} отключена." in response.content.decode()
    client.post(reverse("set_language"), {"language": "tg", "next": "/"})
    response = client.post(reverse("vault:revoke", args=[rapporteur_user.pk]), follow=True)
    assert "калиди дафтар дар дасти ҳеҷ кас намемонад" in response.content.decode()
    assert not DeskKeyGrant.objects.filter(user=officer).exists()
    assert DeskKey.objects.count() == 1


def test_revoke_view_shows_new_shares_and_keeps_actor_unlocked(rapporteur_user, officer):
    initialise(rapporteur_user, officer)
    client = sign_in_unlocked(rapporteur_user)
    response = client.post(reverse("vault:revoke", args=[officer.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<code>") == 3
    assert set(session.desk_private_keys_for(response.wsgi_request)) == {1, 2}


def test_password_change_rewraps_without_touching_content(client, rapporteur_user):
    new = initialise(rapporteur_user)
    envelope = _sealed_now()
    client = sign_in_unlocked(rapporteur_user)
    response = change_password(client, new=NEW_PASSWORD)
    assert response.status_code == 302
    keys = services.unlock_desk_keys(user=rapporteur_user, passphrase=NEW_PASSWORD)
    assert keys == {1: new.private_key} and _opens(keys, envelope)
    wrapped = bytes(StaffKey.objects.get(user=rapporteur_user).wrapped_private_key)
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unwrap_private_key_with_passphrase(wrapped=wrapped, passphrase=PASSWORD)
    assert AuditEntry.objects.filter(tag=AuditTag.PASSWORD_CHANGED).exists()


def test_wrong_current_password_changes_nothing(rapporteur_user):
    initialise(rapporteur_user)
    before = bytes(StaffKey.objects.get(user=rapporteur_user).wrapped_private_key)
    client = sign_in_unlocked(rapporteur_user)
    response = change_password(client, old="wrong", new=NEW_PASSWORD)
    assert "This is not your current password." in response.content.decode()
    assert bytes(StaffKey.objects.get(user=rapporteur_user).wrapped_private_key) == before


def test_forgotten_password_then_recovery_from_shares(rapporteur_user, officer):
    new = initialise(rapporteur_user, officer)
    envelope = _sealed_now()
    # An administrator sets a new password: the old staff key no longer opens.
    officer.set_password(NEW_PASSWORD)
    officer.save()
    assert services.unlock_desk_keys(user=officer, passphrase=NEW_PASSWORD) == {}
    assert AuditEntry.objects.filter(tag=AuditTag.VAULT_STAFF_KEY_REPLACED).exists()
    version = services.recover_access(mnemonics=new.shares[1:], user=officer)
    assert version == 1
    keys = services.unlock_desk_keys(user=officer, passphrase=NEW_PASSWORD)
    assert _opens(keys, envelope)


def test_wrong_or_too_few_shares_give_clear_errors(rapporteur_user, officer):
    new = initialise(rapporteur_user)
    services.ensure_staff_key(user=officer, passphrase=PASSWORD)
    with pytest.raises(recovery.RecoveryError, match="Not enough shares"):
        services.recover_access(mnemonics=new.shares[:1], user=officer)
    words = new.shares[0].split()
    words[5] = "academic" if words[5] != "academic" else "acid"
    with pytest.raises(recovery.RecoveryError, match="Share 1 is damaged"):
        services.recover_access(mnemonics=[" ".join(words), new.shares[1]], user=officer)
    other = recovery.split_desk_key(
        desk_private_key=crypto.generate_desk_keypair().private_key, threshold=2, shares=2
    )
    with pytest.raises(VaultError, match="not one of this desk's keys"):
        services.recover_access(mnemonics=other, user=officer)
    assert not DeskKeyGrant.objects.filter(user=officer).exists()


def test_cli_ceremony_status_and_recover(monkeypatch, rapporteur_user, officer):
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    out = io.StringIO()
    call_command("vault", "init", "--keyholder", "rapporteur", stdout=out)
    shares = [line for line in out.getvalue().splitlines() if len(line.split()) >= 20]
    assert len(shares) == 3
    services.ensure_staff_key(user=officer, passphrase=PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(shares[:2]) + "\n\n"))
    call_command("vault", "recover", "--to", "officer", stdout=out)
    assert "officer now holds desk key generation 1" in out.getvalue()
    status = io.StringIO()
    call_command("vault", "status", stdout=status)
    assert "generation 1 (current): officer, rapporteur" in status.getvalue()
    monkeypatch.setattr("getpass.getpass", lambda prompt: "wrong")
    with pytest.raises(CommandError, match=r"only once|Wrong password"):
        call_command("vault", "init", "--keyholder", "officer")


def test_vault_pages_follow_the_role_matrix(client_for, personas):
    for name, user in personas.items():
        status = client_for(user).get(reverse("vault:access")).status_code
        assert status == (200 if name == "rapporteur" else 403), name


def test_the_access_page_lists_content_roles_with_what_they_hold(
    client_for, rapporteur_user, officer, other_officer, analyst
):
    initialise(rapporteur_user, officer)
    StaffKey.objects.filter(user=other_officer).delete()
    rows = client_for(rapporteur_user).get(reverse("vault:access")).context["rows"]
    listed = {row["user"].username: (row["holds"], row["has_staff_key"]) for row in rows}
    assert listed == {
        "officer": (True, True),
        "officer2": (False, False),
        "rapporteur": (True, True),
    }


def test_a_grant_refused_says_why_and_is_audited(rapporteur_user, officer):
    initialise(rapporteur_user)
    StaffKey.objects.filter(user=officer).delete()
    client = sign_in_unlocked(rapporteur_user)
    response = client.post(reverse("vault:grant", args=[officer.pk]), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"{officer.username} has not yet signed in with their enrolment code and chosen their "
        "own password: the desk key can be granted only after that."
    ]
    assert AuditEntry.objects.filter(tag=AuditTag.VAULT_GRANT_REFUSED).count() == 1
    assert not DeskKeyGrant.objects.filter(user=officer).exists()


def test_a_grant_is_shown_done_and_audited_once(rapporteur_user, officer):
    initialise(rapporteur_user)
    services.ensure_staff_key(user=officer, passphrase=PASSWORD)
    client = sign_in_unlocked(rapporteur_user)
    response = client.post(reverse("vault:grant", args=[officer.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"{officer.username} can now read the desk's files."
    ]
    assert AuditEntry.objects.filter(tag=AuditTag.VAULT_ACCESS_GRANTED).count() == 1
    assert services.unlock_desk_keys(user=officer, passphrase=PASSWORD).keys() == {1}


def test_a_grant_or_revoke_of_no_one_is_404(rapporteur_user):
    initialise(rapporteur_user)
    client = sign_in_unlocked(rapporteur_user)
    assert client.post(reverse("vault:grant", args=[99999])).status_code == 404
    assert client.post(reverse("vault:revoke", args=[99999])).status_code == 404


def test_a_revoke_before_the_ceremony_says_so(client_for, rapporteur_user, officer):
    response = client_for(rapporteur_user).post(
        reverse("vault:revoke", args=[officer.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The desk key has not been created yet."
    ]
