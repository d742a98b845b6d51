"""Checks that need the database: second factors still kept in clear."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db import DatabaseError

from rapporteur.accounts.factors import clear_second_factor_holders


@checks.register(checks.Tags.database)
def no_second_factor_in_clear(
    *, app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Authenticators and recovery codes from before sealing stay in clear until their
    owner's next sign-in (sealing needs the password). Runs with ``migrate`` and
    ``rapporteur check --database default``, as Django runs database checks."""
    if not databases:
        return []

    try:
        holders = clear_second_factor_holders()
    except DatabaseError:  # tables not made yet: nothing can be in clear
        return []
    if not holders:
        return []
    return [
        checks.Warning(
            f"{holders} staff member(s) still have an authenticator secret or recovery "
            "codes stored in clear: a copy of the database would read them.",
            hint="They are sealed at each member's next sign-in; ask them to sign in, or "
            "reset the second factor of anyone who no longer does.",
            id="accounts.W001",
        )
    ]
