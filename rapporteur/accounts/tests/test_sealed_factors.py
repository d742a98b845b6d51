"""Second factors sealed at rest: a copy of the database reads no authenticator secret,
no recovery code and no factor key; signing in, replay refusal, password changes,
resets and the upgrade of factors kept in clear before sealing."""

from __future__ import annotations

import base64
import json
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapporteur.accounts import factors
from rapporteur.accounts.checks import no_second_factor_in_clear
from rapporteur.accounts.models import (
    RecoveryCode,
    RecoveryCodeDevice,
    SealedTOTPDevice,
    SecondFactorKey,
    User,
)
from rapporteur.accounts.permissions import Role
from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.testing.accounts import change_password
from rapporteur.testing.personas import PASSWORD, code_for_key, current_code, make_staff
from rapporteur.vault import crypto

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
ENROL = reverse("accounts:enrol")
DASHBOARD = reverse("core:dashboard")
NEW_PASSWORD = "a brand new password of mine"


# --- Reading the whole database as a thief would ------------------------------------------


def database_dump() -> bytes:
    """Every column of every row of every table, as bytes; sessions also decoded (their
    stored form is signed, compressed JSON)."""
    parts: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        parts.append(bytes(value))
                    elif value is not None:
                        parts.append(str(value).encode("utf-8"))
    parts.extend(json.dumps(s.get_decoded()).encode() for s in Session.objects.all())
    return b"\n".join(parts)


def _encoded_cores(data: bytes, encode, bits_per_char: int) -> set[bytes]:
    """The part of ``encode(data)`` that shows whatever bytes surround ``data``: one
    for each alignment of ``data`` in the encoder's blocks."""
    cores = set()
    for offset in range(8):
        encoded = encode(b"\0" * offset + data + b"\0" * 8)
        start = -(-8 * offset // bits_per_char)
        end = 8 * (offset + len(data)) // bits_per_char
        cores.add(encoded[start:end].rstrip(b"="))
    return cores


def forms_of(secret: bytes) -> set[bytes]:
    """The secret raw, and in hex, base32 and base64 (standard and URL-safe)."""
    forms = {secret, secret.hex().encode()}
    forms |= _encoded_cores(secret, base64.b32encode, 5)
    forms |= _encoded_cores(secret, base64.b64encode, 6)
    forms |= _encoded_cores(secret, base64.urlsafe_b64encode, 6)
    return forms


def leaks(dump: bytes, secrets: list[bytes]) -> list[bytes]:
    """The forms of ``secrets`` found in the dump (case-blind for the text forms)."""
    lowered = dump.lower()
    return [
        form
        for secret in secrets
        for form in forms_of(secret)
        if form in dump or (form.isascii() and form.lower() in lowered)
    ]


def code_forms(code: str) -> list[bytes]:
    return [code.encode(), factors.normalise_code(code).encode()]


def shown_codes(response) -> list[str]:
    return re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())


def password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def sign_in(client: Client, user: User, password: str = PASSWORD) -> None:
    assert password_step(client, user.username, password).url == CODE
    response = client.post(CODE, {"token": current_code(user, password=password)})
    assert response.status_code == 302 and response.url == DASHBOARD


def factor_key_of(user: User, password: str = PASSWORD) -> bytes:
    row = SecondFactorKey.objects.get(user=user)
    return crypto.unwrap_factor_key(wrapped=bytes(row.wrapped_key), password=password)


def tags() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("tag", flat=True))


# --- The database reads nothing -------------------------------------------------------------


def test_a_copy_of_the_database_holds_no_second_factor_secret(client, administrator):
    """Enrolment, recovery codes, their renewal, and a sign-in half done: at each point
    the whole database is read, and neither the authenticator's secret, nor a recovery
    code, nor the key that seals them appears in any form."""
    make_staff(Role.OFFICER, "newcomer", enrolled=False)
    password_step(client, "newcomer")
    page = client.get(ENROL).content.decode()
    manual_key = re.search(r'<code class="key">([^<]+)</code>', page).group(1)
    key = manual_key.replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    assert len(secret) == 20
    # Mid-enrolment the pending authenticator is already sealed.
    assert not leaks(database_dump(), [secret])

    response = client.post(ENROL, {"token": code_for_key(manual_key)})
    codes = shown_codes(response)
    assert len(codes) == factors.RECOVERY_CODE_COUNT
    renewed = shown_codes(client.post(reverse("accounts:renew_codes")))
    assert len(renewed) == factors.RECOVERY_CODE_COUNT and not set(renewed) & set(codes)

    member = User.objects.get(username="newcomer")
    factor_key = factor_key_of(member)
    every_secret = [secret, factor_key] + [f for c in codes + renewed for f in code_forms(c)]
    assert not leaks(database_dump(), every_secret)

    # Half signed in: the factor key is kept for the second step, sealed.
    client.post(reverse("accounts:logout"))
    password_step(client, "newcomer")
    assert client.cookies[crypto_cookie()].value
    assert not leaks(database_dump(), every_secret)

    # The scanner finds a secret that is there: the same secret kept in clear, as before.
    TOTPDevice.objects.create(user=administrator, name="old", key=secret.hex())
    assert leaks(database_dump(), [secret])


