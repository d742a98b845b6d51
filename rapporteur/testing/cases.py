"""Test helpers for the case desk: unlocked staff clients without the sign-in
views (TOTP codes cannot be reused within their 30 seconds), the desk keys of a
persona, the keywords of a staff member writing on a case (``case_writer``), an act
by vocabulary key and dates in words (``add_act``), a case of any shape through the
services (``make_case``, which the demo's cases use too), and a documented case with
known names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.utils import timezone

from rapporteur.accounts.models import User
from rapporteur.cases.dates import parse_uncertain_date
from rapporteur.cases.models import Act, Case, Document, Event, Person, Term
from rapporteur.cases.services import corrections, documents, records, triage
from rapporteur.communications.models import Communication, State
from rapporteur.communications.services import drafting, workflow
from rapporteur.intake.models import Kind, MeetingState, Submission
from rapporteur.intake.services import inbox
from rapporteur.testing.intake import receipt_in, submit
from rapporteur.testing.intake import url_samples as intake_samples
from rapporteur.testing.personas import sign_in
from rapporteur.testing.seeds import reseed_migration_data
from rapporteur.testing.vault import desk_keys_of, initialise, use_fast_argon2, use_stores
from rapporteur.vault.session import keep_desk_keys, set_cookies

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings as SettingsFixture


def sign_in_with_keys(user: User, client: Client | None = None) -> Client:
    """Both factors as ``sign_in`` does, plus the unlocked desk keys in the session
    exactly as the sign-in hook leaves them (sealed session half + cookie half)."""
    client = sign_in(client or Client(), user)
    session = client.session
    request = HttpRequest()
    request.session = session
    keep_desk_keys(request=request, keys=desk_keys_of(user))
    session.save()
    response = HttpResponse()
    set_cookies(request=request, response=response)
    for name, morsel in response.cookies.items():
        client.cookies[name] = morsel.value
    return client


def ensure_vocabularies() -> None:
    """Seed the vocabularies again if a transactional test's flush removed them
    (they come from a data migration, which a flush does not replay)."""
    reseed_migration_data("cases")


def term(list_name: str, key: str) -> Term:
    return Term.objects.get(list_name=list_name, key=key)


class CaseWriter(TypedDict):
    """The keywords the record services of a case all take: the case, who writes,
    and their unlocked desk keys."""

    case: Case
    acting_user: User
    desk_keys: dict[int, bytes]


def case_writer(case: Case, user: User, desk_keys: dict[int, bytes] | None = None) -> CaseWriter:
    """``user`` writing on ``case``, as those keywords:
    ``records.add_event(**case_writer(case, officer), title="Trial")``. The desk keys
    are ``user``'s own, unlocked with the test password, unless given."""
    if desk_keys is None:
        desk_keys = desk_keys_of(user)
    return CaseWriter(case=case, acting_user=user, desk_keys=desk_keys)


def add_act(
    writer: CaseWriter,
    *,
    event: Event,
    kind: str,
    victim: Person | None = None,
    start: str = "",
    end: str = "",
    **fields: Any,
) -> Act:
    """An act of ``event`` through ``records.add_act``: its type by vocabulary key,
    its dates as people write them; ``fields`` (place, region...) as the service
    takes them."""
    return records.add_act(
        **writer,
        event=event,
        act_type=term("types_of_acts", kind),
        victim=victim,
        start=parse_uncertain_date(start),
        end=parse_uncertain_date(end),
        **fields,
    )


class PersonRow(NamedTuple):
    """A person or organisation of ``make_case`` (no profession: an organisation)."""

    name: str
    other_names: str = ""
    profession: str = ""
    sex: str = ""
    consent: str = "unknown"
    narrative: str = ""


class ActRow(NamedTuple):
    """An act of ``make_case``: vocabulary keys, the victim's index among the case's
    persons, dates as people write them."""

    kind: str
    victim: int = 0
    start: str = ""
    end: str = ""
    place: str = ""
    reason: str = ""
    region: str = ""
    laws: Sequence[str] = ()
    perpetrators: Sequence[str] = ()


class EventRow(NamedTuple):
    title: str
    description: str = ""
    acts: Sequence[Sequence[Any]] = ()


