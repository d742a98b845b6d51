"""Site-wide pages: the public home, the health check, the staff dashboard and the
language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from rapporteur.accounts.permissions import Perm, public, requires, staff
from rapporteur.core import dashboard


@public
@require_GET
def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@public
@require_GET
@never_cache
def health_view(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: says only whether the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@public
@require_POST
def set_language_view(request: HttpRequest) -> HttpResponse:
    """Django's switch, with a clear message for a language the desk does not offer."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        messages.error(
            request, _("This language is not available. Choose English, Russian or Tajik.")
        )
        target = request.POST.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return redirect(target)
    return set_language(request)


@requires(Perm.DESK_VIEW)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    return render(
        request,
        "core/dashboard.html",
        {"panels": dashboard.panels_for(user), "warnings": dashboard.warnings_for(user)},
    )


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