def crypto_cookie() -> str:
    from django.conf import settings

    return settings.VAULT_FACTOR_COOKIE_NAME


def test_the_factor_key_cookie_is_strict_and_gone_once_signed_in(client, officer):
    response = password_step(client, "officer")
    cookie = response.cookies[crypto_cookie()]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert client.session.get("vault_sealed_factor_key")
    response = client.post(CODE, {"token": current_code(officer)})
    assert response.cookies[crypto_cookie()].value == ""
    assert "vault_sealed_factor_key" not in client.session


def test_the_enrolment_page_shows_the_same_sealed_secret_until_confirmed(client, db):
    make_staff(Role.OFFICER, "newcomer", enrolled=False)
    password_step(client, "newcomer")
    keys = {
        re.search(r'<code class="key">([^<]+)</code>', client.get(ENROL).content.decode()).group(1)
        for _ in range(2)
    }
    assert len(keys) == 1
    assert SealedTOTPDevice.objects.filter(confirmed=False).count() == 1
    assert not TOTPDevice.objects.exists()


def test_enrolment_without_the_kept_factor_key_starts_again(client, db):
    make_staff(Role.OFFICER, "newcomer", enrolled=False)
    password_step(client, "newcomer")
    del client.cookies[crypto_cookie()]
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url == LOGIN


# --- Signing in --------------------------------------------------------------------------


def test_sign_in_with_the_sealed_authenticator(client, officer):
    assert not TOTPDevice.objects.exists()
    sign_in(client, officer)
    assert client.get(DASHBOARD).status_code == 200
    entry = AuditEntry.objects.filter(tag=AuditTag.LOGIN).last()
    assert entry.extras == {"factor": "totp"}


def test_a_code_is_refused_the_second_time_even_in_a_race(officer):
    """Two requests holding the same code and the same stale device row: one wins."""
    factor_key = factors.open_factor_key(user=officer, password=PASSWORD)
    first, second = (SealedTOTPDevice.objects.get(user=officer) for _ in range(2))
    secret = crypto.open_totp_secret(sealed=bytes(first.sealed_secret), factor_key=factor_key)
    code = f"{TOTP(secret).token():06d}"
    assert first.verify_with_secret(token=code, secret=secret)
    assert not second.verify_with_secret(token=code, secret=secret)
    assert factors.matching_device(user=officer, token=code, factor_key=factor_key) is None


def away_from_a_step_boundary() -> None:
    """So that a code made for one step is checked in that same step."""
    if time.time() % 30 > 27:
        time.sleep(3.5)


@pytest.mark.parametrize("steps", [-1, 1])
def test_a_code_one_step_off_is_accepted_as_django_otp_did(client, officer, steps):
    password_step(client, "officer")
    away_from_a_step_boundary()
    response = client.post(CODE, {"token": current_code(officer, offset_steps=steps)})
    assert response.status_code == 302
    assert SealedTOTPDevice.objects.get(user=officer).drift == steps


def test_a_code_two_steps_off_is_refused(client, officer):
    password_step(client, "officer")
    away_from_a_step_boundary()
    response = client.post(CODE, {"token": current_code(officer, offset_steps=-2)})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "typed", [lambda c: c, str.upper, lambda c: c.replace("-", ""), lambda c: c.replace("-", " ")]
)
def test_a_recovery_code_signs_in_once_however_it_is_typed(client, officer, typed):
    codes = factors.renew_recovery_codes(user=officer)
    assert all(re.fullmatch(r"([a-z2-9]{4}-){3}[a-z2-9]{4}", c) for c in codes)
    password_step(client, "officer")
    response = client.post(CODE, {"token": typed(codes[3])})
    assert response.status_code == 302 and response.url == DASHBOARD
    entry = AuditEntry.objects.get(tag=AuditTag.RECOVERY_CODE_USED)
    assert entry.extras == {"codes_left": factors.RECOVERY_CODE_COUNT - 1}
    assert factors.recovery_codes_left(user=officer) == factors.RECOVERY_CODE_COUNT - 1
    assert "<dd>9</dd>" in client.get(reverse("accounts:account")).content.decode()
    client.post(reverse("accounts:logout"))
    password_step(client, "officer")
    assert client.post(CODE, {"token": codes[3]}).status_code == 200
    assert client.post(CODE, {"token": codes[4]}).status_code == 302