def make_case(
    *,
    owner: User,
    desk_keys: dict[int, bytes],
    title: str,
    summary: str = "",
    country: str = "TJ",
    risk: str = "medium",
    opened: str = "",
    members: Sequence[tuple[User, bool]] = (),
    persons: Sequence[Sequence[Any]] = (),
    events: Sequence[Sequence[Any]] = (),
    information: Sequence[tuple[str, bool]] = (),
    interventions: Sequence[str] = (),
    tasks: Sequence[tuple[str, int]] = (),
) -> Case:
    """A case as its owner would type it, through the case services (sealed, indexed
    once at the end, an audit entry per record). Rows are tuples in the order of
    ``PersonRow``, ``EventRow`` (with ``ActRow``s); ``members`` are (user, can write);
    information is (summary, confidential), sourced from the first person;
    interventions concern the first person; tasks are (text, due in days from
    today), assigned to the owner. Events follow one another in the order given."""
    terms = {(t.list_name, t.key): t for t in Term.objects.exclude(key="")}
    case = records.open_case(
        acting_user=owner,
        title=title,
        summary=summary,
        country=country,
        risk=risk,
        opened_on=parse_uncertain_date(opened).value if opened else None,
        desk_keys=desk_keys,
    )
    for user, can_write in members:
        records.set_member(case=case, acting_user=owner, user=user, can_write=can_write)
    writer = case_writer(case, owner, desk_keys)
    people = []
    for row in persons:
        person = PersonRow(*row)
        people.append(
            records.add_person(
                **writer,
                data={
                    "name": person.name,
                    "other_names": person.other_names,
                    "narrative": person.narrative,
                },
                kind="individual" if person.profession else "organisation",
                profession=terms[("occupation", person.profession)] if person.profession else None,
                sex=person.sex,
                consent_to_name=person.consent,
                reindex=False,
            )
        )
    previous = None
    for row in events:
        spec = EventRow(*row)
        previous = event = records.add_event(
            **writer,
            title=spec.title,
            description=spec.description,
            follows=previous,
            reindex=False,
        )
        for act_row in spec.acts:
            act = ActRow(*act_row)
            add_act(
                writer,
                event=event,
                kind=act.kind,
                victim=people[act.victim],
                start=act.start,
                end=act.end,
                place=act.place,
                stated_reason=act.reason,
                region=terms[("regions", act.region)] if act.region else None,
                legal_provisions=[terms[("legal_provisions", key)] for key in act.laws],
                perpetrators=[
                    {"perpetrator_type": terms[("types_of_perpetrators", key)]}
                    for key in act.perpetrators
                ],
                reindex=False,
            )
    for text, confidential in information:
        records.add_information(**writer, summary=text, source=people[0], confidential=confidential)
    for description in interventions:
        records.add_intervention(
            case=case, acting_user=owner, description=description, victim=people[0]
        )
    today = timezone.localdate()
    for text, days in tasks:
        records.add_task(
            case=case,
            acting_user=owner,
            text=text,
            due_on=today + timedelta(days=days),
            assignee=owner,
        )
    records.reindex_case(case=case, desk_keys=desk_keys)
    return case


def documented_case(
    owner: User,
    *,
    name: str = "Buzurgmehr Yorov",
    place: str = "Хуҷанд",
    narrative: str = "Arrested after defending members of an opposition party.",
    when: str = "spring 2022",
    document: bytes | None = b"scan of the charge sheet",
) -> tuple[Case, Document | None]:
    """A case with a victim, an event, an arrest under article 307 and a document."""
    keys = desk_keys_of(owner)
    case = records.open_case(
        acting_user=owner,
        title=f"Case of {name}",
        country="TJ",
        summary=narrative,
        desk_keys=keys,
        opened_on=date(2022, 6, 1),
    )
    writer = case_writer(case, owner, keys)
    person = records.add_person(
        **writer,
        data={
            "name": name,
            "narrative": narrative,
            "contacts": "+992 000 00 00",
            "protection_needs": "relocation",
        },
        profession=term("occupation", "lawyer"),
        sex="010000000000",
    )
    event = records.add_event(**writer, title="Arrest", description=narrative)
    add_act(
        writer,
        event=event,
        kind="arrest",
        victim=person,
        start=when,
        place=place,
        stated_reason="public calls",
        legal_provisions=[term("legal_provisions", "tj_cc_307")],
    )
    doc = None
    if document is not None:
        doc = documents.add_document(
            case=case, acting_user=owner, chunks=[document], filename="charge-sheet.txt"
        )
    return case, doc


