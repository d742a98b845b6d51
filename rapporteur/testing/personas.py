"""Factories for staff personas. Every test that needs a member of staff makes one here."""

from __future__ import annotations

import itertools

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role

PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only credential
_numbers = itertools.count(1)


def make_staff(role: Role | str, username: str | None = None, *, enrolled: bool = True) -> User:
    role = Role(role)
    username = username or f"{role.value}{next(_numbers)}"
    user = User.objects.create_user(username=username, password=PASSWORD, role=role.value)
    if enrolled:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def current_code(user: User, *, offset_steps: int = 0) -> str:
    device = totp_device(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: User) -> Client:
    """Log a client in as if it had passed both factors (no audit entry, no throttle)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
    return client