def test_a_recovery_code_of_someone_else_or_a_near_miss_is_refused(client, officer, other_officer):
    mine = factors.renew_recovery_codes(user=officer)
    theirs = factors.renew_recovery_codes(user=other_officer)
    password_step(client, "officer")
    near_miss = mine[0][:-1] + ("a" if mine[0][-1] != "a" else "b")
    for wrong in (theirs[0], near_miss, mine[0][:-1]):
        assert client.post(CODE, {"token": wrong}).status_code == 200
    assert factors.recovery_codes_left(user=officer) == factors.RECOVERY_CODE_COUNT


def test_renewal_replaces_every_old_code(officer):
    old = factors.renew_recovery_codes(user=officer)
    factors.renew_recovery_codes(user=officer)
    assert RecoveryCodeDevice.objects.filter(user=officer).count() == 1
    assert factors.matching_device(user=officer, token=old[0], factor_key=None) is None


# --- Passwords and resets ------------------------------------------------------------------


def test_a_password_change_keeps_the_authenticator(client, officer):
    sign_in(client, officer)
    response = change_password(client, new=NEW_PASSWORD)
    assert response.status_code == 302
    with pytest.raises(crypto.WrongPassphrase):
        factor_key_of(officer, PASSWORD)
    client.post(reverse("accounts:logout"))
    assert password_step(client, "officer", NEW_PASSWORD).url == CODE
    # The next time step's code: the current one was used at the first sign-in.
    code = current_code(officer, offset_steps=1, password=NEW_PASSWORD)
    assert client.post(CODE, {"token": code}).status_code == 302


def test_a_password_change_is_refused_whole_when_the_factor_key_does_not_open(client_for, officer):
    client = client_for(officer)
    # As if the password had been set outside the desk: the key is wrapped under another.
    SecondFactorKey.objects.filter(user=officer).update(
        wrapped_key=crypto.wrap_factor_key(
            factor_key=crypto.new_factor_key(),
            password="something else",
            params=crypto.FAST_PARAMS_FOR_TESTS,
        )
    )
    response = change_password(client, new=NEW_PASSWORD)
    assert "reset your second factor" in response.content.decode()
    assert User.objects.get(pk=officer.pk).check_password(PASSWORD)


