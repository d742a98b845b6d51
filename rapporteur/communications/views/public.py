"""The public communications report, press releases, their feeds and exports.

Every view here is ``@public`` and reads only through the ``selectors.public_*``
functions, which return published material only: public versions written by the
publication service after redaction and the leak check. No JavaScript.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, time
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rapporteur.accounts.permissions import public
from rapporteur.communications import selectors
from rapporteur.communications.feeds import FeedItem, atom_feed
from rapporteur.communications.ical import DueDate, due_dates_calendar
from rapporteur.communications.letters.html import render_html, split_stored_letter
from rapporteur.communications.models import Communication, Kind, State
from rapporteur.communications.references import (
    addressee_choices,
    addressee_name,
    is_addressee_code,
)
from rapporteur.communications.services.calendar import token_hash

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> selectors.ReportFilter:
    """Unknown values are ignored rather than refused: a filter form never errors."""
    get = request.GET
    state = get.get("state", "")
    kind = get.get("kind", "")

    def number(name: str) -> int | None:
        value = get.get(name, "")
        return int(value) if value.isdigit() and len(value) < 9 else None

    return selectors.ReportFilter(
        state=state if is_addressee_code(state) else "",
        kind=kind if kind in Kind.values else "",
        year=number("year"),
        mandate=number("mandate"),
        reply=get.get("reply", "") if get.get("reply") in {"replied", "none"} else "",
    )


def _addressee(communication: Communication, language: str) -> str:
    return communication.addressee_other or addressee_name(
        code=communication.addressee_code, language=language
    )


@public
def report_view(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    language = get_language() or "en"
    page = Paginator(selectors.public_report(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(c, _addressee(c, language)) for c in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communications/public/report.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": query.urlencode(),
            "states": addressee_choices(language=language),
            "kinds": Kind.choices,
            "years": selectors.public_years(),
            "mandates": selectors.mandates(),
        },
    )


@public
def public_detail_view(request: HttpRequest, communication_id: int) -> HttpResponse:
    communication = selectors.public_communication(pk=communication_id)
    return render(
        request,
        "communications/public/detail.html",
        {
            "communication": communication,
            "letter": _public_letter(communication),
            "addressee": _addressee(communication, get_language() or "en"),
            "replies": communication.public_replies,  # type: ignore[attr-defined]
        },
    )


def _public_letter(communication: Communication) -> SafeString:
    """The stored public version (plain text, redacted at publication) typeset."""
    head, body = split_stored_letter(communication.public_letter)
    return render_html(body=body, language=communication.language, letterhead=head)


def _export_rows(request: HttpRequest) -> list[dict[str, Any]]:
    rows = []
    for c in selectors.public_report(filters=_filters(request))[:5000]:
        rows.append(
            {
                "reference": c.reference,
                "kind": c.kind,
                "addressee_code": c.addressee_code,
                "addressee": _addressee(c, "en"),
                "mandates": "; ".join(m.short_name for m in c.mandates.all()),
                "sent_on": c.sent_on.isoformat() if c.sent_on else "",
                "reply_due_on": c.reply_due_on.isoformat() if c.reply_due_on else "",
                "published_on": c.published_on.isoformat() if c.published_on else "",
                "replies": c.reply_count,  # type: ignore[attr-defined]
                "subject": c.public_subject,
                "url": request.build_absolute_uri(
                    reverse("communications:detail", kwargs={"communication_id": c.pk})
                ),
            }
        )
    return rows


@public
def export_csv_view(request: HttpRequest) -> HttpResponse:
    rows = _export_rows(request)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["reference"])
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="communications.csv"'
    return response


@public
def export_json_view(request: HttpRequest) -> HttpResponse:
    body = json.dumps({"communications": _export_rows(request)}, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _moment(day: Any) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


@public
def report_feed_view(request: HttpRequest) -> HttpResponse:
    items = [
        FeedItem(
            title=f"{c.reference}: {c.public_subject}",
            link=request.build_absolute_uri(
                reverse("communications:detail", kwargs={"communication_id": c.pk})
            ),
            id=f"tag:{request.get_host().split(':')[0]},2022:communication-{c.pk}",
            updated=_moment(c.published_on),
            published=_moment(c.published_on),
            summary=c.public_subject,
        )
        for c in selectors.public_report(filters=selectors.ReportFilter())[:50]
    ]
    return _atom(request, _("Communications to States"), "communications:report", items)


def _atom(request: HttpRequest, title: str, page: str, items: list[FeedItem]) -> HttpResponse:
    body = atom_feed(
        title=title,
        link=request.build_absolute_uri(reverse(page)),
        feed_url=request.build_absolute_uri(),
        feed_id=request.build_absolute_uri(),
        author=_("Special Rapporteur on the situation of human rights defenders"),
        language=get_language() or "en",
        items=items,
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


@public
def about_view(request: HttpRequest) -> HttpResponse:
    try:
        submit_url = reverse("intake:submit")
    except NoReverseMatch:
        submit_url = ""
    return render(request, "communications/public/about.html", {"submit_url": submit_url})


@public
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The secret per-user feed: reference and due date only. 404 once revoked."""
    if len(token) > 100:
        raise Http404
    owner = selectors.user_for_calendar_token(token_hash=token_hash(token))
    today = timezone.localdate()
    items = [
        DueDate(communication_id=str(c.pk), reference=c.reference, due_on=c.reply_due_on)
        for c in selectors.calendar_items(user=owner, today=today)
        if c.reply_due_on
    ]
    body = due_dates_calendar(
        items=items,
        domain=request.get_host().split(":")[0],
        generated_at=timezone.now(),
        calendar_name=_("Replies due"),
        summary_prefix=_("Reply due"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _version(release: Any) -> Any:
    versions = {v.language: v for v in release.versions.all()}
    return versions.get(get_language() or "en") or next(iter(versions.values()), None)


@public
def press_list_view(request: HttpRequest) -> HttpResponse:
    releases = [(r, _version(r)) for r in selectors.public_press_releases()[:200]]
    return render(request, "communications/press/list.html", {"releases": releases})


@public
def press_detail_view(request: HttpRequest, press_release_id: int) -> HttpResponse:
    release = selectors.public_press_release(pk=press_release_id)
    return render(
        request,
        "communications/press/detail.html",
        {
            "release": release,
            "version": _version(release),
            # Published letters only: a draft or a sent letter is not public yet.
            "communications": [
                c
                for c in release.communications.all()
                if c.published_on and c.state == State.PUBLISHED
            ],
            # An unpublished visit (not on the public tracker) is not named either.
            "visit": release.visit if release.visit and release.visit.published else None,
        },
    )


@public
def press_feed_view(request: HttpRequest) -> HttpResponse:
    items = []
    for release in selectors.public_press_releases()[:50]:
        version = _version(release)
        if version is None:
            continue
        items.append(
            FeedItem(
                title=version.title,
                link=request.build_absolute_uri(
                    reverse("communications:press_detail", kwargs={"press_release_id": release.pk})
                ),
                id=f"tag:{request.get_host().split(':')[0]},2022:press-{release.pk}",
                updated=_moment(release.published_on),
                published=_moment(release.published_on),
                summary=version.body[:500],
            )
        )
    return _atom(request, _("Press releases"), "communications:press_list", items)
