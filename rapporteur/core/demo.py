"""Fictional demonstration data, set in the context of the 2022 visit to Tajikistan.

Every person here is invented and marked so in their name. Demo accounts get a fixed
authenticator key (sealed like anyone's, under the published demo password) so that
``rapporteur democode NAME`` can print the current code.
Loading is idempotent: running the demo twice does not duplicate anything.
Staff, the desk key and each app's data are made by the factories of
``rapporteur.testing`` (through the services), as tests make theirs; the demo
modules hold the story.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.db import transaction

from rapporteur.accounts import factors
from rapporteur.accounts.models import SealedTOTPDevice, User
from rapporteur.accounts.permissions import Role
from rapporteur.cases import demo as cases_demo
from rapporteur.communications import demo as communications_demo
from rapporteur.intake import demo as intake_demo
from rapporteur.testing.accounts import staff_member
from rapporteur.testing.vault import desk_keys_of, initialise
from rapporteur.vault.crypto import WrongPassphrase
from rapporteur.vault.selectors import is_initialised
from rapporteur.visits import demo as visits_demo

DEMO_PASSWORD = "demo-password-not-secret"  # noqa: S105 - published demo credential
DEMO_AUTHENTICATOR = "demo authenticator"


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


# The published receipt of the Russian demo submission, printed by ``rapporteur demo``.
DEMO_RECEIPT = intake_demo.RECEIPT
DEMO_KEYHOLDERS = ("rapporteur", "officer", "officer2")


def _load_intake(users: dict[str, User]) -> None:
    """The desk key for the demo keyholders (their demo password is the passphrase),
    then fictional submissions in English, Russian and Tajik and a meeting request
    (``intake.demo``); the Russian one opens with DEMO_RECEIPT."""
    if not is_initialised():
        initialise(*(users[name] for name in DEMO_KEYHOLDERS), password=DEMO_PASSWORD)
    intake_demo.load(users=users)


def _load_communications(users: dict[str, User]) -> None:
    """Fictional communications in every state of the workflow and a press release
    (``communications.demo``), under the rapporteur's unlocked desk keys; the
    Argon2id unlock is skipped when they are already there."""
    if communications_demo.is_loaded():
        return
    keys = desk_keys_of(users[communications_demo.APPROVER], password=DEMO_PASSWORD)
    communications_demo.load(users=users, desk_keys=keys)


def _load_cases(users: dict[str, User]) -> None:
    """A dozen fictional cases (``cases.demo``) owned by the demo officers, sealed
    and indexed by the case services under each officer's own unlocked desk keys,
    as if they had typed them. Unlocking costs one Argon2id per officer, so it is
    skipped when the cases are already there."""
    if cases_demo.is_loaded():
        return
    keys = {name: desk_keys_of(users[name], password=DEMO_PASSWORD) for name in cases_demo.OWNERS}
    cases_demo.load(users=users, desk_keys=keys)


def _load_visits(users: dict[str, User]) -> str:
    """The 2022 visit to Tajikistan (``visits.demo``), its statement ingested under
    the rapporteur's unlocked desk keys (ingestion's content digest needs them);
    the Argon2id unlock is skipped when the visit is already there."""
    rapporteur = users["rapporteur"]
    keys = {} if visits_demo.is_loaded() else desk_keys_of(rapporteur, password=DEMO_PASSWORD)
    return visits_demo.load(acting_user=rapporteur, desk_keys=keys)


def load() -> list[DemoStaff]:
    """Create the demo staff with confirmed authenticators, the desk key, fictional
    intake, cases and communications; returns the staff for printing."""
    with transaction.atomic():
        for person in DEMO_STAFF:
            if User.objects.filter(username=person.username).exists():
                continue
            staff_member(
                username=person.username,
                role=person.role,
                password=DEMO_PASSWORD,
                full_name=person.full_name,
                totp_secret=bytes.fromhex(person.totp_key_hex),
                authenticator=DEMO_AUTHENTICATOR,
            )
        users = {u.username: u for u in User.objects.all()}
        _load_intake(users)
        _load_cases(users)
        _load_communications(users)
    sys.stdout.write(_load_visits(users) + "\n")
    return DEMO_STAFF


def current_code(username: str) -> str:
    """The TOTP code a demo account's authenticator would show now, its sealed secret
    opened with the published demo password. Raises SealedTOTPDevice.DoesNotExist
    for an account that is not a demo one (or whose password was changed)."""
    from django_otp.oath import TOTP

    user = User.objects.filter(username=username).first()
    if user is None:
        raise SealedTOTPDevice.DoesNotExist
    try:
        device, secret = factors.open_authenticator(
            user=user, password=DEMO_PASSWORD, name=DEMO_AUTHENTICATOR
        )
    except WrongPassphrase:
        raise SealedTOTPDevice.DoesNotExist from None
    totp = TOTP(secret, device.step, device.t0, device.digits)
    return f"{totp.token():0{device.digits}d}"
