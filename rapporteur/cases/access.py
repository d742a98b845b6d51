"""Declaring which URL arguments name need-to-know objects.

``@need_to_know("case_id")`` marks a view whose ``case_id`` must resolve through
``selectors.get_case_for_user``: a user who may not know the case exists gets 404,
not 403. The role-matrix test reads the mark and expects exactly that. Apply it
under ``@requires`` (``functools.wraps`` carries the mark up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def need_to_know(*argument_names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        view.need_to_know = argument_names  # type: ignore[attr-defined]
        return view

    return decorator
