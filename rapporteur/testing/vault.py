"""Test helpers for the vault: a cheap Argon2id cost, throw-away file stores, a desk
key ceremony, a member's unlocked desk keys, and signing in through the real password
step so the session holds unlocked keys. The demo makes its desk key here too."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.test import Client
from django.urls import reverse

from rapporteur.accounts.models import User
from rapporteur.testing.personas import PASSWORD, current_code
from rapporteur.vault import services
from rapporteur.vault.crypto import FAST_PARAMS_FOR_TESTS

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings as SettingsFixture


def use_fast_argon2(settings: SettingsFixture) -> None:
    """Lower the passphrase cost for a test (the ``settings`` fixture restores it)."""
    settings.VAULT_ARGON2_TIME_COST = FAST_PARAMS_FOR_TESTS.time_cost
    settings.VAULT_ARGON2_MEMORY_KIB = FAST_PARAMS_FOR_TESTS.memory_cost_kib
    settings.VAULT_ARGON2_PARALLELISM = FAST_PARAMS_FOR_TESTS.parallelism


def use_stores(settings: Any, tmp_path: Path) -> None:
    """Every file store (cases, intake, replies) and the RAM folder of uploads
    under ``tmp_path``."""
    settings.CASES_FILE_STORE = tmp_path / "case-store"
    settings.INTAKE_FILE_STORE = tmp_path / "intake-store"
    settings.COMMUNICATIONS_FILE_STORE = tmp_path / "reply-store"
    settings.INTAKE_RAM_DIR = tmp_path


def initialise(
    *holders: User, password: str = PASSWORD, threshold: int = 2, shares: int = 3
) -> services.NewDeskKey:
    """The key ceremony: a desk key granted to ``holders``, each wrapping it under
    ``password`` (their account password)."""
    return services.initialise_desk(
        keyholders=[(user, password) for user in holders], threshold=threshold, shares=shares
    )


def desk_keys_of(user: User, *, password: str = PASSWORD) -> dict[int, bytes]:
    """The desk keys ``user`` holds, unlocked with their password as sign-in would
    ({version: key}; one Argon2id at the configured cost)."""
    return services.unlock_desk_keys(user=user, passphrase=password)


def sign_in_unlocked(user: User, password: str = PASSWORD, client: Client | None = None) -> Client:
    """Both factors through the real views, so the vault hook runs."""
    client = client or Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}
    )
    assert response.status_code == 302, response.content[:500]  # noqa: S101 - test helper
    response = client.post(reverse("accounts:second_factor"), {"token": current_code(user)})
    assert response.status_code == 302, response.content[:500]  # noqa: S101 - test helper
    return client
