"""Factories for staff personas. Every test that needs a member of staff makes one here."""

from __future__ import annotations

import itertools

from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from rapporteur.accounts import factors
from rapporteur.accounts.models import SealedTOTPDevice, User
from rapporteur.accounts.permissions import Role
from rapporteur.vault import crypto

PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only credential
_numbers = itertools.count(1)


def make_staff(role: Role | str, username: str | None = None, *, enrolled: bool = True) -> User:
    role = Role(role)
    username = username or f"{role.value}{next(_numbers)}"
    user = User.objects.create_user(username=username, password=PASSWORD, role=role.value)
    if enrolled:
        # The factor key is wrapped at a test cost; its blob records the cost, so
        # every later unwrap (sign-in, current_code) is cheap too.
        with override_settings(
            VAULT_ARGON2_TIME_COST=crypto.FAST_PARAMS_FOR_TESTS.time_cost,
            VAULT_ARGON2_MEMORY_KIB=crypto.FAST_PARAMS_FOR_TESTS.memory_cost_kib,
            VAULT_ARGON2_PARALLELISM=crypto.FAST_PARAMS_FOR_TESTS.parallelism,
        ):
            factors.provision_authenticator(
                user=user, password=PASSWORD, secret=crypto.new_totp_secret(), name="test"
            )
    return user


def totp_device(user: User) -> SealedTOTPDevice:
    return SealedTOTPDevice.objects.get(user=user, confirmed=True)


def current_code(user: User, *, offset_steps: int = 0, password: str = PASSWORD) -> str:
    """The code the member's authenticator shows now, its secret opened with their
    password (as a test knows it)."""
    device, secret = factors.open_authenticator(user=user, password=password)
    totp = TOTP(secret, device.step, device.t0, device.digits)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: User) -> Client:
    """Log a client in as if it had passed both factors (no audit entry, no throttle)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client


def code_for_key(manual_key: str) -> str:
    """The code an authenticator shows now for the key typed from the enrolment page
    (base32 in groups of four), as a person without a camera would set it up."""
    from base64 import b32decode

    key = manual_key.replace(" ", "").upper()
    secret = b32decode(key + "=" * (-len(key) % 8))
    return f"{TOTP(secret).token():06d}"
