"""Reading visits and recommendations: for staff, and for the public tracker.

The public functions are the only way public views reach this data; they return only
published visits and accepted recommendations, only public evidence, and never who
on the staff did what."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.core.paginator import Page
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from rapporteur.cases import names as cases_names
from rapporteur.cases import selectors as cases_selectors
from rapporteur.cases.models import Term
from rapporteur.intake import selectors as intake_selectors
from rapporteur.vault import sealing as vault_sealing
from rapporteur.visits.countries import place_variant
from rapporteur.visits.models import (
    Assessment,
    Document,
    Evidence,
    LiveCount,
    Meeting,
    Recommendation,
    RecommendationTheme,
    RelatedRecommendation,
    Review,
    Status,
    StatusChange,
    Theme,
    Visit,
)

# Document by document, each in its own order; those added without one (a CSV list) last.
BY_DOCUMENT = (F("document_id").asc(nulls_last=True), "position", "pk")


def visits_for_staff() -> QuerySet[Visit]:
    return Visit.objects.annotate(
        suggested=Count("recommendations", filter=Q(recommendations__review=Review.SUGGESTED)),
        accepted=Count("recommendations", filter=Q(recommendations__review=Review.ACCEPTED)),
    )


def get_visit_for_staff(visit_id: int) -> Visit:
    return get_object_or_404(Visit, pk=visit_id)


def get_recommendation_for_staff(recommendation_id: int) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.select_related("visit", "document"), pk=recommendation_id
    )


@dataclass(frozen=True)
class MeetingView:
    """A meeting as a staff page shows it: clear columns, and the sealed content
    opened when the session holds the key (``readable``), else nothing of it."""

    meeting: Meeting
    institution: str
    participants: str
    notes: str
    sealed: bool
    readable: bool


def meetings_for_staff(visit: Visit, *, desk_keys: dict[int, bytes] | None) -> list[MeetingView]:
    """Meetings of a visit; sealed content decrypted only with ``desk_keys`` (one
    decryption per sealed meeting). Without keys a confidential meeting shows its
    kind and date only."""
    shown = []
    for meeting in visit.meetings.select_related("desk_key"):
        envelope, desk_key = meeting.envelope, meeting.desk_key
        sealed = envelope is not None and desk_key is not None
        data: dict[str, Any] = {}
        if envelope is not None and desk_key is not None and desk_keys is not None:
            data = vault_sealing.open_record(meeting, desk_keys)
        readable = bool(data) and not data.get("unreadable")
        shown.append(
            MeetingView(
                meeting=meeting,
                institution=str(data.get("institution") or meeting.institution)
                if readable
                else meeting.institution,
                participants=str(data.get("participants", "")) if readable else "",
                notes=str(data.get("notes", "")) if readable else "",
                sealed=sealed,
                readable=readable,
            )
        )
    return shown


def recommendations_for_staff(
    visit: Visit, *, document_id: int | None = None
) -> QuerySet[Recommendation]:
    """A visit's recommendations (not those rejected), document by document in the
    document's own order; only one document's when ``document_id`` is given."""
    recs = visit.recommendations.exclude(review=Review.REJECTED)
    if document_id is not None:
        recs = recs.filter(document_id=document_id)
    return (
        recs.select_related("document")
        .prefetch_related(
            Prefetch("theme_links", queryset=RecommendationTheme.objects.select_related("theme"))
        )
        .order_by(*BY_DOCUMENT)
    )


@dataclass(frozen=True)
class DocumentGroup:
    """The recommendations of one source document on a page (``document`` is None
    for those added without one, e.g. a CSV list)."""

    document: Document | None
    recommendations: list[Recommendation]
    continued: bool  # the group began on an earlier page


def pending_count(visit: Visit) -> int:
    """How many of the visit's suggestions wait for review."""
    return visit.recommendations.filter(review=Review.SUGGESTED).count()


def group_by_document(
    recs: Iterable[Recommendation], *, previous: Recommendation | None
) -> list[DocumentGroup]:
    """Consecutive recommendations of one document as one group. ``previous`` is
    the last one of the page before, to say that a group continues from it."""
    groups: list[DocumentGroup] = []
    for rec in recs:
        if not groups or groups[-1].document != rec.document:
            continued = not groups and previous is not None and previous.document == rec.document
            groups.append(DocumentGroup(rec.document, [], continued))
        groups[-1].recommendations.append(rec)
    return groups


