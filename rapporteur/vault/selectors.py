"""Reads of key custody records. None of these decrypt anything."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model

from rapporteur.accounts.permissions import CONTENT_ROLES
from rapporteur.vault.crypto import Argon2Params
from rapporteur.vault.errors import NotInitialised
from rapporteur.vault.models import DeskKey, DeskKeyGrant, StaffKey

if TYPE_CHECKING:
    from rapporteur.accounts.models import User


def argon2_params() -> Argon2Params:
    """The cost used for new passphrase wraps (settings; tests lower it)."""
    return Argon2Params(
        settings.VAULT_ARGON2_TIME_COST,
        settings.VAULT_ARGON2_MEMORY_KIB,
        settings.VAULT_ARGON2_PARALLELISM,
    )


def current_desk_key() -> DeskKey:
    """The generation intake seals to. Raises NotInitialised before the key ceremony.

    One query per call; intake calls it once per submission, on purpose not cached
    in the process, so that a rotation is seen by every worker at once.
    """
    key = DeskKey.objects.filter(retired_at__isnull=True).order_by("-version").first()
    if key is None:
        raise NotInitialised(
            "The desk key has not been created yet. Run `rapporteur vault init` first."
        )
    return key


def is_initialised() -> bool:
    return DeskKey.objects.exists()


def staff_key_for(user: User) -> StaffKey | None:
    return StaffKey.objects.filter(user=user).first()


def holders_of_current_key() -> list[User]:
    """Staff who hold the current desk key generation (active or not)."""
    key = current_desk_key()
    return list(
        get_user_model()
        .objects.filter(desk_key_grants__desk_key=key)
        .order_by("username")
        .distinct()
    )


def grants_for(user: User) -> list[DeskKeyGrant]:
    return list(DeskKeyGrant.objects.filter(user=user).select_related("desk_key"))


def access_rows() -> tuple[DeskKey | None, list[dict[str, Any]]]:
    """The current generation (None before the key ceremony) and, for every member
    of a content role by name, whether they hold it and whether they have a staff
    key yet (without one, a grant is refused). Four queries in all."""
    current = DeskKey.objects.filter(retired_at__isnull=True).first()
    holders = set(DeskKeyGrant.objects.filter(desk_key=current).values_list("user_id", flat=True))
    with_keys = set(StaffKey.objects.values_list("user_id", flat=True))
    members = (
        get_user_model()
        .objects.filter(role__in=[r.value for r in CONTENT_ROLES])
        .order_by("username")
    )
    rows = [
        {"user": u, "holds": u.pk in holders, "has_staff_key": u.pk in with_keys} for u in members
    ]
    return current, rows