def record_samples(case: Case, owner: User) -> dict[str, int]:
    """One record of each kind on ``case`` (a perpetrator, information, an
    intervention, a task besides the documented event, act and person), named
    by the URL arguments of their edit and delete routes."""
    writer = case_writer(case, owner)
    act = case.acts.get()
    involvement = corrections.add_involvement(
        **writer,
        act=act,
        perpetrator_type=term("types_of_perpetrators", "police"),
        new_perpetrator={"name": "Major Example", "kind": "individual"},
    )
    information = records.add_information(**writer, summary="Told by a relative")
    intervention = records.add_intervention(
        case=case, acting_user=owner, description="Urgent appeal drafted"
    )
    task = records.add_task(case=case, acting_user=owner, text="Call the lawyer", due_on=None)
    return {
        "event_id": act.event_id,
        "act_id": act.pk,
        "person_id": Person.objects.filter(cases=case).earliest("id").pk,
        "involvement_id": involvement.pk,
        "information_id": information.pk,
        "intervention_id": intervention.pk,
        "task_id": task.pk,
    }


def restricted_case_from_submission(owner: User, *, submission_id: int) -> dict[str, int]:
    """Make ``owner``'s restricted case from a submission, with everything that then
    follows the case's access list: the submission (with its file) gets a staff
    message and is taken into a new case by triage; an accepted meeting request is
    linked to the case; a letter drafted from the case waits for approval; another
    letter of the case was sent and is unanswered and overdue (so deadlines, the
    calendar feed and the statistics count it). Returns their ids."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    keys = desk_keys_of(owner)
    submission = Submission.objects.select_related("desk_key").get(pk=submission_id)
    inbox.reply(submission=submission, acting_user=owner, text="We received your report.")
    case = triage.triage(submissions=[submission], acting_user=owner, desk_keys=keys)
    receipt_in(
        submit(
            Client(),
            url_name="intake:meeting",
            files=[SimpleUploadedFile("agenda.txt", b"agenda")],
        )
    )
    meeting = Submission.objects.filter(kind=Kind.MEETING).latest("id")
    inbox.answer_meeting(
        submission=meeting, acting_user=owner, decision=MeetingState.ACCEPTED,
        start=timezone.now() + timedelta(days=3), duration_minutes=60,
        place="A quiet office", text="See you then.",
    )  # fmt: skip
    case.submissions.add(meeting)
    letter = drafting.draft_from_case(
        case=case, acting_user=owner, desk_keys=keys, kind="UA", language="en",
        addressee_code="TJK",
    )  # fmt: skip
    workflow.move(communication=letter, acting_user=owner, to=State.REVIEW)
    sent_on = timezone.localdate() - timedelta(days=70)
    sent = Communication.objects.create(
        kind="AL", addressee_code="TJK", created_by=owner, desk_key=letter.desk_key,
        envelope=letter.envelope, state=State.AWAITING_REPLY, sent_on=sent_on,
        reply_due_on=sent_on + timedelta(days=60), reference=f"AL TJK 90/{sent_on.year}",
        ref_year=sent_on.year, ref_number=90,
    )  # fmt: skip
    sent.cases.add(case)
    return {
        "restricted_case_id": case.pk,
        "restricted_submission_id": submission.pk,
        "restricted_meeting_id": meeting.pk,
        "restricted_letter_id": letter.pk,
        "restricted_sent_letter_id": sent.pk,
    }


def url_samples(
    personas: dict[str, User], settings: SettingsFixture, tmp_path: Path
) -> dict[str, int | str]:
    """URL arguments for tests that walk every URL: the intake's samples (a real
    submission with one file, then taken by triage into a restricted case of
    "officer": see ``restricted_case_from_submission``) and a documented case owned
    by "officer" with one document. The desk key goes to the rapporteur, the officer
    and the other officer, so a 404 for the other officer comes from need-to-know,
    not from a locked vault."""
    use_fast_argon2(settings)
    use_stores(settings, tmp_path)
    initialise(personas["rapporteur"], personas["officer"], personas["other_officer"])
    case, document = documented_case(personas["officer"])
    if document is None:
        raise AssertionError("documented_case made no document")
    intake = intake_samples(personas)
    restricted = restricted_case_from_submission(personas["officer"], submission_id=intake["pk"])
    return {
        "user_id": personas["officer"].pk,
        "action": "unlock",
        "case_id": case.pk,
        "document_id": document.pk,
        **record_samples(case, personas["officer"]),
        "case_owner": "officer",
        **intake,
        **restricted,
    }
