"""Review and follow-up of recommendations: acceptance (one or all of a visit's
suggestions), staff's corrections kept as revisions, status history, evidence, the
live count from the cases app, and the theme vocabulary."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.visits.models import (
    Document,
    Evidence,
    Institution,
    LiveCount,
    Recommendation,
    RecommendationRevision,
    RecommendationTheme,
    Review,
    Status,
    StatusChange,
    Theme,
    Visit,
)


def accept_recommendation(*, acting_user: User, recommendation: Recommendation) -> Recommendation:
    """Make a suggestion final, with the themes suggested for it (staff may first edit
    them with ``edit_recommendation``)."""
    return _accept(acting_user, Recommendation.objects.filter(pk=recommendation.pk), bulk=False)[0]


def accept_all(*, acting_user: User | None, visit: Visit) -> int:
    """Accept every suggestion of a visit still waiting for review."""
    pending = visit.recommendations.filter(review=Review.SUGGESTED)
    return len(_accept(acting_user, pending, bulk=True))


def _accept(
    acting_user: User | None, queryset: QuerySet[Recommendation], *, bulk: bool
) -> list[Recommendation]:
    with transaction.atomic():
        # order_by("pk"): the default ordering joins the visit, and PostgreSQL refuses
        # FOR UPDATE on the nullable side of an outer join
        recs = list(
            queryset.filter(review=Review.SUGGESTED).order_by("pk").select_for_update(of=("self",))
        )
        now = timezone.now()
        for rec in recs:
            rec.review, rec.reviewed_by, rec.reviewed_at = Review.ACCEPTED, acting_user, now
        Recommendation.objects.bulk_update(recs, ["review", "reviewed_by", "reviewed_at"])
        RecommendationTheme.objects.filter(recommendation__in=recs).update(accepted=True)
        for rec in recs:
            record(
                tag=AuditTag.VISIT_RECOMMENDATION_ACCEPTED,
                actor=acting_user,
                target=rec,
                extras={"bulk": bulk},
            )
    return recs or list(queryset)


def reject_recommendation(*, acting_user: User, recommendation: Recommendation) -> None:
    """Mark a suggestion as not a recommendation; it stays, hidden, for the record."""
    recommendation.review = Review.REJECTED
    recommendation.reviewed_by = acting_user
    recommendation.reviewed_at = timezone.now()
    save_and_record(
        recommendation,
        update_fields=["review", "reviewed_by", "reviewed_at"],
        tag=AuditTag.VISIT_RECOMMENDATION_REJECTED,
        actor=acting_user,
    )


class SourceFields(TypedDict):
    """What extraction read of who recommends and how, as staff may correct it."""

    body: str
    subitem: str
    strength: str
    priority: bool


SOURCE_FIELDS = tuple(SourceFields.__annotations__)


def _snapshot(rec: Recommendation) -> dict[str, Any]:
    return {
        "text": rec.text,
        "addressee": rec.addressee,
        "situation_at_visit": rec.situation_at_visit,
        **{name: getattr(rec, name) for name in SOURCE_FIELDS},
        "themes": [
            {"label": link.theme.label, "source": link.source, "confidence": link.confidence}
            for link in rec.theme_links.select_related("theme")
        ],
        "institutions": [i.name for i in rec.institutions.all()],
    }


def edit_recommendation(
    *,
    acting_user: User,
    recommendation: Recommendation,
    text: str,
    addressee: str,
    themes: list[Theme],
    institutions: list[str],
    situation_at_visit: str,
    source: SourceFields | None = None,
) -> Recommendation:
    """Staff's corrections. The values before are kept as a revision; the chosen themes
    become the recommendation's themes (keeping the model's confidence where it had
    suggested the same one). ``source`` corrects what extraction read of who
    recommends and how (left as it is when None)."""
    rec = recommendation
    with transaction.atomic():
        before = _snapshot(rec)
        rec.text, rec.addressee, rec.situation_at_visit = text, addressee, situation_at_visit
        if source is not None:
            rec.body, rec.subitem = source["body"], source["subitem"]
            rec.strength, rec.priority = source["strength"], source["priority"]
        rec.full_clean(exclude=["reviewed_by", "visit", "document"])
        rec.save(
            update_fields=[
                "text",
                "addressee",
                "situation_at_visit",
                *(SOURCE_FIELDS if source is not None else ()),
            ]
        )
        accepted = rec.review == Review.ACCEPTED
        rec.theme_links.exclude(theme__in=themes).delete()
        existing = set(rec.theme_links.values_list("theme_id", flat=True))
        RecommendationTheme.objects.bulk_create(
            RecommendationTheme(recommendation=rec, theme=t, source="staff", accepted=accepted)
            for t in themes
            if t.pk not in existing
        )
        rec.institutions.set(
            [
                Institution.objects.get_or_create(name=n.strip())[0]
                for n in institutions
                if n.strip()
            ]
        )
        after = _snapshot(rec)
        if after != before:
            RecommendationRevision.objects.create(
                recommendation=rec, before=before, changed_by=acting_user
            )
            record(
                tag=AuditTag.VISIT_RECOMMENDATION_EDITED,
                actor=acting_user,
                target=rec,
                extras={"fields": sorted(k for k in after if after[k] != before[k])},
            )
    return rec


def set_status(
    *,
    acting_user: User | None,
    recommendation: Recommendation,
    status: str,
    day: date,
    public_note: str = "",
) -> StatusChange:
    """Record a status as of ``day``. The current status is the one of the latest day,
    so a late entry about an earlier date adds history without overturning it."""
    if recommendation.review != Review.ACCEPTED:
        raise ValidationError(_("Accept the recommendation before following it up."))
    if status not in Status.values:
        raise ValidationError(_("Unknown status."))
    with transaction.atomic():
        change = StatusChange.objects.create(
            recommendation=recommendation,
            status=status,
            date=day,
            public_note=public_note,
            changed_by=acting_user,
        )
        latest = recommendation.status_changes.order_by("-date", "-pk").first()
        if latest is not None and latest.status != recommendation.status:
            recommendation.status = latest.status
            recommendation.save(update_fields=["status"])
        record(
            tag=AuditTag.VISIT_STATUS_CHANGED,
            actor=acting_user,
            target=recommendation,
            extras={"status": status, "date": day.isoformat()},
        )
    return change


def add_evidence(
    *,
    acting_user: User | None,
    recommendation: Recommendation,
    day: date,
    source_kind: str,
    text: str,
    public: bool,
    documents: list[Document] | None = None,
) -> Evidence:
    if recommendation.review != Review.ACCEPTED:
        raise ValidationError(_("Accept the recommendation before following it up."))
    evidence = Evidence(
        recommendation=recommendation,
        date=day,
        source_kind=source_kind,
        text=text,
        public=public,
        added_by=acting_user,
    )
    evidence.full_clean(exclude=["added_by"])
    with transaction.atomic():
        evidence.save()
        if documents:
            evidence.documents.set(documents)
        record(
            tag=AuditTag.VISIT_EVIDENCE_ADDED,
            actor=acting_user,
            target=recommendation,
            extras={"evidence": evidence.pk, "source": source_kind, "public": public},
        )
    return evidence


def set_live_count(
    *, acting_user: User, recommendation: Recommendation, live_count: str, public: bool
) -> Recommendation:
    """Link a recommendation to a live figure of the cases app, shown to staff and,
    when ``public``, on the tracker (always suppressed under five)."""
    if live_count not in LiveCount.values:
        raise ValidationError(_("Unknown live count."))
    public = public and bool(live_count)
    recommendation.live_count, recommendation.live_count_public = live_count, public
    save_and_record(
        recommendation,
        update_fields=["live_count", "live_count_public"],
        tag=AuditTag.VISIT_LIVE_COUNT_SET,
        actor=acting_user,
        extras={"live_count": live_count, "public": public},
    )
    return recommendation


def create_theme(*, acting_user: User, label: str) -> Theme:
    label = " ".join(label.split())
    if Theme.objects.filter(label__iexact=label).exists():
        raise ValidationError(_("This theme already exists."))
    theme = Theme(label=label, upr_info=False)
    theme.full_clean()
    save_and_record(theme, tag=AuditTag.VISIT_THEME_CREATED, actor=acting_user)
    return theme
