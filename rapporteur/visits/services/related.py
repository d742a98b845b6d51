"""Recommendations on the same issue: suggested when recommendations come in, then
accepted or rejected by staff (each decision audited)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.visits import linking
from rapporteur.visits.models import Recommendation, RelatedRecommendation, Review


def suggest_related(rows: Sequence[Recommendation]) -> int:
    """Suggest, for each of ``rows`` (just stored), the earlier recommendations to
    the same State that say the same thing; returns how many were suggested. Runs
    inside the caller's transaction: the suggestions come and go with the rows."""
    tied = RelatedRecommendation.objects.filter(later__in=[r.pk for r in rows])
    before = tied.count()
    for country in {r.country_code for r in rows}:
        new = [r for r in rows if r.country_code == country]
        earlier = list(
            Recommendation.objects.filter(country_code=country)
            .exclude(pk__in=[r.pk for r in rows])
            .exclude(review=Review.REJECTED)
            .only("pk", "text")
        )
        pairs = linking.similar_pairs([r.text for r in new], [r.text for r in earlier])
        RelatedRecommendation.objects.bulk_create(
            (
                RelatedRecommendation(
                    earlier=earlier[p.earlier], later=new[p.new], similarity=p.similarity
                )
                for p in pairs
            ),
            ignore_conflicts=True,  # a pair already suggested stays as staff left it
        )
    return tied.count() - before


def review_related(*, acting_user: User, related: RelatedRecommendation, accept: bool) -> None:
    """Staff say whether the two recommendations are on the same issue."""
    with transaction.atomic():
        related.review = Review.ACCEPTED if accept else Review.REJECTED
        related.reviewed_by = acting_user
        related.reviewed_at = timezone.now()
        related.save(update_fields=["review", "reviewed_by", "reviewed_at"])
        record(
            tag=AuditTag.VISIT_RELATED_ACCEPTED if accept else AuditTag.VISIT_RELATED_REJECTED,
            actor=acting_user,
            target=related,
            extras={"earlier": related.earlier_id, "later": related.later_id},
        )
