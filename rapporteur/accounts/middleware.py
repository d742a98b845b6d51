"""Deny by default: every view needs a signed-in, two-factor-verified user and a
declared permission, unless it is named public."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from rapporteur.accounts.permissions import second_factor_verified


class StaffAccessMiddleware(LoginRequiredMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if getattr(view_func, "is_public", False):
            return None
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        if not second_factor_verified(user):
            # A session without a second factor should not exist; end it.
            logout(request)
            return self.handle_no_permission(request, view_func)
        if getattr(view_func, "required_permission", None) is None:
            # A view nobody declared a permission for is refused, not served.
            raise PermissionDenied
        return None
