"""The head every page of one case shares, said once: ``@case_page``.

A page of a case declares its permission, is need-to-know on ``case_id`` (404 for
anyone who may not know the case exists), is never cached or answers POST only,
may open sealed content, and looks the case up through
``selectors.get_case_for_user``. The view is then called with the case in place of
``case_id``; its other URL arguments follow as keywords, as the URLconf names them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapporteur.accounts.permissions import Perm, View, requires, staff
from rapporteur.cases import selectors
from rapporteur.cases.selectors import need_to_know
from rapporteur.vault.decorators import shows_unlock_page


def case_page(
    permission: Perm,
    *,
    write: bool = False,
    post_only: bool = False,
    decrypts: bool = False,
    held: tuple[str, ...] = (),
) -> Callable[[View], View]:
    """``write=True`` asks for write access (403 for a read-only member, who knows
    the case exists); ``post_only=True`` is a form's target (405 on GET) instead of a
    page; ``decrypts=True`` is a page that opens sealed content, which sends a session
    without its desk keys to sign in again (``shows_unlock_page``); ``held`` names the
    other URL arguments that are need-to-know too (what the case holds, e.g.
    ``document_id``)."""

    def decorator(view: View) -> View:
        shown = shows_unlock_page(view) if decrypts else view

        @wraps(view)
        def page(request: HttpRequest, case_id: int, **arguments: Any) -> HttpResponseBase:
            case = selectors.get_case_for_user(staff(request), case_id, write=write)
            return shown(request, case, **arguments)

        answered = require_POST(page) if post_only else never_cache(page)
        return requires(permission)(need_to_know("case_id", *held)(answered))

    return decorator
