"""Writes to cases: each one transaction with its change-history row and audit
entry. Content is sealed here from what staff typed and never logged; the audit
entry carries ids and codes only.

Writers need the session's unlocked desk keys (``desk_keys``): sealing needs only
the public key, but the blind index is keyed from the private key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import regions, sealing
from rapporteur.cases.dates import UncertainDate
from rapporteur.cases.models import (
    Act,
    Case,
    Change,
    Consent,
    Event,
    Information,
    Intervention,
    Involvement,
    Membership,
    Person,
    SearchToken,
    Task,
    Term,
)
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.errors import UnlockRequired
from rapporteur.vault.selectors import current_desk_key


def log_change(
    *, case: Case, obj: models.Model, action: str, actor: User | None, changes: dict[str, Any]
) -> Change:
    """One history row (changes sealed) and one audit entry (ids only)."""
    change = vault_sealing.create_sealed(
        Change,
        {"changes": changes},
        case=case,
        record_type=obj._meta.model_name or "",
        record_id=obj.pk,
        action=action,
        actor=actor,
    )
    tag = {
        "add": AuditTag.CASE_RECORD_ADDED,
        "deleted": AuditTag.CASE_RECORD_DELETED,
        "unlink": AuditTag.CASE_RECORD_DELETED,
    }.get(action, AuditTag.CASE_RECORD_CHANGED)
    if obj is case:
        tag = AuditTag.CASE_OPENED if action == "add" else AuditTag.CASE_CHANGED
    record(
        tag=tag,
        actor=actor,
        target=case,
        extras={"record": change.record_type, "record_id": obj.pk, "action": action},
    )
    return change


def date_columns(prefix: str, when: UncertainDate) -> dict[str, Any]:
    """The stored form of an uncertain date: as entered, and its derived interval."""
    return {
        f"{prefix}_value": when.value,
        f"{prefix}_precision": str(when.precision),
        f"{prefix}_margin": when.margin_days,
        f"{prefix}_earliest": when.earliest,
        f"{prefix}_latest": when.latest,
    }


def dates_as_written(**dates: UncertainDate) -> dict[str, str]:
    """The dates' text as the person wrote it, for the record's sealed content
    (``start_written``): it is content, never stored in clear. A text the reader could
    not understand lives only here, so it is never lost."""
    return {f"{name}_written": when.written for name, when in dates.items() if when.written}


def open_case(
    *,
    acting_user: User,
    title: str,
    summary: str = "",
    country: str,
    risk: str = "medium",
    opened_on: date | None = None,
    desk_keys: dict[int, bytes],
) -> Case:
    with transaction.atomic():
        case = vault_sealing.create_sealed(
            Case,
            {"title": title, "summary": summary},
            owner=acting_user,
            country=country.upper(),
            risk=risk,
            opened_on=opened_on or timezone.localdate(),
        )
        log_change(
            case=case,
            obj=case,
            action="add",
            actor=acting_user,
            changes={"title": title, "country": case.country, "risk": risk},
        )
        reindex_case(case=case, desk_keys=desk_keys)
    return case


def update_case(
    *,
    case: Case,
    acting_user: User,
    desk_keys: dict[int, bytes],
    title: str,
    summary: str,
    status: str,
    risk: str,
    country: str,
    tags: Iterable[Term] | None = None,
) -> None:
    """Change the case's own fields; ``tags`` None leaves its tags as they are."""
    with transaction.atomic():
        before = vault_sealing.open_record(case, desk_keys)
        old_tags = sorted(case.tags.values_list("code", flat=True))
        new_tags = old_tags if tags is None else sorted(t.code for t in tags)
        changes: dict[str, Any] = {}
        for name, old, new in (
            ("title", before.get("title"), title),
            ("summary", before.get("summary"), summary),
            ("status", case.status, status),
            ("risk", case.risk, risk),
            ("country", case.country, country.upper()),
            ("tags", old_tags, new_tags),
        ):
            if old != new:
                changes[name] = [old, new]
        if not changes:
            return
        if tags is not None and "tags" in changes:
            case.tags.set(tags)
        case.status, case.risk, case.country = status, risk, country.upper()
        if status == "closed" and case.closed_on is None:
            case.closed_on = timezone.localdate()
        elif status != "closed":
            case.closed_on = None
        vault_sealing.seal_into(case, {"title": title, "summary": summary})
        case.save(
            update_fields=[
                "status",
                "risk",
                "country",
                "closed_on",
                "desk_key",
                "envelope",
                "updated_at",
            ]
        )
        log_change(case=case, obj=case, action="change", actor=acting_user, changes=changes)
        reindex_case(case=case, desk_keys=desk_keys)


# A colleague's access to a case, by the code the members' form and the audit use, as
# ``Membership.can_write``; None: no membership (the row is removed).
ACCESS_CAN_WRITE: dict[str, bool | None] = {"write": True, "read": False, "none": None}
_ACCESS_CODES = {can_write: code for code, can_write in ACCESS_CAN_WRITE.items()}


