"""Reads of staff accounts for the administration pages. Only administrators reach
them (``Perm.ACCOUNTS_MANAGE``): the list names every member of staff, and no
page outside administration looks a member up by number."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from rapporteur.accounts.models import LoginThrottle, User
from rapporteur.accounts.throttle import name_digest


def get_member(*, user_id: int) -> User:
    """The member of staff with this number, or 404 (deactivated members too)."""
    return get_object_or_404(User, pk=user_id)


def staff_rows() -> list[dict[str, Any]]:
    """Every member by name, and whether their name is locked out of signing in.

    Locks are kept under a keyed hash of the name (``throttle.name_digest``), so
    the list hashes each name to match them: one query for the members, one for
    the locks, however many members there are.
    """
    members = list(User.objects.order_by("username"))
    locked = set(
        LoginThrottle.objects.filter(locked_until__isnull=False).values_list(
            "name_digest", flat=True
        )
    )
    return [{"user": u, "locked": name_digest(u.username) in locked} for u in members]
