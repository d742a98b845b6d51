"""What the staff pages of visits share."""

from __future__ import annotations

from django.http import HttpRequest

from rapporteur.vault.errors import UnlockRequired
from rapporteur.vault.session import desk_private_keys_for

RECOMMENDATIONS_PER_PAGE = 50


def desk_keys_if_unlocked(request: HttpRequest) -> dict[int, bytes] | None:
    """The session's desk keys, or None: a page with sealed content still works
    without them, and that content then says "locked"."""
    try:
        return desk_private_keys_for(request)
    except UnlockRequired:
        return None
