"""What the desk follows once letters are sent: reply statistics per State and
the secret address of the calendar feed of replies due."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rapporteur.accounts.permissions import Perm, requires, staff
from rapporteur.communications import selectors
from rapporteur.communications.references import addressee_name
from rapporteur.communications.services import calendar


@requires(Perm.COMMUNICATIONS_STATS)
@never_cache
def stats_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not date.min.year < year < date.max.year:
        year = today.year
    figures = selectors.reply_figures(
        user=staff(request), year=year, as_of=today, by_addressee=True
    )
    rows = [(code, addressee_name(code=code), s) for code, s in figures.by_addressee.items()]
    return render(
        request,
        "communications/desk/stats.html",
        {"rows": rows, "year": year, "total": figures.total, "last_day": figures.last_day},
    )


@requires(Perm.COMMUNICATIONS_DRAFT)
@never_cache
def calendar_view(request: HttpRequest) -> HttpResponse:
    """GET shows whether a feed exists; POST ``create`` shows a new secret URL once,
    POST ``revoke`` ends it."""
    user = staff(request)
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.revoke(acting_user=user)
            messages.success(request, _("The calendar address no longer works."))
        else:
            token = calendar.new_token(acting_user=user)
            url = request.build_absolute_uri(f"/communications/calendar/{token}.ics")
    return render(
        request,
        "communications/desk/calendar.html",
        {"url": url, "active": selectors.has_calendar_feed(user=user)},
    )
