"""The tracker's open data: a published visit's recommendations as JSON and CSV,
public fields only (no staff name, no evidence kept from the public)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rapporteur.visits import uhri
from rapporteur.visits.countries import place_variant
from rapporteur.visits.models import Recommendation, Visit

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}

EXPORT_COLUMNS = (
    "id",
    "country",
    "visit",
    "mechanism",
    "paragraph",
    "text",
    "addressee",
    "recommending_states",
    "themes",
    "institutions",
    "status",
    "history",
)


def export_rows(recs: list[Recommendation]) -> list[dict[str, Any]]:
    """The open-data form of the tracker: public fields only."""
    return [
        {
            "id": r.pk,
            "country": r.country_code,
            "visit": r.visit_id,
            "mechanism": r.mechanism,
            "paragraph": r.paragraph,
            "text": r.text,
            "addressee": r.addressee,
            "recommending_states": r.recommending_states,
            "themes": [link.theme.label for link in r.theme_links.all()],
            "institutions": [i.name for i in r.institutions.all()],
            "status": r.status,
            "history": [
                {"date": c.date.isoformat(), "status": c.status, "note": c.public_note}
                for c in r.status_changes.all()
            ],
        }
        for r in recs
    ]


def export(visit: Visit, recs: list[Recommendation], export_format: str) -> str:
    """The file's text in ``export_format`` (``json`` or ``csv``)."""
    rows = export_rows(recs)
    if export_format == "json":
        return json.dumps(
            {"visit": _visit_dict(visit), "recommendations": rows}, ensure_ascii=False
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row[k]) for k in EXPORT_COLUMNS})
    return out.getvalue()


def export_uhri(recs: list[Recommendation], export_format: str) -> str:
    """A State's public recommendations in UHRI's columns (``uhri``), as JSON or CSV."""
    rows = [
        uhri.uhri_row(r, themes=[link.theme.label for link in r.theme_links.all()]) for r in recs
    ]
    if export_format == "json":
        return json.dumps({"recommendations": rows}, ensure_ascii=False)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(uhri.UHRI_COLUMNS))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row[k]) for k in uhri.UHRI_COLUMNS})
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(
            f"{v['date']} {v['status']}" if isinstance(v, dict) else str(v) for v in value
        )
    text = str(value)
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _visit_dict(visit: Visit) -> dict[str, object]:
    return {
        "id": visit.pk,
        "country": visit.country_code,
        "country_name": visit.country_name,
        "start_date": visit.start_date.isoformat(),
        "end_date": visit.end_date.isoformat(),
        # open data in one language: the English of "English | Russian | Tajik"
        "places_visited": [place_variant(p, "en") for p in visit.places_visited],
        "refused_requests": [place_variant(p, "en") for p in visit.refused_requests],
    }
