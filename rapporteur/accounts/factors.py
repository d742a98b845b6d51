"""Second factors, sealed at rest: the authenticator app (TOTP) and recovery codes.

A copy of the database (a seized disk, an administrator's query) reads neither:

- each member has a random *factor key*, wrapped under their password with
  Argon2id (``SecondFactorKey``, ``vault.crypto.wrap_factor_key``);
- an authenticator's TOTP secret is sealed with that key (``SealedTOTPDevice``);
- recovery codes are kept as Argon2id digests only (``RecoveryCodeDevice``).

The factor key is opened at the password step with the password just checked
(``open_factor_key``) and kept for the second step the way unlocked desk keys are
(``vault.session.keep_factor_key``); the second step opens the authenticator's
secret with it (``matching_device``), and it is dropped once signed in.

Authenticators and recovery codes made before sealing (django-otp's TOTPDevice and
StaticToken, in clear) cannot be sealed by a migration, which knows no password:
they are sealed at the member's next correct password, and a system check
(``accounts.W001``) warns while any is left.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapporteur.accounts.models import (
    Passkey,
    RecoveryCode,
    RecoveryCodeDevice,
    SealedTOTPDevice,
    SecondFactorKey,
    User,
)
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.vault import crypto
from rapporteur.vault.selectors import argon2_params

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_CODES_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10
# 16 letters of a 31-letter alphabet: about 79 bits a code. A copy of the database
# tests a guess at one Argon2id run, against all ten codes of a set at once; at
# 79 bits that search stays out of reach (8 base32 letters, django-otp's 40 bits,
# would not).
RECOVERY_CODE_LENGTH = 16
# No look-alike letters or digits: codes are read out or copied by hand.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise_code(token: str) -> str:
    """What the member types may vary: case, spaces and dashes between groups."""
    return "".join(ch for ch in token.lower() if ch.isalnum())


def looks_like_totp(token: str) -> bool:
    """Six (or eight) digits: a code from an authenticator, never a recovery code."""
    return token.isdigit() and len(token) in (6, 8)


# --- The factor key ---------------------------------------------------------------------


def open_factor_key(*, user: User, password: str) -> bytes | None:
    """The password step's hook: the member's factor key, opened with the password just
    checked (one Argon2id run), made at first use. Their authenticator and recovery
    codes still in clear are sealed now.

    None when the stored key does not open with this password, which happens only
    when the password was set outside the desk (a command line, the database): their
    authenticator cannot be checked any more, and an administrator must reset it.
    Argon2id runs outside any transaction: on SQLite a transaction holds the write lock.
    """
    row = SecondFactorKey.objects.filter(user=user).first()
    factor_key = None
    if row is not None:
        try:
            factor_key = crypto.unwrap_factor_key(wrapped=bytes(row.wrapped_key), password=password)
        except crypto.WrongPassphrase:
            if has_sealed_authenticator(user):
                return None
            # No confirmed authenticator is sealed with the lost key: a new key loses
            # nothing (an enrolment left half done starts again).
    if factor_key is None:
        factor_key = crypto.new_factor_key()
        wrapped = crypto.wrap_factor_key(
            factor_key=factor_key, password=password, params=argon2_params()
        )
        with transaction.atomic():
            SecondFactorKey.objects.update_or_create(user=user, defaults={"wrapped_key": wrapped})
    _seal_clear_factors(user=user, factor_key=factor_key)
    return factor_key


def rewrap_factor_key(*, user: User, old_password: str, new_password: str) -> None:
    """Wrap the factor key under a new password; call inside the password change's
    transaction. The sealed secrets stay as they are. Raises crypto.WrongPassphrase
    when the old password does not open the key."""
    row = SecondFactorKey.objects.select_for_update().filter(user=user).first()
    if row is None:
        return
    row.wrapped_key = crypto.rewrap_factor_key(
        wrapped=bytes(row.wrapped_key),
        old_password=old_password,
        new_password=new_password,
        params=argon2_params(),
    )
    row.save(update_fields=["wrapped_key", "updated_at"])


def drop_second_factors(*, user: User) -> None:
    """Every second factor of the member and the key to them (for a reset; the caller
    holds the transaction and writes the audit entry)."""
    SealedTOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    SecondFactorKey.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    Passkey.objects.filter(user=user).delete()


def _seal_clear_factors(*, user: User, factor_key: bytes) -> None:
    """Seal an authenticator made before sealing and hash clear recovery codes, then
    delete the clear rows. Replay protection and drift carry over."""
    clear_codes = [
        normalise_code(c)
        for c in StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("pk")
        .values_list("token", flat=True)
    ]
    if not clear_codes and not TOTPDevice.objects.filter(user=user).exists():
        return
    hashed = _hash_recovery_codes(clear_codes) if clear_codes else None
    sealed = 0
    with transaction.atomic():
        for legacy in TOTPDevice.objects.select_for_update().filter(user=user):
            if legacy.confirmed:  # an unfinished enrolment is simply started again
                SealedTOTPDevice.objects.create(
                    user=user,
                    name=legacy.name,
                    confirmed=True,
                    sealed_secret=crypto.seal_totp_secret(
                        secret=legacy.bin_key, factor_key=factor_key
                    ),
                    step=legacy.step,
                    t0=legacy.t0,
                    digits=legacy.digits,
                    tolerance=legacy.tolerance,
                    drift=legacy.drift,
                    last_t=legacy.last_t,
                )
                sealed += 1
            legacy.delete()
        if hashed is not None:
            _replace_recovery_codes(user=user, hashed=hashed)
        StaticDevice.objects.filter(user=user).delete()
        record(
            tag=AuditTag.OTP_SEALED,
            actor=None,
            target=user,
            extras={"authenticators": sealed, "recovery_codes": len(clear_codes)},
        )


# --- The authenticator app --------------------------------------------------------------


def has_authenticator(user: User) -> bool:
    """A confirmed authenticator, sealed or (until the next sign-in) still in clear."""
    return (
        SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def has_sealed_authenticator(user: User) -> bool:
    return SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(*, user: User, factor_key: bytes) -> tuple[SealedTOTPDevice, bytes]:
    """The unconfirmed authenticator an enrolling member is shown, made once and reused,
    with its opened secret (for the QR code). Its secret is sealed from the start."""
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is not None:
        try:
            return device, crypto.open_totp_secret(
                sealed=bytes(device.sealed_secret), factor_key=factor_key
            )
        except crypto.DecryptionError:
            device.delete()  # sealed under a key since replaced: start again
    secret = crypto.new_totp_secret()
    device = SealedTOTPDevice.objects.create(
        user=user,
        name=AUTHENTICATOR_NAME,
        confirmed=False,
        sealed_secret=crypto.seal_totp_secret(secret=secret, factor_key=factor_key),
    )
    return device, secret


def confirm_authenticator(*, user: User, token: str, factor_key: bytes) -> SealedTOTPDevice | None:
    """Confirm the pending authenticator with a first code; None if the code is wrong."""
    device, secret = pending_authenticator(user=user, factor_key=factor_key)
    if not device.verify_with_secret(token=normalise_code(token), secret=secret):
        record(tag=AuditTag.OTP_FAILED, target=user, extras={"during": "enrolment"})
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(tag=AuditTag.OTP_ENROLLED, actor=None, target=user)
    return device


def provision_authenticator(
    *, user: User, password: str, secret: bytes, name: str = AUTHENTICATOR_NAME
) -> SealedTOTPDevice:
    """A confirmed authenticator with a known secret, for demo accounts and test
    personas only (like ``services.create_staff``); staff enrol through the sign-in."""
    factor_key = open_factor_key(user=user, password=password)
    if factor_key is None:
        raise crypto.WrongPassphrase("the password does not open this member's factor key")
    return SealedTOTPDevice.objects.create(
        user=user,
        name=name,
        confirmed=True,
        sealed_secret=crypto.seal_totp_secret(secret=secret, factor_key=factor_key),
    )


def open_authenticator(
    *, user: User, password: str, name: str | None = None
) -> tuple[SealedTOTPDevice, bytes]:
    """A member's confirmed authenticator and its secret, opened with their password:
    for ``democode`` and test personas, which know the password. Raises
    SealedTOTPDevice.DoesNotExist, or crypto.WrongPassphrase."""
    devices = SealedTOTPDevice.objects.filter(user=user, confirmed=True)
    device = devices.get(name=name) if name else devices.order_by("pk").first()
    if device is None:
        raise SealedTOTPDevice.DoesNotExist
    row = SecondFactorKey.objects.get(user=user)
    factor_key = crypto.unwrap_factor_key(wrapped=bytes(row.wrapped_key), password=password)
    return device, crypto.open_totp_secret(
        sealed=bytes(device.sealed_secret), factor_key=factor_key
    )


# --- The second step: any of the member's devices ----------------------------------------


def matching_device(*, user: User, token: str, factor_key: bytes | None) -> Device | None:
    """The device a code belongs to, its use recorded (time step, deleted recovery
    code), or None. Authenticators need the factor key kept from the password step;
    recovery codes need nothing (their digests are compared). Every way in to the
    second step goes through here."""
    code = normalise_code(token)
    if factor_key is not None and code.isdigit():
        for device in SealedTOTPDevice.objects.filter(user=user, confirmed=True):
            try:
                secret = crypto.open_totp_secret(
                    sealed=bytes(device.sealed_secret), factor_key=factor_key
                )
            except crypto.DecryptionError:
                continue
            if device.verify_with_secret(token=code, secret=secret):
                return device
    if code and not looks_like_totp(code):
        for codes in RecoveryCodeDevice.objects.filter(user=user, confirmed=True):
            digest = crypto.recovery_code_digest(code=code, salt=bytes(codes.salt))
            with transaction.atomic():
                if codes.use_digest(digest):
                    record(
                        tag=AuditTag.RECOVERY_CODE_USED,
                        actor=None,
                        target=user,
                        extras={"codes_left": codes.codes.count()},
                    )
                    return codes
    return None


# --- Recovery codes ---------------------------------------------------------------------


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4))


def _hash_recovery_codes(codes: list[str]) -> tuple[bytes, list[bytes]]:
    """A new salt and the digests of ``codes`` (normalised): one Argon2id run a code,
    so it runs before the writing transaction opens."""
    salt = crypto.new_recovery_code_salt(params=argon2_params())
    return salt, [crypto.recovery_code_digest(code=code, salt=salt) for code in codes]


def _replace_recovery_codes(*, user: User, hashed: tuple[bytes, list[bytes]]) -> None:
    salt, digests = hashed
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(
        user=user, name=RECOVERY_CODES_NAME, confirmed=True, salt=salt
    )
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=d) for d in digests)


def renew_recovery_codes(*, user: User) -> list[str]:
    """Replace the member's recovery codes; returns the new ones to show exactly once."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    hashed = _hash_recovery_codes([normalise_code(c) for c in codes])
    with transaction.atomic():
        _replace_recovery_codes(user=user, hashed=hashed)
        record(tag=AuditTag.RECOVERY_CODES_RENEWED, actor=user, target=user)
    return codes


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


def clear_second_factor_holders() -> int:
    """How many members still have an authenticator or recovery codes in clear."""
    holders = set(TOTPDevice.objects.values_list("user_id", flat=True))
    holders |= set(StaticToken.objects.values_list("device__user_id", flat=True))
    return len(holders)
