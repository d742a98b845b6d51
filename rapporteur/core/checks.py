"""System checks for the desk's own safety rules."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

CSRF_MIDDLEWARE = "rapporteur.core.csrf.NoReferrerCsrfViewMiddleware"


@register(Tags.security, deploy=False)
def csrf_middleware_installed(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Stands in for Django's W003, which is silenced because it names only its own class."""
    if CSRF_MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [Error(f"{CSRF_MIDDLEWARE} must be in MIDDLEWARE.", id="rapporteur.E001")]