def place_names(texts: list[str]) -> list[str]:
    """Places visited or refused, in the reader's language: the variant staff wrote
    for it ("English | Russian | Tajik"), else the label of the region of the case
    vocabulary that the whole text names (Dushanbe, Sughd Region, GBAO), else the
    text as written (a place cannot be guessed in another language)."""
    plain = [t for t in texts if "|" not in t]
    regions = cases_selectors.matching_terms(list_name="regions", texts=plain)
    shown = []
    for text in texts:
        term = regions.get(text)
        whole = term is not None and _names_the_whole(text, term)
        shown.append(term.label() if whole and term is not None else place_variant(text))
    return shown


def _names_the_whole(text: str, term: Term) -> bool:
    """True when the text is the term's name in some language, not a longer phrase
    that only mentions it ("Khujand (Sughd region)" is not the region itself)."""
    key = cases_names.skeleton(text)
    labels = {term.label_en, term.label_ru, term.label_tg} - {""}
    return any(
        key == cases_names.skeleton(label)
        or key
        == cases_names.skeleton(re.sub(r"\s*\(.*\)$|\s+(region|oblast)$", "", label, flags=re.I))
        for label in labels
    )


def last_before(page: Page) -> Recommendation | None:
    """The last recommendation of the page before this one, if any."""
    if not page.has_previous():
        return None
    return cast(Recommendation, page.paginator.object_list[page.start_index() - 2])


def documents_for_staff(visit: Visit) -> QuerySet[Document]:
    return visit.documents.annotate(
        found=Count("recommendations", filter=~Q(recommendations__review=Review.REJECTED))
    ).order_by("pk")


def dashboard_panel() -> tuple[str, str, str]:
    """Title, summary and link text of the dashboard panel (worded here so that the
    visits catalogue carries their translations)."""
    counts = Recommendation.objects.aggregate(
        pending=Count("pk", filter=Q(review=Review.SUGGESTED)),
        tracked=Count("pk", filter=Q(review=Review.ACCEPTED)),
    )
    return (
        _("Country visits"),
        _("%(pending)s suggestions to review; %(tracked)s recommendations tracked.") % counts,
        _("Open the visits"),
    )


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def live_count(rec: Recommendation) -> str | None:
    """The linked figure of the cases app, as it may be shown ("< 5" under five), or
    None when the recommendation has none. Counts over all cases: no case is named,
    and the suppression is applied here so no caller can forget it."""
    if rec.live_count == LiveCount.DETAINED_DEFENDERS:
        count = cases_selectors.detained_defender_case_count(country=rec.country_code)
        return cases_selectors.shown_count(count)
    return None


@dataclass(frozen=True)
class AssessmentView:
    assessment: Assessment
    answers: dict[str, Any]
    readable: bool


def assessments_for_staff(
    rec: Recommendation, *, desk_keys: dict[int, bytes] | None
) -> list[AssessmentView]:
    """Civil-society assessments of a recommendation, opened with the session's desk
    keys (one decryption each) or shown as locked without them."""
    shown = []
    for item in rec.assessments.select_related("submission__desk_key", "evidence"):
        content: dict[str, Any] = {}
        if desk_keys is not None:
            content = intake_selectors.open_for_staff(
                submission=item.submission, desk_keys=desk_keys
            ).content
        readable = bool(content) and not content.get("unreadable")
        answers = dict(content.get("answers", {})) if readable else {}
        shown.append(AssessmentView(assessment=item, answers=answers, readable=readable))
    return shown


def related_recommendations(
    rec: Recommendation,
) -> list[tuple[RelatedRecommendation, Recommendation]]:
    """The recommendations staff or the linker tied to ``rec`` as the same issue,
    earlier or later, with the link: accepted ones first, rejected ones left out."""
    links = (
        RelatedRecommendation.objects.filter(Q(earlier=rec) | Q(later=rec))
        .exclude(review=Review.REJECTED)
        .select_related("earlier__document", "earlier__visit", "later__document", "later__visit")
        .order_by("review", "-similarity")  # "accepted" sorts before "suggested"
    )
    return [(link, link.other(rec)) for link in links]


