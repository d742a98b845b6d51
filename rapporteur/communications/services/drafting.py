"""Creating and editing drafts, their persons, follow-ups and the libraries.

Content arrives as plaintext typed by staff and is sealed here; it never reaches
the audit log, which records only ids and codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from rapporteur.accounts.models import User
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import selectors as cases_selectors
from rapporteur.cases.dates import UncertainDate
from rapporteur.cases.models import Case
from rapporteur.cases.selectors import ActForLetter, VictimForLetter
from rapporteur.communications.content import DraftContent, open_communication
from rapporteur.communications.letters.facts import FEMALE, MALE, ActFacts, fact_sentence
from rapporteur.communications.models import (
    EDITABLE_STATES,
    SENT_STATES,
    Communication,
    PersonConcerned,
    SpecialProcedureMandate,
)
from rapporteur.communications.services import WorkflowError
from rapporteur.vault import sealing as vault_sealing


def _own_mandate() -> list[SpecialProcedureMandate]:
    return list(SpecialProcedureMandate.objects.filter(is_own=True))


def create_draft(
    *,
    acting_user: User,
    kind: str,
    language: str,
    addressee_code: str,
    addressee_other: str = "",
    copies_to: str = "",
    mandates: Iterable[SpecialProcedureMandate] = (),
    legal_paragraphs: Iterable[str] = (),
    content: DraftContent,
    follow_up_of: Communication | None = None,
) -> Communication:
    """A new draft, sealed to the current desk key, signed by this desk's own
    mandate plus any joint ones."""
    with transaction.atomic():
        communication = vault_sealing.create_sealed(
            Communication,
            content.as_dict(),
            kind=kind,
            language=language,
            addressee_code=addressee_code,
            addressee_other=addressee_other,
            copies_to=copies_to,
            legal_paragraphs=list(legal_paragraphs),
            follow_up_of=follow_up_of,
            created_by=acting_user,
        )
        communication.mandates.set([*_own_mandate(), *mandates])
        record(
            tag=AuditTag.COMMUNICATION_FOLLOW_UP
            if follow_up_of
            else AuditTag.COMMUNICATION_CREATED,
            actor=acting_user,
            target=communication,
            extras={"kind": kind, "addressee": addressee_code}
            | ({"follow_up_of": follow_up_of.pk} if follow_up_of else {}),
        )
    return communication


def _require_editable(communication: Communication) -> None:
    if communication.state not in EDITABLE_STATES:
        raise WorkflowError(
            _("The text can no longer be changed: it was approved. Return it to draft first.")
        )


def edit_draft(
    *,
    communication: Communication,
    acting_user: User,
    kind: str,
    language: str,
    addressee_code: str,
    addressee_other: str,
    copies_to: str,
    mandates: Iterable[SpecialProcedureMandate],
    legal_paragraphs: Iterable[str],
    content: DraftContent,
) -> None:
    """Replace the draft's fields and sealed content (re-sealed to the current key)."""
    _require_editable(communication)
    with transaction.atomic():
        communication.kind = kind
        communication.language = language
        communication.addressee_code = addressee_code
        communication.addressee_other = addressee_other
        communication.copies_to = copies_to
        communication.legal_paragraphs = list(legal_paragraphs)
        vault_sealing.seal_into(communication, content.as_dict())
        communication.save()
        communication.mandates.set([*_own_mandate(), *mandates])
        record(tag=AuditTag.COMMUNICATION_EDITED, actor=acting_user, target=communication)


def set_person(
    *,
    communication: Communication,
    acting_user: User,
    name: str,
    description: str,
    consent: bool,
    person: PersonConcerned | None = None,
    case_person_id: int | None = None,
) -> PersonConcerned:
    """Add a person (next ``[[person:N]]``) or change one. Consent may be changed
    until sending, which re-checks it."""
    if communication.state in SENT_STATES:
        raise WorkflowError(_("The letter was sent; its persons can no longer change."))
    with transaction.atomic():
        data = {"name": name, "description": description}
        if person is None:
            last = communication.persons.aggregate(last=Max("position"))["last"] or 0
            person = vault_sealing.create_sealed(
                PersonConcerned,
                data,
                communication=communication,
                position=last + 1,
                consent_to_share_name=consent,
                case_person_id=case_person_id,
            )
        else:
            person.consent_to_share_name = consent
            vault_sealing.seal_into(person, data)
            person.save(update_fields=["consent_to_share_name", "desk_key", "envelope"])
        record(
            tag=AuditTag.COMMUNICATION_PERSON_SET,
            actor=acting_user,
            target=communication,
            extras={"position": person.position, "consent": consent},
        )
    return person


def set_body(*, communication: Communication, acting_user: User, content: DraftContent) -> None:
    """Store the edited letter text (``content.body``); an empty body goes back to
    the template's rendering."""
    _require_editable(communication)
    with transaction.atomic():
        vault_sealing.seal_into(communication, content.as_dict())
        save_and_record(
            communication,
            update_fields=["desk_key", "envelope"],
            tag=AuditTag.COMMUNICATION_EDITED,
            actor=acting_user,
            extras={"part": "body"},
        )