@pytest.mark.parametrize("reset", ["reset-password", "reset-second-factor"])
def test_an_administrator_reset_forces_a_new_enrolment(
    client, client_for, officer, administrator, reset
):
    factors.renew_recovery_codes(user=officer)
    response = client_for(administrator).post(
        reverse("accounts:staff_action", args=[officer.pk, reset])
    )
    for model in (SealedTOTPDevice, RecoveryCodeDevice, RecoveryCode, SecondFactorKey):
        assert not model.objects.filter(**_of(model, officer)).exists(), model
    password = PASSWORD
    if reset == "reset-password":
        password = re.search(r'id="enrolment-code"[^>]*>([^<]+)<', response.content.decode()).group(
            1
        )
        assert password_step(client, "officer", password).url == reverse("accounts:choose_password")
        response = client.post(
            reverse("accounts:choose_password"),
            {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
        )
        assert response.url == ENROL
        password = NEW_PASSWORD
    else:
        assert password_step(client, "officer", password).url == ENROL
    assert client.get(ENROL).status_code == 200
    assert SecondFactorKey.objects.filter(user=officer).exists()


def _of(model, user: User) -> dict:
    return {"device__user": user} if model is RecoveryCode else {"user": user}


def test_a_wrong_password_opens_no_factor_key_and_replaces_nothing(officer):
    row = SecondFactorKey.objects.get(user=officer)
    assert factors.open_factor_key(user=officer, password="not the password") is None
    assert bytes(SecondFactorKey.objects.get(user=officer).wrapped_key) == bytes(row.wrapped_key)
    assert SealedTOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    with pytest.raises(crypto.WrongPassphrase):
        factor_key_of(officer, "not the password")


def test_an_authenticator_that_cannot_be_opened_says_so_and_recovery_codes_still_work(
    client, officer
):
    codes = factors.renew_recovery_codes(user=officer)
    code = current_code(officer)
    SecondFactorKey.objects.filter(user=officer).update(
        wrapped_key=crypto.wrap_factor_key(
            factor_key=crypto.new_factor_key(),
            password=PASSWORD + " set elsewhere",
            params=crypto.FAST_PARAMS_FOR_TESTS,
        )
    )
    password_step(client, "officer")
    response = client.post(CODE, {"token": code})
    assert "cannot be checked" in response.content.decode()
    assert AuditTag.OTP_FAILED not in tags()
    assert client.post(CODE, {"token": codes[0]}).status_code == 302


def test_an_enrolment_left_under_a_lost_key_starts_again(client, db):
    member = make_staff(Role.OFFICER, "newcomer", enrolled=False)
    lost_key = crypto.new_factor_key()
    SecondFactorKey.objects.create(
        user=member,
        wrapped_key=crypto.wrap_factor_key(
            factor_key=lost_key, password="elsewhere", params=crypto.FAST_PARAMS_FOR_TESTS
        ),
    )
    SealedTOTPDevice.objects.create(
        user=member,
        confirmed=False,
        sealed_secret=crypto.seal_totp_secret(secret=crypto.new_totp_secret(), factor_key=lost_key),
    )
    assert password_step(client, "newcomer").url == ENROL
    page = client.get(ENROL).content.decode()
    manual_key = re.search(r'<code class="key">([^<]+)</code>', page).group(1)
    assert client.post(ENROL, {"token": code_for_key(manual_key)}).status_code == 200
    assert SealedTOTPDevice.objects.get(user=member).confirmed


# --- Factors kept in clear before sealing ----------------------------------------------------


def _legacy_member(secret: bytes) -> tuple[User, list[str]]:
    member = make_staff(Role.OFFICER, "veteran", enrolled=False)
    TOTPDevice.objects.create(user=member, name="authenticator", key=secret.hex())
    static = StaticDevice.objects.create(user=member, name="recovery codes")
    codes = [StaticToken.random_token() for _ in range(3)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return member, codes


def test_a_clear_authenticator_is_sealed_at_the_next_sign_in(client, db):
    secret = crypto.new_totp_secret()
    member, codes = _legacy_member(secret)
    legacy = TOTPDevice.objects.get(user=member)
    # A code used before the upgrade stays used after it.
    used = f"{TOTP(secret).token():06d}"
    assert legacy.verify_token(used)
    assert (
        no_second_factor_in_clear(app_configs=None, databases=["default"])[0].id == "accounts.W001"
    )
    assert no_second_factor_in_clear(app_configs=None, databases=None) == []
    assert leaks(database_dump(), [secret])

    assert password_step(client, "veteran").url == CODE
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    assert not StaticDevice.objects.exists()
    sealed = SealedTOTPDevice.objects.get(user=member)
    assert sealed.confirmed and sealed.last_t == legacy.last_t
    assert not leaks(database_dump(), [secret, *(c.encode() for c in codes)])
    assert no_second_factor_in_clear(app_configs=None, databases=["default"]) == []
    entry = AuditEntry.objects.get(tag=AuditTag.OTP_SEALED)
    assert entry.extras == {"authenticators": 1, "recovery_codes": 3}

    assert client.post(CODE, {"token": used}).status_code == 200  # replay
    next_code = TOTP(secret)
    next_code.time += 30
    assert client.post(CODE, {"token": f"{next_code.token():06d}"}).status_code == 302
    # The old recovery codes still work, once, typed in capitals as django-otp allowed.
    client.post(reverse("accounts:logout"))
    password_step(client, "veteran")
    assert client.post(CODE, {"token": codes[1].upper()}).status_code == 302
    assert factors.recovery_codes_left(user=member) == 2


def test_a_clear_enrolment_left_unfinished_is_started_again_sealed(client, db):
    member = make_staff(Role.OFFICER, "veteran", enrolled=False)
    TOTPDevice.objects.create(user=member, name="authenticator", confirmed=False)
    assert password_step(client, "veteran").url == ENROL
    assert not TOTPDevice.objects.exists()
    assert client.get(ENROL).status_code == 200
    assert SealedTOTPDevice.objects.filter(user=member, confirmed=False).count() == 1


def test_a_wrong_password_seals_nothing(client, db):
    secret = crypto.new_totp_secret()
    _legacy_member(secret)
    password_step(client, "veteran", "wrong password")
    assert TOTPDevice.objects.count() == 1 and StaticToken.objects.count() == 3
    assert not SecondFactorKey.objects.exists()