def set_member(*, case: Case, acting_user: User, user: User, can_write: bool | None) -> None:
    """Add a colleague (``can_write`` True/False) or remove them (None)."""
    with transaction.atomic():
        if can_write is None:
            Membership.objects.filter(case=case, user=user).delete()
        else:
            Membership.objects.update_or_create(
                case=case, user=user, defaults={"can_write": can_write}
            )
        record(
            tag=AuditTag.CASE_MEMBER_CHANGED,
            actor=acting_user,
            target=case,
            extras={"user": user.pk, "access": _ACCESS_CODES[can_write]},
        )


def add_person(
    *,
    case: Case,
    acting_user: User,
    desk_keys: dict[int, bytes],
    data: dict[str, Any],
    kind: str = "individual",
    profession: Term | None = None,
    sex: str = "",
    age_group: str = "",
    consent_to_name: str = "unknown",
    organisation: Person | None = None,
    reindex: bool = True,
) -> Person:
    """A new person (or organisation) linked to this case. ``data``: name,
    other_names, contacts, narrative, protection_needs (all sealed)."""
    with transaction.atomic():
        person = vault_sealing.create_sealed(
            Person,
            data,
            kind=kind,
            profession=profession,
            sex=sex,
            age_group=age_group,
            consent_to_name=consent_to_name,
            organisation=organisation,
            country=case.country,
            created_by=acting_user,
        )
        case.persons.add(person)
        log_change(case=case, obj=person, action="add", actor=acting_user, changes=data)
        if reindex:
            reindex_case(case=case, desk_keys=desk_keys)
    return person


def link_person(*, case: Case, acting_user: User, person: Person) -> None:
    """Put an existing person (found as a likely duplicate) on this case too."""
    with transaction.atomic():
        case.persons.add(person)
        log_change(case=case, obj=person, action="link", actor=acting_user, changes={})


def set_consent(*, case: Case, acting_user: User, person: Person, consent_to_name: str) -> None:
    """Record whether ``person`` may be named to the State. Communications drawn from
    the case read this live: recording "yes" unblocks sending a letter that names
    them, anything else blocks it again. History and audit hold the codes only."""
    if consent_to_name not in Consent.values:
        raise ValueError(f"unknown consent value {consent_to_name!r}")
    with transaction.atomic():
        old = person.consent_to_name
        person.consent_to_name = consent_to_name
        person.save(update_fields=["consent_to_name"])
        log_change(
            case=case,
            obj=person,
            action="consent",
            actor=acting_user,
            changes={"consent_to_name": [old, consent_to_name]},
        )


def set_publication_consent(
    *, case: Case, acting_user: User, person: Person, consents: bool
) -> None:
    """Record whether ``person`` agreed to a summary of their case being published in
    a country report. A report summarises a case only when every person of the case
    agreed (``selectors.publishable_cases``); it reads this live, at download time.
    History and audit hold the flag only."""
    with transaction.atomic():
        old = person.consents_to_publication
        person.consents_to_publication = consents
        person.save(update_fields=["consents_to_publication"])
        log_change(
            case=case,
            obj=person,
            action="consent",
            actor=acting_user,
            changes={"consents_to_publication": [old, consents]},
        )


def add_event(
    *,
    case: Case,
    acting_user: User,
    desk_keys: dict[int, bytes],
    title: str,
    description: str = "",
    follows: Event | None = None,
    reindex: bool = True,
) -> Event:
    with transaction.atomic():
        data = {"title": title, "description": description}
        event = vault_sealing.create_sealed(Event, data, case=case, follows=follows)
        log_change(case=case, obj=event, action="add", actor=acting_user, changes=data)
        if reindex:
            reindex_case(case=case, desk_keys=desk_keys)
    return event


def add_act(
    *,
    case: Case,
    event: Event,
    acting_user: User,
    desk_keys: dict[int, bytes],
    act_type: Term,
    victim: Person | None,
    start: UncertainDate,
    end: UncertainDate,
    place: str = "",
    stated_reason: str = "",
    region: Term | None = None,
    status_at_end: Term | None = None,
    legal_provisions: list[Term] | tuple[Term, ...] = (),
    instruments: list[Term] | tuple[Term, ...] = (),
    perpetrators: Sequence[dict[str, Any]] = (),
    reindex: bool = True,
) -> Act:
    """One act to one victim, with its perpetrators' involvements
    (``perpetrators``: dicts of perpetrator, perpetrator_type, degree)."""
    with transaction.atomic():
        data = {
            "place": place,
            "stated_reason": stated_reason,
            **dates_as_written(start=start, end=end),
        }
        act = vault_sealing.create_sealed(
            Act,
            data,
            case=case,
            event=event,
            act_type=act_type,
            victim=victim,
            country=case.country,
            region=region,
            region_code=regions.code_of_term(region),
            status_at_end=status_at_end,
            **date_columns("start", start),
            **date_columns("end", end),
        )
        act.legal_provisions.set(legal_provisions)
        act.instruments.set(instruments)
        for involvement in perpetrators:
            Involvement.objects.create(act=act, **involvement)
        log_change(
            case=case,
            obj=act,
            action="add",
            actor=acting_user,
            changes={
                **data,
                "act_type": act_type.code,
                "start": start.to_text(),
                "end": end.to_text(),
                "legal_provisions": [t.code for t in legal_provisions],
            },
        )
        if reindex:
            reindex_case(case=case, desk_keys=desk_keys)
    return act


