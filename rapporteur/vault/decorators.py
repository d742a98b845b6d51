"""Turning a missing unlocked key into a friendly page instead of an error."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from rapporteur.vault.errors import NotInitialised, UnlockRequired


def unlock_required_page(request: HttpRequest, *, reason: str = "") -> HttpResponse:
    """Send the browser to the page that explains why and offers to sign in again."""
    url = reverse("vault:unlock")
    return redirect(f"{url}?reason={reason}" if reason else url)


def shows_unlock_page(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Wrap a staff view that decrypts: UnlockRequired becomes "sign in again".

    Apply under ``@requires``, so the permission check still runs first and the
    view keeps its declared permission.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except UnlockRequired:
            return unlock_required_page(request)
        except NotInitialised:
            return unlock_required_page(request, reason="not-initialised")

    return wrapper
