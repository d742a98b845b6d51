"""Every change to visits, recommendations and their follow-up: one keyword-only
function each, in one transaction with its audit entry. Ingestion and CSV import
live in ``ingestion``; they follow the same rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.intake import services as intake_services
from rapporteur.intake.models import Kind
from rapporteur.intake.services import Receipt
from rapporteur.vault.selectors import current_desk_key
from rapporteur.visits import sealing
from rapporteur.visits.models import (
    Assessment,
    Document,
    Evidence,
    EvidenceSource,
    Institution,
    LiveCount,
    Meeting,
    Recommendation,
    RecommendationRevision,
    RecommendationTheme,
    Review,
    Status,
    StatusChange,
    Theme,
    Visit,
)

VISIT_FIELDS = (
    "country_code",
    "country_name",
    "start_date",
    "end_date",
    "invitation",
    "places_visited",
    "refused_requests",
    "published",
)


def create_visit(*, acting_user: User | None, **fields: Any) -> Visit:
    visit = Visit(created_by=acting_user, **{k: fields[k] for k in VISIT_FIELDS if k in fields})
    visit.full_clean(exclude=["created_by"])
    with transaction.atomic():
        visit.save()
        record(
            tag=AuditTag.VISIT_CREATED,
            actor=acting_user,
            target=visit,
            extras={"country": visit.country_code},
        )
    return visit


def update_visit(*, acting_user: User, visit: Visit, **fields: Any) -> Visit:
    changed = [k for k in VISIT_FIELDS if k in fields and getattr(visit, k) != fields[k]]
    for name in changed:
        setattr(visit, name, fields[name])
    visit.full_clean(exclude=["created_by"])
    if changed:
        with transaction.atomic():
            visit.save(update_fields=changed)
            record(
                tag=AuditTag.VISIT_UPDATED,
                actor=acting_user,
                target=visit,
                extras={"fields": sorted(changed)},
            )
    return visit


def add_meeting(
    *,
    acting_user: User | None,
    visit: Visit,
    institution: str,
    kind: str,
    day: date | None,
    public_summary: str = "",
    confidential: bool = False,
    participants: str = "",
    notes: str = "",
) -> Meeting:
    """Record a meeting. Participants and notes are always sealed to the desk key;
    a confidential meeting seals the institution too and keeps no public summary
    (refused rather than silently dropped, so nothing sensitive lands in clear).
    Needs only the desk public key: no unlocked session is required to write."""
    if confidential and public_summary.strip():
        raise ValidationError(_("A confidential meeting has no public summary."))
    if not institution.strip():
        raise ValidationError(_("Name the institution or group met."))
    sealed = {"participants": participants, "notes": notes}
    if confidential:
        sealed["institution"] = institution
    meeting = Meeting(
        visit=visit,
        institution="" if confidential else institution,
        kind=kind,
        date=day,
        public_summary=public_summary,
        confidential=confidential,
    )
    if confidential or participants.strip() or notes.strip():
        desk_key = current_desk_key()
        meeting.desk_key = desk_key
        meeting.envelope = sealing.seal_meeting(data=sealed, desk_key=desk_key)
    meeting.full_clean(exclude=["desk_key", "envelope"])
    with transaction.atomic():
        meeting.save()
        record(
            tag=AuditTag.VISIT_MEETING_ADDED,
            actor=acting_user,
            target=meeting,
            extras={"visit": visit.pk, "kind": kind, "confidential": confidential},
        )
    return meeting


def note_meetings_read(*, acting_user: User, visit: Visit, count: int) -> None:
    """Audit that sealed meeting content was shown (how many, never what)."""
    record(
        tag=AuditTag.VISIT_MEETINGS_READ,
        actor=acting_user,
        target=visit,
        extras={"sealed_meetings": count},
    )


def accept_recommendation(*, acting_user: User, recommendation: Recommendation) -> Recommendation:
    """Make a suggestion final, with the themes suggested for it (staff may first edit
    them with ``edit_recommendation``)."""
    return _accept(acting_user, Recommendation.objects.filter(pk=recommendation.pk), bulk=False)[0]


def accept_all(*, acting_user: User | None, visit: Visit) -> int:
    """Accept every suggestion of a visit still waiting for review."""
    pending = visit.recommendations.filter(review=Review.SUGGESTED)
    return len(_accept(acting_user, pending, bulk=True))


def _accept(acting_user: User | None, queryset: Any, *, bulk: bool) -> list[Recommendation]:
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
    with transaction.atomic():
        recommendation.review = Review.REJECTED
        recommendation.reviewed_by = acting_user
        recommendation.reviewed_at = timezone.now()
        recommendation.save(update_fields=["review", "reviewed_by", "reviewed_at"])
        record(tag=AuditTag.VISIT_RECOMMENDATION_REJECTED, actor=acting_user, target=recommendation)


def _snapshot(rec: Recommendation) -> dict[str, Any]:
    return {
        "text": rec.text,
        "addressee": rec.addressee,
        "situation_at_visit": rec.situation_at_visit,
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
) -> Recommendation:
    """Staff's corrections. The values before are kept as a revision; the chosen themes
    become the recommendation's themes (keeping the model's confidence where it had
    suggested the same one)."""
    rec = recommendation
    with transaction.atomic():
        before = _snapshot(rec)
        rec.text, rec.addressee, rec.situation_at_visit = text, addressee, situation_at_visit
        rec.full_clean(exclude=["reviewed_by", "visit", "document"])
        rec.save(update_fields=["text", "addressee", "situation_at_visit"])
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
    with transaction.atomic():
        recommendation.live_count, recommendation.live_count_public = live_count, public
        recommendation.save(update_fields=["live_count", "live_count_public"])
        record(
            tag=AuditTag.VISIT_LIVE_COUNT_SET,
            actor=acting_user,
            target=recommendation,
            extras={"live_count": live_count, "public": public},
        )
    return recommendation


def create_theme(*, acting_user: User, label: str) -> Theme:
    label = " ".join(label.split())
    if Theme.objects.filter(label__iexact=label).exists():
        raise ValidationError(_("This theme already exists."))
    theme = Theme(label=label, upr_info=False)
    theme.full_clean()
    with transaction.atomic():
        theme.save()
        record(tag=AuditTag.VISIT_THEME_CREATED, actor=acting_user, target=theme)
    return theme


def note_report_export(*, acting_user: User, visit: Visit, file_format: str) -> None:
    record(
        tag=AuditTag.VISIT_REPORT_EXPORTED,
        actor=acting_user,
        target=visit,
        extras={"format": file_format},
    )


def receive_assessment(
    *,
    recommendation: Recommendation,
    answers: dict[str, Any],
    language: str,
    form_token: str,
    files: Sequence[intake_services.FileIn] = (),
    keep_original: bool = False,
) -> Receipt:
    """A civil-society assessment through intake: sealed to the desk key, receipt,
    hour-rounded time, no audit entry (as for every source action). Its files
    (received in RAM) are cleaned and encrypted by intake exactly as a
    submission's. The link to the recommendation is written in intake's
    transaction."""
    if not recommendation.is_public:
        raise ValidationError(_("This recommendation is not on the tracker."))
    return intake_services.receive(
        kind=Kind.ASSESSMENT,
        answers={**answers, "recommendation": recommendation.pk},
        language=language,
        form_token_digest=form_token,
        files=list(files),
        keep_original=keep_original,
        link=lambda submission: Assessment.objects.create(
            submission=submission, recommendation=recommendation
        ),
    )


def attach_assessment(
    *, acting_user: User, assessment: Assessment, day: date, text: str, public: bool
) -> Evidence:
    """Evidence from a civil-society assessment: source kind civil society, the
    text staff write (never the sender's details), linked to the assessment."""
    with transaction.atomic():
        evidence = add_evidence(
            acting_user=acting_user,
            recommendation=assessment.recommendation,
            day=day,
            source_kind=EvidenceSource.CIVIL_SOCIETY,
            text=text,
            public=public,
        )
        assessment.evidence = evidence
        assessment.save(update_fields=["evidence"])
        record(
            tag=AuditTag.VISIT_ASSESSMENT_ATTACHED,
            actor=acting_user,
            target=assessment.recommendation,
            extras={"assessment": assessment.pk, "evidence": evidence.pk, "public": public},
        )
    return evidence
