"""Errors the vault raises to the Django side, each with a message fit for staff."""

from __future__ import annotations


class VaultError(Exception):
    """A vault operation cannot be done; the message says why, in plain words."""


class UnlockRequired(VaultError):
    """This session holds no unlocked desk key: sign in again to unlock it.

    Raised when the session's sealed keys or the cookie that opens them is missing
    or does not match (session expired, cookie cleared, another browser).
    """


class NotInitialised(VaultError):
    """No desk key exists yet: run ``rapporteur vault init``."""


class CannotOpen(VaultError):
    """This session's desk keys do not open the item (not granted that generation,
    or the envelope is damaged)."""
