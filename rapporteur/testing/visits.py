"""Test helpers for visits: the one place that makes visits, recommendations,
meetings and assessments, a desk key for the tests that seal, and the search of the
disk for what must never be written there in clear."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rapporteur.accounts.models import User
from rapporteur.intake.forms import token_digest
from rapporteur.testing.intake import database_bytes
from rapporteur.testing.vault import initialise, use_fast_argon2, use_stores
from rapporteur.vault.services import NewDeskKey
from rapporteur.visits.models import (
    Assessment,
    Evidence,
    Mechanism,
    Meeting,
    Recommendation,
    RecommendationTheme,
    RelatedRecommendation,
    Review,
    Theme,
    Visit,
)
from rapporteur.visits.services import assessments, recommendations, visits

# The 2022 visit to Tajikistan, the one the demo loads and most tests make.
TAJIKISTAN_2022: dict[str, Any] = {
    "country_code": "TJ",
    "country_name": "Tajikistan",
    "start_date": date(2022, 11, 28),
    "end_date": date(2022, 12, 9),
}


def make_visit(**fields: Any) -> Visit:
    """A published visit (the 2022 one to Tajikistan unless ``fields`` say otherwise),
    written directly with any field: no validation and no audit entry, unlike
    ``visits.create_visit`` (which the demo's visit goes through)."""
    values = {
        **TAJIKISTAN_2022,
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


def make_assessment(rec: Recommendation, text: str = "Two defenders are still held.") -> Assessment:
    """A civil-society assessment through intake (needs an initialised vault)."""
    receipt = assessments.receive_assessment(
        recommendation=rec,
        answers={"assessment": text, "status_seen": "not-started", "organisation": "NGO X"},
        language="en",
        form_token=token_digest(f"sample-{rec.pk}-{text}"),
    )
    return Assessment.objects.get(submission=receipt.submission)


def add_meeting(
    visit: Visit,
    user: User | None,
    *,
    institution: str,
    kind: str,
    day: date | None = None,
    **fields: Any,
) -> Meeting:
    """A meeting through the service, as staff record it (the demo's meetings too);
    ``fields``: ``public_summary``, ``confidential``, ``participants``, ``notes``."""
    return visits.add_meeting(
        acting_user=user, visit=visit, institution=institution, kind=kind, day=day, **fields
    )


def add_evidence(
    rec: Recommendation,
    user: User | None,
    text: str,
    *,
    public: bool = True,
    source_kind: str = "government",
    day: date = date(2023, 5, 1),
) -> Evidence:
    """Evidence through the service, as staff add it (the demo's follow-up too)."""
    return recommendations.add_evidence(
        acting_user=user,
        recommendation=rec,
        day=day,
        source_kind=source_kind,
        text=text,
        public=public,
    )


def initialise_desk(settings: Any, tmp_path: Path, *holders: User) -> NewDeskKey:
    """A desk key for ``holders`` (cheap Argon2id), with the case and intake file
    stores and the RAM folder of uploads under ``tmp_path``."""
    use_fast_argon2(settings)
    use_stores(settings, tmp_path)
    return initialise(*holders)


def in_clear_on_disk(settings: Any, *texts: str) -> list[tuple[str, str]]:
    """(text, where) for each text found in clear in the database image or a file of
    the case or intake store: as written, lowercased, or in UTF-16. Use in
    ``transaction=True`` tests (see ``database_bytes``)."""
    places = [("database", database_bytes())] + [
        (str(path), path.read_bytes())
        for store in (settings.CASES_FILE_STORE, settings.INTAKE_FILE_STORE)
        if store.exists()
        for path in store.rglob("*")
        if path.is_file()
    ]
    return [
        (text, where)
        for text in texts
        for needle in (text.encode(), text.lower().encode(), text.encode("utf-16-le"))
        for where, data in places
        if needle in data
    ]


def visit_samples() -> dict[str, Any]:
    """URL arguments for the role matrix and page tests: real, public objects."""
    visit = make_visit()
    rec = make_recommendation(visit)
    earlier = make_recommendation(visit, text="Release every defender held for their work.")
    related = RelatedRecommendation.objects.create(earlier=earlier, later=rec, similarity=0.5)
    return {
        "visit_id": visit.pk,
        "recommendation_id": rec.pk,
        "related_id": related.pk,
        "decision": "accept",
        "assessment_id": make_assessment(rec).pk,
        "country": "TJ",
        "report_format": "docx",
        "export_format": "csv",
    }
