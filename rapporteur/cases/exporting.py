"""A case as JSON following the events model, and a CSV of its coded data.

Schema ``rapporteur.case/1`` is documented in docs/cases.md. Contacts and
protection needs are never exported; confidential records only for the owner.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from rapporteur.cases.models import Act, Case, Event, Information, Intervention, Term
from rapporteur.vault import sealing as vault_sealing

SCHEMA = "rapporteur.case/1"


def _date(act: Act, prefix: str, content: dict[str, Any]) -> dict[str, Any]:
    """The stored date, and the text as written (sealed content, decrypted for this
    export like the place): a date that was not understood is only there."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "value": iso(getattr(act, f"{prefix}_value")),
        "precision": getattr(act, f"{prefix}_precision"),
        "margin_days": getattr(act, f"{prefix}_margin"),
        "earliest": iso(getattr(act, f"{prefix}_earliest")),
        "latest": iso(getattr(act, f"{prefix}_latest")),
        "as_written": str(content.get(f"{prefix}_written", "")),
    }


def _code(term: Term | None) -> str | None:
    return term.code if term else None


def case_json(case: Case, *, desk_keys: dict[int, bytes], owner: bool) -> dict[str, Any]:
    opened = vault_sealing.open_record(case, desk_keys)
    persons = []
    for p in case.persons.filter(merged_into=None).select_related("desk_key", "profession"):
        content = vault_sealing.open_record(p, desk_keys)
        persons.append(
            {
                "id": p.pk,
                "kind": p.kind,
                "name": content.get("name", ""),
                "other_names": content.get("other_names", ""),
                "profession": _code(p.profession),
                "sex": p.sex or None,
                "age_group": p.age_group or None,
                "consent_to_name": p.consent_to_name,
                "organisation": p.organisation_id,
            }
        )
    events = []
    for e in Event.objects.filter(case=case).select_related("desk_key"):
        content = vault_sealing.open_record(e, desk_keys)
        events.append(
            {
                "id": e.pk,
                "title": content.get("title", ""),
                "description": content.get("description", ""),
                "follows": e.follows_id,
            }
        )
    acts = []
    acts_qs = (
        Act.objects.filter(case=case)
        .select_related("desk_key", "act_type", "region", "status_at_end")
        .prefetch_related(
            "legal_provisions",
            "instruments",
            "involvements__perpetrator_type",
            "involvements__degree",
        )
    )
    for a in acts_qs:
        content = vault_sealing.open_record(a, desk_keys)
        acts.append(
            {
                "id": a.pk,
                "event": a.event_id,
                "type": a.act_type.code,
                "victim": a.victim_id,
                "start": _date(a, "start", content),
                "end": _date(a, "end", content),
                "country": a.country,
                "region": _code(a.region),
                "place": content.get("place", ""),
                "stated_reason": content.get("stated_reason", ""),
                "status_at_end": _code(a.status_at_end),
                "legal_provisions": [t.code for t in a.legal_provisions.all()],
                "international_instruments": [t.code for t in a.instruments.all()],
                "involvements": [
                    {
                        "perpetrator": i.perpetrator_id,
                        "perpetrator_type": _code(i.perpetrator_type),
                        "degree": _code(i.degree),
                    }
                    for i in a.involvements.all()
                ],
            }
        )
    information = []
    info_qs = Information.objects.filter(case=case).select_related(
        "desk_key", "reliability", "material"
    )
    for i in info_qs if owner else info_qs.filter(confidential=False):
        information.append(
            {
                "id": i.pk,
                "source": i.source_id,
                "summary": vault_sealing.open_record(i, desk_keys).get("summary", ""),
                "reliability": _code(i.reliability),
                "material": _code(i.material),
                "received_on": i.received_on.isoformat() if i.received_on else None,
                "confidential": i.confidential,
            }
        )
    interventions = [
        {
            "id": i.pk,
            "type": _code(i.intervention_type),
            "party": i.party_id,
            "victim": i.victim_id,
            "date": i.on_date.isoformat() if i.on_date else None,
            "description": vault_sealing.open_record(i, desk_keys).get("description", ""),
        }
        for i in Intervention.objects.filter(case=case).select_related(
            "desk_key", "intervention_type"
        )
    ]
    return {
        "schema": SCHEMA,
        "case": {
            "id": case.pk,
            "title": opened.get("title", ""),
            "summary": opened.get("summary", ""),
            "country": case.country,
            "status": case.status,
            "risk": case.risk,
            "opened_on": case.opened_on.isoformat(),
            "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        },
        "persons": persons,
        "events": events,
        "acts": acts,
        "information": information,
        "interventions": interventions,
    }


CSV_COLUMNS = [
    "case",
    "act",
    "event",
    "act_type",
    "act_type_label",
    "start_precision",
    "start_earliest",
    "start_latest",
    "end_precision",
    "end_earliest",
    "end_latest",
    "country",
    "region",
    "status_at_end",
    "legal_provisions",
    "victim_kind",
    "victim_sex",
    "victim_profession",
    "victim_age_group",
    "perpetrator_types",
]


def case_csv(case: Case) -> str:
    """Coded data only, one row per act: nothing here needs decrypting."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    acts = (
        Act.objects.filter(case=case)
        .select_related("act_type", "region", "status_at_end", "victim__profession")
        .prefetch_related("legal_provisions", "involvements__perpetrator_type")
    )
    for a in acts:
        v = a.victim
        writer.writerow(
            [
                case.pk,
                a.pk,
                a.event_id,
                a.act_type.code,
                a.act_type.label_en,
                a.start_precision,
                a.start_earliest or "",
                a.start_latest or "",
                a.end_precision,
                a.end_earliest or "",
                a.end_latest or "",
                a.country,
                _code(a.region) or "",
                _code(a.status_at_end) or "",
                ";".join(t.code for t in a.legal_provisions.all()),
                v.kind if v else "",
                v.sex if v else "",
                _code(v.profession) if v else "",
                v.age_group if v else "",
                ";".join(_code(i.perpetrator_type) or "" for i in a.involvements.all()),
            ]
        )
    return out.getvalue()
