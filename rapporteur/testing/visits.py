"""Visits, documents and recommendations for tests: the one place that makes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from rapporteur.visits.models import (
    Mechanism,
    Recommendation,
    RecommendationTheme,
    Review,
    Theme,
    Visit,
)


def make_visit(**fields: Any) -> Visit:
    values = {
        "country_code": "TJ",
        "country_name": "Tajikistan",
        "start_date": date(2022, 11, 28),
        "end_date": date(2022, 12, 9),
        "places_visited": ["Dushanbe", "Khujand"],
        "refused_requests": ["Gorno-Badakhshan Autonomous Oblast (GBAO)"],
        "published": True,
    }
    values.update(fields)
    return Visit.objects.create(**values)


def make_recommendation(
    visit: Visit, *, review: str = Review.ACCEPTED, **fields: Any
) -> Recommendation:
    values = {
        "visit": visit,
        "country_code": visit.country_code,
        "mechanism": Mechanism.SPECIAL_PROCEDURE,
        "text": "All human rights defenders facing criminal proceedings should be released.",
        "paragraph": "50",
        "addressee": "Government",
        "review": review,
    }
    values.update(fields)
    rec = Recommendation.objects.create(**values)
    RecommendationTheme.objects.create(
        recommendation=rec,
        # get_or_create: a transactional test before this one flushes the seeded themes.
        theme=Theme.objects.get_or_create(label="Human rights defenders", upr_info=True)[0],
        confidence=0.9,
        source="test",
        accepted=review == Review.ACCEPTED,
    )
    return rec


def make_assessment(rec: Recommendation, text: str = "Two defenders are still held.") -> Any:
    """A civil-society assessment through intake (needs an initialised vault)."""
    from rapporteur.intake.forms import token_digest
    from rapporteur.visits.services import assessments

    receipt = assessments.receive_assessment(
        recommendation=rec,
        answers={"assessment": text, "status_seen": "not-started", "organisation": "NGO X"},
        language="en",
        form_token=token_digest(f"sample-{rec.pk}-{text}"),
    )
    return receipt.submission.assessment  # type: ignore[attr-defined]


def visit_samples() -> dict[str, Any]:
    """URL arguments for the role matrix and page tests: real, public objects."""
    visit = make_visit()
    rec = make_recommendation(visit)
    return {
        "visit_id": visit.pk,
        "recommendation_id": rec.pk,
        "assessment_id": make_assessment(rec).pk,
        "country": "TJ",
        "report_format": "docx",
        "export_format": "csv",
    }
