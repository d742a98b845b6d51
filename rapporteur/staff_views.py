"""What the staff pages of every app share that needs the apps themselves (``web.py``,
below every app, cannot): the keywords of a service call made from a page.

Every service that changes or opens sealed content takes who acts and the desk keys
this session unlocked; a view passes both as ``**acting(request)``. Called inside the
action handed to ``web.carry_out``, a session without its desk keys becomes the
usual "sign in again" message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.http import HttpRequest

from rapporteur.accounts.permissions import staff
from rapporteur.vault.session import desk_private_keys_for

if TYPE_CHECKING:
    from rapporteur.accounts.models import User


class Acting(TypedDict):
    acting_user: User
    desk_keys: dict[int, bytes]


def acting(request: HttpRequest) -> Acting:
    """The signed-in member of staff and the desk keys of their session; raises
    ``UnlockRequired`` when the session holds no desk keys."""
    return {"acting_user": staff(request), "desk_keys": desk_private_keys_for(request)}
