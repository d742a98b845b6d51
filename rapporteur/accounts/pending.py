"""The half-signed-in state between the password and the second factor.

It lives in the anonymous session for a few minutes and names the user whose
password was right; nothing is unlocked for them until a second factor completes
the sign-in (``services.complete_login``).
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User

# The half-signed-in state between the two steps lives this long.
PENDING_SECONDS = 5 * 60
PENDING = "pending_login"


def set_pending(request: HttpRequest, user: User, next_url: str) -> None:
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": next_url}


def pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def pending_next(request: HttpRequest) -> str:
    return str(request.session[PENDING]["next"])


def expired(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.error(request, _("Your sign-in took too long. Start again."))
    return redirect("accounts:login")
