"""Demo data for the visits desk: the 2022 visit to Tajikistan, its end-of-mission
statement ingested from ../shared/seed, its recommendations accepted, and a few
follow-up entries. The visit and statement are real; every follow-up entry is
fictional and says so in its text."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.conf import settings
from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.testing.visits import TAJIKISTAN_2022, add_evidence, add_meeting
from rapporteur.visits.models import Status, Visit
from rapporteur.visits.services import ingestion, recommendations, visits

SEED_NAME = "end-of-mission-statement-tajikistan-2022.txt"
FICTIONAL = "Demo (fictional): "

MEETINGS = [
    ("Ministry of Foreign Affairs", "government"),
    ("Ministry of Justice", "government"),
    ("Parliament", "parliament"),
    ("Supreme Court", "judiciary"),
    ("State Security Committee", "security"),
    ("Ombudsman", "ombudsman"),
    ("Human rights defenders in pre-trial detention", "detention"),
    ("UN country team", "un"),
    ("Diplomatic community in Dushanbe", "diplomatic"),
]

# (recommendation position, status, date, public note, evidence source, evidence text)
FOLLOW_UP = [
    (
        1,
        Status.IN_PROGRESS,
        date(2023, 9, 1),
        "A working group on a law on human rights defenders was announced.",
        "government",
        "The Government reported a working group including the Ombudsman.",
    ),
    (
        3,
        Status.PARTIAL,
        date(2024, 3, 15),
        "Two defenders were released; others remain in detention.",
        "mandate",
        "Cases followed by the mandate show two releases after appeal.",
    ),
    (
        5,
        Status.REGRESSED,
        date(2024, 6, 1),
        "New reporting duties were imposed on public associations.",
        "civil-society",
        "Civil-society organisations describe additional inspections.",
    ),
]


def is_loaded() -> bool:
    return Visit.objects.filter(
        country_code=TAJIKISTAN_2022["country_code"], start_date=TAJIKISTAN_2022["start_date"]
    ).exists()


def load(*, acting_user: User | None, desk_keys: Mapping[int, bytes]) -> str:
    """Idempotent: does nothing when the visit is already there. Returns a line to print.
    ``desk_keys``: the acting user's unlocked ones (ingestion's content digest)."""
    seed = settings.VISITS_SHARED_DIR / "seed" / SEED_NAME
    if is_loaded():
        return "Visits: the 2022 visit to Tajikistan is already loaded."
    if not seed.exists():
        return f"Visits: {seed} is absent, so the demo has no visit; the tracker stays empty."
    with transaction.atomic():
        visit = visits.create_visit(
            acting_user=acting_user,
            **TAJIKISTAN_2022,
            invitation="Invitation of the Government of Tajikistan",
            places_visited=[
                "Dushanbe",
                "Khujand (Sughd region) | Худжанд (Согдийская область) | Хуҷанд (вилояти Суғд)",
            ],
            refused_requests=[
                "Visit to Gorno-Badakhshan Autonomous Oblast (GBAO)"
                " | Посещение Горно-Бадахшанской автономной области (ГБАО)"
                " | Сафар ба Вилояти Мухтори Кӯҳистони Бадахшон (ВМКБ)"  # noqa: RUF001
            ],
            published=True,
        )
        for institution, kind in MEETINGS:
            add_meeting(visit, acting_user, institution=institution, kind=kind)
        result = ingestion.ingest_document(
            acting_user=acting_user,
            visit=visit,
            name=SEED_NAME,
            chunks=[seed.read_bytes()],
            desk_keys=desk_keys,
            kind="statement",
        )
        recommendations.accept_all(acting_user=acting_user, visit=visit)
        recs = {r.position: r for r in visit.recommendations.all()}
        for position, status, day, note, source, text in FOLLOW_UP:
            rec = recs.get(position)
            if rec is None:
                continue
            recommendations.set_status(
                acting_user=acting_user,
                recommendation=rec,
                status=status,
                day=day,
                public_note=FICTIONAL + note,
            )
            add_evidence(rec, acting_user, FICTIONAL + text, source_kind=source, day=day)
    return (
        f"Visits: the 2022 visit to Tajikistan with {result.found} recommendations "
        "(follow-up entries are fictional); public tracker at /tracker/."
    )
