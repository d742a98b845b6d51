"""Fictional demonstration data, set in the context of the 2022 visit to Tajikistan.

Every person here is invented and marked so in their name. Demo accounts get a fixed
authenticator key so that ``rapporteur democode NAME`` can print the current code.
Loading is idempotent: running the demo twice does not duplicate anything.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapporteur.accounts import services as accounts
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role
from rapporteur.visits import demo as visits_demo

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - published demo credential


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    role: Role
    totp_key_hex: str


DEMO_STAFF = [
    DemoStaff(
        "rapporteur",
        "Demo: Mary Example (fictional rapporteur)",
        Role.RAPPORTEUR,
        "3132333435363738393031323334353637383930",
    ),
    DemoStaff(
        "officer",
        "Demo: Farrukh Namunaev (fictional officer)",
        Role.OFFICER,
        "4142434445464748494a4b4c4d4e4f5051525354",
    ),
    DemoStaff(
        "officer2",
        "Demo: Nigina Sokhta (fictional officer)",
        Role.OFFICER,
        "6162636465666768696a6b6c6d6e6f7071727374",
    ),
    DemoStaff(
        "analyst",
        "Demo: Oleg Primerov (fictional analyst)",
        Role.ANALYST,
        "3031323334353637383961626364656630313233",
    ),
    DemoStaff(
        "admin",
        "Demo: Dilnoza Misolova (fictional administrator)",
        Role.ADMINISTRATOR,
        "3938373635343332313066656463626139383736",
    ),
]


def load() -> list[DemoStaff]:
    """Create the demo staff with confirmed authenticators; returns them for printing."""
    with transaction.atomic():
        for person in DEMO_STAFF:
            if User.objects.filter(username=person.username).exists():
                continue
            user = accounts.create_staff(
                acting_user=None,
                username=person.username,
                role=person.role,
                password=DEMO_PASSWORD,
                full_name=person.full_name,
            )
            TOTPDevice.objects.create(
                user=user, name="demo authenticator", confirmed=True, key=person.totp_key_hex
            )
    sys.stdout.write(visits_demo.load(acting_user=User.objects.get(username="rapporteur")) + "\n")
    return DEMO_STAFF


def current_code(username: str) -> str:
    """The TOTP code a demo account's authenticator would show now."""
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user__username=username, name="demo authenticator")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    return f"{totp.token():0{device.digits}d}"