def add_information(
    *,
    case: Case,
    acting_user: User,
    desk_keys: dict[int, bytes],
    summary: str,
    source: Person | None = None,
    reliability: Term | None = None,
    material: Term | None = None,
    received_on: date | None = None,
    confidential: bool = False,
) -> Information:
    with transaction.atomic():
        info = vault_sealing.create_sealed(
            Information,
            {"summary": summary},
            case=case,
            source=source,
            reliability=reliability,
            material=material,
            received_on=received_on,
            confidential=confidential,
        )
        log_change(
            case=case,
            obj=info,
            action="add",
            actor=acting_user,
            changes={"summary": summary, "confidential": confidential},
        )
        reindex_case(case=case, desk_keys=desk_keys)
    return info


def add_intervention(
    *,
    case: Case,
    acting_user: User,
    description: str,
    intervention_type: Term | None = None,
    party: Person | None = None,
    victim: Person | None = None,
    on_date: date | None = None,
) -> Intervention:
    with transaction.atomic():
        item = vault_sealing.create_sealed(
            Intervention,
            {"description": description},
            case=case,
            intervention_type=intervention_type,
            party=party,
            victim=victim,
            on_date=on_date,
        )
        log_change(
            case=case,
            obj=item,
            action="add",
            actor=acting_user,
            changes={"description": description},
        )
    return item


def add_task(
    *, case: Case, acting_user: User, text: str, due_on: date | None, assignee: User | None = None
) -> Task:
    with transaction.atomic():
        task = vault_sealing.create_sealed(
            Task, {"text": text}, case=case, due_on=due_on, assignee=assignee
        )
        log_change(
            case=case,
            obj=task,
            action="add",
            actor=acting_user,
            changes={"text": text, "due_on": str(due_on or "")},
        )
    return task


def set_task_done(*, task: Task, acting_user: User, done: bool) -> None:
    with transaction.atomic():
        task.done = done
        task.save(update_fields=["done"])
        log_change(
            case=task.case,
            obj=task,
            action="change",
            actor=acting_user,
            changes={"done": [not done, done]},
        )


def index_terms(case: Case, desk_keys: dict[int, bytes]) -> list[str]:
    """Every term of a case's blind index: names and places as names (words and the
    sorted whole), narratives as words. Confidential records are left out, so a
    search cannot confirm who a protected source is."""
    terms: list[str] = []
    opened = vault_sealing.open_record(case, desk_keys)
    terms += sealing.name_terms(str(opened.get("title", "")))
    terms += sealing.narrative_terms(str(opened.get("summary", "")))
    for event in Event.objects.filter(case=case).select_related("desk_key"):
        content = vault_sealing.open_record(event, desk_keys)
        terms += sealing.narrative_terms(
            f"{content.get('title', '')} {content.get('description', '')}"
        )
    for act in Act.objects.filter(case=case).select_related("desk_key"):
        content = vault_sealing.open_record(act, desk_keys)
        terms += sealing.name_terms(str(content.get("place", "")))
        terms += sealing.narrative_terms(str(content.get("stated_reason", "")))
    for person in case.persons.filter(merged_into=None).select_related("desk_key"):
        content = vault_sealing.open_record(person, desk_keys)
        for field in ("name", "other_names"):
            terms += sealing.name_terms(str(content.get(field, "")))
        terms += sealing.narrative_terms(
            f"{content.get('narrative', '')} {content.get('description', '')}"
        )
    for info in Information.objects.filter(case=case, confidential=False).select_related(
        "desk_key"
    ):
        terms += sealing.narrative_terms(
            str(vault_sealing.open_record(info, desk_keys).get("summary", ""))
        )
    return terms


def reindex_case(*, case: Case, desk_keys: dict[int, bytes]) -> int:
    """Replace the case's blind-index tokens under the current desk key generation.
    Runs inside the caller's transaction; returns how many tokens."""
    version = current_desk_key().version
    if version not in desk_keys:
        raise UnlockRequired("this session does not hold the current desk key")
    key = sealing.index_keys({version: desk_keys[version]})[version]
    tokens = sealing.tokens(terms=index_terms(case, desk_keys), index_key=key)
    SearchToken.objects.filter(case=case).delete()
    SearchToken.objects.bulk_create(
        [SearchToken(case=case, token=t, key_version=version) for t in tokens], batch_size=1000
    )
    return len(tokens)
