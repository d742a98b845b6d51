"""Triage: one or several intake submissions become a case (new or existing).

The questionnaire's answers pre-fill a person, an event and an act; the narrative
becomes information from the (anonymous) source; attachments become case
documents, re-encrypted chunk by chunk. Each submission is marked "taken into a
case" through the intake's own service, in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import selectors
from rapporteur.cases.dates import UncertainDate, read_uncertain_date
from rapporteur.cases.models import Case
from rapporteur.cases.services import documents, records
from rapporteur.intake.models import Status, Submission
from rapporteur.intake.services.inbox import set_status
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.storage import intake_files

# The intake form's answer keys -> the desk vocabulary's term keys.
ACT_KEYS = {
    "arrest": "arrest",
    "detention": "pre_trial_detention",
    "summons": "summons_interrogation",
    "inspection": "inspection",
    "device": "device_seizure",
    "attack": "physical_attack",
    "smear": "smear_campaign",
    "online_harassment": "online_harassment",
    "travel_ban": "travel_ban",
    "forced_return": "forced_return",
    "reprisal": "un_reprisal",
}
ROLE_KEYS = {
    "journalist": "journalist",
    "blogger": "blogger",
    "lawyer": "lawyer",
    "ngo": "ngo_member",
    "judge": "judge",
    "activist": "activist",
    "relative": "relative",
}
SEX_CODES = {"woman": "F", "man": "M"}
# Until staff choose a precise type, an act of kind "other" is filed under the
# HURIDOCS top term for harassment, and the triage note says so.
FALLBACK_ACT = "summons_interrogation"


def triage(
    *,
    submissions: list[Submission],
    acting_user: User,
    desk_keys: dict[int, bytes],
    case: Case | None = None,
    country: str = "TJ",
) -> Case:
    """Take submissions into ``case`` (or a new one titled after the first person)."""
    with transaction.atomic():
        opened = [
            (
                s,
                vault_sealing.open_required(s, desk_keys),
            )
            for s in submissions
        ]
        if case is None:
            first = opened[0][1].get("answers", {}) if opened else {}
            case = records.open_case(
                acting_user=acting_user,
                country=country,
                desk_keys=desk_keys,
                title=str(first.get("person_name") or "Submission"),
                summary=str(first.get("narrative", ""))[:2000],
            )
        for submission, content in opened:
            _take_one(
                case=case,
                submission=submission,
                answers=content.get("answers", {}),
                acting_user=acting_user,
                desk_keys=desk_keys,
            )
        records.reindex_case(case=case, desk_keys=desk_keys)
    return case


def _take_one(
    *,
    case: Case,
    submission: Submission,
    answers: dict,
    acting_user: User,
    desk_keys: dict[int, bytes],
) -> None:
    role = selectors.term_by_key("occupation", ROLE_KEYS.get(answers.get("person_role", ""), ""))
    person = None
    if answers.get("person_name"):
        person = records.add_person(
            case=case,
            acting_user=acting_user,
            desk_keys=desk_keys,
            reindex=False,
            data={
                "name": answers["person_name"],
                "narrative": answers.get("narrative", ""),
                "other_names": "",
                "contacts": "",
                "protection_needs": "",
                "place": answers.get("person_place", ""),
                "organisation_as_written": answers.get("person_organisation", ""),
            },
            profession=role,
            sex=SEX_CODES.get(answers.get("person_gender", ""), ""),
            consent_to_name={"yes": "yes", "no": "no"}.get(
                answers.get("consent_to_name", ""), "unknown"
            ),
        )
    event = records.add_event(
        case=case,
        acting_user=acting_user,
        desk_keys=desk_keys,
        reindex=False,
        title=f"Submission {submission.pk}",
        description=answers.get("narrative", ""),
    )
    act_key = ACT_KEYS.get(answers.get("act_kind", ""), FALLBACK_ACT)
    act_type = selectors.term_by_key("types_of_acts", act_key)
    if act_type is not None:
        # The source's "when" through the desk's own reader: what it cannot read is
        # kept as written (sealed with the act) and shown as not understood.
        start = read_uncertain_date(str(answers.get("event_dates", "")))
        reason = str(answers.get("law_invoked", "")).strip()
        records.add_act(
            case=case,
            event=event,
            acting_user=acting_user,
            desk_keys=desk_keys,
            reindex=False,
            act_type=act_type,
            victim=person,
            start=start,
            end=UncertainDate.unknown(),
            place=answers.get("event_places") or answers.get("person_place", ""),
            stated_reason=reason,
        )
    records.add_information(
        case=case,
        acting_user=acting_user,
        desk_keys=desk_keys,
        summary=answers.get("narrative", ""),
    )
    for attachment in submission.attachments.select_related("desk_key"):
        meta = vault_sealing.open_required(attachment, desk_keys, field="meta_envelope")
        documents.add_document(
            case=case,
            acting_user=acting_user,
            chunks=intake_files.decrypted_chunks(
                attachment.stored_name, version=attachment.desk_key.version, desk_keys=desk_keys
            ),
            filename=str(meta.get("filename") or f"attachment-{attachment.pk}"),
            content_type=str(meta.get("kind") or "application/octet-stream"),
            from_attachment=attachment.pk,
        )
    case.submissions.add(submission)
    set_status(submission=submission, acting_user=acting_user, status=Status.IN_CASE)
    record(
        tag=AuditTag.CASE_TRIAGED,
        actor=acting_user,
        target=case,
        extras={"submission": submission.pk},
    )