def get_related_for_staff(rec: Recommendation, related_id: int) -> RelatedRecommendation:
    """A link of this recommendation, or 404 (links of others never resolve)."""
    return get_object_or_404(
        RelatedRecommendation.objects.filter(Q(earlier=rec) | Q(later=rec)), pk=related_id
    )


def recommendation_details(rec: Recommendation) -> dict[str, Any]:
    """What the staff page of a recommendation shows beside it: its theme links,
    status history, evidence, last ten revisions, vocabulary terms, live count and
    the recommendations on the same issue."""
    return {
        "related": related_recommendations(rec),
        "links": list(rec.theme_links.select_related("theme")),
        "changes": rec.status_changes.all(),
        "evidence": rec.evidence.all(),
        "revisions": rec.revisions.all()[:10],
        "vocabulary": vocabulary_links(rec),
        "live_count": live_count(rec),
    }


def get_assessment_for_staff(rec: Recommendation, assessment_id: int) -> Assessment:
    """An assessment of this recommendation, or 404 (ids of others never resolve)."""
    return get_object_or_404(
        Assessment.objects.select_related("recommendation"), pk=assessment_id, recommendation=rec
    )


def vocabulary_links(rec: Recommendation) -> dict[str, list[tuple[str, Term | None]]]:
    """Instruments and places extracted from the document, each with the case
    vocabulary term it names (legal provisions, regions) or None."""
    laws = cases_selectors.matching_terms(list_name="legal_provisions", texts=rec.instruments)
    regions = cases_selectors.matching_terms(list_name="regions", texts=rec.places)
    return {
        "instruments": [(text, laws.get(text)) for text in rec.instruments],
        "places": [(text, regions.get(text)) for text in rec.places],
    }


# ------------------------------------------------------------------------------- public


def public_visits(**filters: Any) -> QuerySet[Visit]:
    return Visit.objects.filter(published=True, **filters).annotate(
        tracked=Count("recommendations", filter=Q(recommendations__review=Review.ACCEPTED))
    )


def public_countries() -> list[dict[str, Any]]:
    rows = (
        Recommendation.objects.filter(review=Review.ACCEPTED)
        .filter(Q(visit__isnull=True) | Q(visit__published=True))
        .values("country_code")
        .annotate(total=Count("pk"))
        .order_by("country_code")
    )
    names = dict(Visit.objects.values_list("country_code", "country_name"))
    return [{**r, "name": names.get(r["country_code"], r["country_code"])} for r in rows]


def get_public_visit(visit_id: int) -> Visit:
    return get_object_or_404(Visit, pk=visit_id, published=True)


def public_recommendations(**filters: Any) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(review=Review.ACCEPTED, **filters)
        .filter(Q(visit__isnull=True) | Q(visit__published=True))
        .select_related("visit")
        .prefetch_related(
            Prefetch(
                "theme_links",
                queryset=RecommendationTheme.objects.filter(accepted=True).select_related("theme"),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("-date", "-pk")),
            Prefetch("evidence", queryset=Evidence.objects.filter(public=True)),
            "institutions",
        )
    )


def public_recommendations_by_document(visit: Visit) -> QuerySet[Recommendation]:
    """A published visit's recommendations in the order of its documents, for pages."""
    return public_recommendations(visit=visit).order_by(*BY_DOCUMENT)


def public_progress(visit: Visit) -> list[dict[str, Any]]:
    """The chart of a published visit: every recommendation counts, not one page's."""
    recs = public_recommendations(visit=visit).select_related(None).prefetch_related(None)
    return progress(list(recs.only("status")))


def get_public_recommendation(recommendation_id: int) -> Recommendation:
    return get_object_or_404(public_recommendations(), pk=recommendation_id)


def progress(recs: list[Recommendation]) -> list[dict[str, Any]]:
    """Counts per status, in the order of the scale, with their share for the chart."""
    total = len(recs) or 1
    counts = {s: 0 for s in Status.values}
    for rec in recs:
        counts[rec.status] += 1
    return [
        {
            "status": value,
            "label": label,
            "count": counts[value],
            "percent": round(100 * counts[value] / total, 1),
        }
        for value, label in Status.choices
    ]