def follow_up(
    *, communication: Communication, acting_user: User, desk_keys: dict[int, bytes]
) -> Communication:
    """A new draft linked to a sent communication, with its addressee, mandates,
    linked cases and acts, and persons (and their consent, still read live from the
    case for persons drawn from one) carried over; facts start empty."""
    if communication.state not in SENT_STATES:
        raise WorkflowError(_("Only a sent communication can be followed up."))
    opened = open_communication(communication=communication, desk_keys=desk_keys)
    with transaction.atomic():
        new = create_draft(
            acting_user=acting_user,
            kind=communication.kind,
            language=communication.language,
            addressee_code=communication.addressee_code,
            addressee_other=communication.addressee_other,
            copies_to=communication.copies_to,
            mandates=[m for m in communication.mandates.all() if not m.is_own],
            legal_paragraphs=communication.legal_paragraphs,
            content=DraftContent(subject=opened.content.subject),
            follow_up_of=communication,
        )
        new.cases.set(communication.cases.all())
        new.acts.set(communication.acts.all())
        for person in opened.persons:
            set_person(
                communication=new,
                acting_user=acting_user,
                name=person.name,
                description=person.description,
                consent=person.consent,
                case_person_id=person.case_person_id,
            )
    return new


# HURIDOCS "sex" codes: Russian verbs agree with the victim ("была задержана").
_SEX = {"010000000000": MALE, "020000000000": FEMALE}


def _fact(*, act: ActForLetter, positions: dict[int, int], sexes: dict[int, str]) -> str:
    """One act as a sentence in the letter's language (see ``letters/facts.py``)."""
    who = positions.get(act.victim_id or 0)
    return fact_sentence(
        act=ActFacts(
            act_key=act.act_key,
            act_label=act.act_type,
            when=act.start or UncertainDate.unknown(),
            victim=f"[[person:{who}]]" if who else "",
            victim_sex=sexes.get(act.victim_id or 0, ""),
            perpetrators=act.perpetrators,
            place=act.place_as_written,
            region=act.region,
            provisions=act.provisions,
        ),
        language=translation.get_language() or "en",
    )


def _description(*, victim: VictimForLetter, sex: str) -> str:
    # "A woman human rights defender" is the UN's own term; in Russian it also makes the
    # description agree with the feminine verbs of the facts ("правозащитница была задержана").
    if sex == FEMALE:
        if victim.profession:
            return _("a woman human rights defender (%(profession)s)") % {
                "profession": victim.profession
            }
        return _("a woman human rights defender")
    if victim.profession:
        return _("a human rights defender (%(profession)s)") % {"profession": victim.profession}
    return _("a human rights defender")


def draft_from_case(
    *,
    case: Case,
    acting_user: User,
    desk_keys: dict[int, bytes],
    kind: str,
    language: str,
    addressee_code: str,
    addressee_other: str = "",
) -> Communication:
    """A new draft about ``case``: facts from its acts written as sentences in the
    letter's language (date, victim, what was done, by whom, where, legal provisions
    invoked), its victims as persons concerned, the case and its acts linked.

    The caller must have reached ``case`` through ``get_case_for_user`` (need-to-know
    is not checked again here). Names and places are decrypted with the session's
    desk keys and re-sealed for the communication; they reach no log. Consent is
    read from the case (``persons_consent``) and, because each person keeps a link
    to the case's Person, it stays live: it is read from the case again on every
    letter, so consent recorded there later unblocks sending.
    """
    with translation.override(language):
        acts = cases_selectors.acts_for_letter(case=case, desk_keys=desk_keys, language=language)
        victims = cases_selectors.victims_for_letter(
            case=case, desk_keys=desk_keys, language=language
        )
        consent = {c.person_id: c.may_be_named for c in cases_selectors.persons_consent(case=case)}
        positions = {v.person.pk: n for n, v in enumerate(victims, start=1)}
        sexes = {v.person.pk: _SEX.get(v.person.sex, "") for v in victims}
        facts = [_fact(act=a, positions=positions, sexes=sexes) for a in acts]
        tokens = ", ".join(f"[[person:{n}]]" for n in positions.values())
        subject = (
            _("the situation of %(persons)s") % {"persons": tokens}
            if tokens
            else _("the situation of human rights defenders")
        )
        descriptions = {
            v.person.pk: _description(victim=v, sex=sexes[v.person.pk]) for v in victims
        }
    with transaction.atomic():
        communication = create_draft(
            acting_user=acting_user,
            kind=kind,
            language=language,
            addressee_code=addressee_code,
            addressee_other=addressee_other,
            legal_paragraphs=["declaration-hrd"],
            content=DraftContent(subject=subject, facts=facts),
        )
        communication.cases.add(case)
        communication.acts.set([a.act_id for a in acts])
        for victim in victims:
            set_person(
                communication=communication,
                acting_user=acting_user,
                name=victim.name,
                description=descriptions[victim.person.pk],
                consent=consent.get(victim.person.pk, False),
                case_person_id=victim.person.pk,
            )
        record(
            tag=AuditTag.COMMUNICATION_FROM_CASE,
            actor=acting_user,
            target=communication,
            extras={"case": case.pk, "acts": len(acts), "persons": len(victims)},
        )
    return communication
