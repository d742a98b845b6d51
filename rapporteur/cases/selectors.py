"""Reads of cases, with need-to-know applied first.

``get_case_for_user`` is the one way a view reaches a case; ``visible_cases`` is
the one queryset lists, search and counts start from. Views never query a model
(``core/tests/test_architecture.py`` fails if one does). Nothing here writes, not
even the audit entry of a read: views call ``services.reading`` for that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import CONTENT_ROLES, Perm, Role
from rapporteur.cases import names, sealing
from rapporteur.cases.dates import UncertainDate, in_words
from rapporteur.cases.models import (
    Act,
    Case,
    CaseStatus,
    Change,
    Document,
    Event,
    Information,
    Intervention,
    Involvement,
    Membership,
    Merge,
    Person,
    PersonKind,
    SearchToken,
    Task,
    Term,
)
from rapporteur.cases.models.vocabulary import CASE_TAGS
from rapporteur.vault import sealing as vault_sealing


def need_to_know(*argument_names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare which URL arguments of a view name need-to-know objects.

    ``@need_to_know("case_id")`` marks a view whose ``case_id`` resolves through
    ``get_case_for_user``: a user who may not know the case exists gets 404, not 403.
    What a case holds follows the same rule (``communication_id``, a submission's
    ``pk``...). The core role-matrix test reads the mark and expects exactly that.
    Apply it under ``@requires`` (``functools.wraps`` carries the mark up).
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        view.need_to_know = argument_names  # type: ignore[attr-defined]
        return view

    return decorator


def visible_cases(user: User) -> QuerySet[Case]:
    """Cases this user may know exist: the rapporteur all, an officer those they own
    or were added to, anyone else none (analysts see aggregates elsewhere)."""
    if not user.is_authenticated or not user.has_desk_permission(Perm.CASES_READ):
        return Case.objects.none()
    if user.role == Role.RAPPORTEUR:
        return Case.objects.all()
    # A subquery, not a join: no DISTINCT, so SQLite can walk the owner index and
    # the (user, case) membership index and stop at a page (same rows as a join).
    member_of = Membership.objects.filter(user=user).values("case_id")
    return Case.objects.filter(Q(owner=user) | Q(pk__in=member_of))


def publishable_cases(user: User, *, country: str) -> QuerySet[Case]:
    """Cases of ``country`` whose summary a report for ``user`` may print: cases this
    user may know exist (need-to-know first) where someone consented to publication
    and every person on the case consented, merged duplicates aside, and persons
    named only as perpetrators aside (they are never asked, as for consent to be
    named to the State: ``perpetrator_only_person_ids``). A case with one victim or
    source who did not agree, or was never asked, is counted in figures only.

    One query settles most cases; a case whose only holdouts are perpetrators of its
    acts is then checked on its own (four small queries each)."""
    persons = Person.objects.filter(cases=OuterRef("pk"), merged_into=None)
    withheld = persons.filter(consents_to_publication=False)
    named_perpetrator = Involvement.objects.filter(
        act__case=OuterRef(OuterRef("pk")), perpetrator=OuterRef("pk")
    )
    candidates = (
        visible_cases(user)
        .filter(country=country.upper())
        .filter(Exists(persons.filter(consents_to_publication=True)))
        .exclude(Exists(withheld.exclude(Exists(named_perpetrator))))
    )
    refused = [
        case.pk
        for case in candidates.filter(Exists(withheld))
        if set(
            case.persons.filter(merged_into=None, consents_to_publication=False).values_list(
                "pk", flat=True
            )
        )
        - perpetrator_only_person_ids(case)
    ]
    return candidates.exclude(pk__in=refused)


def can_write(user: User, case: Case) -> bool:
    if not user.has_desk_permission(Perm.CASES_WRITE):
        return False
    if user.role == Role.RAPPORTEUR or case.owner_id == user.pk:
        return True
    return case.memberships.filter(user=user, can_write=True).exists()


def is_owner(user: User, case: Case) -> bool:
    """Confidential records (e.g. a source's identity) are shown to the owner only."""
    return case.owner_id == user.pk


def get_case_for_user(user: User, case_id: int, *, write: bool = False) -> Case:
    """The case, if this user may know it exists; else 404, exactly as for an id that
    does not exist, so neither the answer nor its timing says which. With
    ``write=True`` a read-only member gets 403 (they know the case exists)."""
    case = visible_cases(user).select_related("desk_key", "owner").filter(pk=case_id).first()
    if case is None:
        raise Http404
    if write and not can_write(user, case):
        raise PermissionDenied
    return case


def record_of_case(case: Case, model: type[Any], pk: int) -> Any:
    """A record that belongs to this case, or 404 (ids of other cases never resolve)."""
    record = model.objects.select_related("desk_key").filter(case=case, pk=pk).first()
    if record is None:
        raise Http404
    return record


def person_of_case(case: Case, pk: int) -> Person:
    person = case.persons.select_related("desk_key").filter(pk=pk, merged_into=None).first()
    if person is None:
        raise Http404
    return person


def terms(list_name: str) -> QuerySet[Term]:
    return Term.objects.filter(list_name=list_name, active=True)


def term_by_key(list_name: str, key: str) -> Term | None:
    return Term.objects.filter(list_name=list_name, key=key).first()


def term_by_code(list_name: str, code: str) -> Term | None:
    return Term.objects.filter(list_name=list_name, code=code).first() if code else None


def vocabulary_lists() -> list[str]:
    """The names of the vocabulary lists, sorted (the list of case tags too, which
    has no term until staff add one)."""
    names = Term.objects.order_by().values_list("list_name", flat=True).distinct()
    return sorted({*names, CASE_TAGS})


def case_tags() -> QuerySet[Term]:
    """The tags a case may carry, in the list's order."""
    return Term.objects.filter(list_name=CASE_TAGS).order_by("order", "id")


def local_terms() -> QuerySet[Term]:
    """The desk's own terms beside HURIDOCS (its local list and those staff added),
    list by list."""
    return Term.objects.filter(local=True).order_by("list_name", "order")


def colleagues_to_add(case: Case) -> QuerySet[User]:
    """Active members of staff who may work on case content, the owner left out."""
    return User.objects.filter(
        role__in=[role.value for role in CONTENT_ROLES], is_active=True
    ).exclude(pk=case.owner_id)


def active_merges(case: Case) -> QuerySet[Merge]:
    """The merges of persons of this case that can still be undone."""
    return Merge.objects.filter(kept__cases=case, undone_at=None).distinct()


def merge_of_case(case: Case, pk: int) -> Merge:
    merge = Merge.objects.filter(pk=pk, kept__cases=case).first()
    if merge is None:
        raise Http404
    return merge


def filtered_cases(
    user: User,
    *,
    status: str = "",
    country: str = "",
    act_type: str = "",
    since: date | None = None,
    until: date | None = None,
    certain_only: bool = False,
) -> QuerySet[Case]:
    """Visible cases narrowed by coded fields. A date window matches acts whose
    interval overlaps it, or, with ``certain_only``, lies wholly inside it (an act
    "in 2022" is only *possibly* in March 2022; see cases.dates)."""
    qs = visible_cases(user)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(country=country.upper())
    act_filter = Q()
    if act_type:
        # The type or its children, resolved to ids first (a handful of vocabulary
        # rows), so the act lookup below never joins the vocabulary.
        type_ids = list(
            Term.objects.filter(Q(code=act_type) | Q(parent_code=act_type)).values_list(
                "id", flat=True
            )
        )
        act_filter &= Q(act_type_id__in=type_ids)
    # An open bound ("before 2020": no earliest; "after 2020": no latest) reaches as far
    # as it must, so it may overlap any window on its open side, and is never certainly
    # inside one; an unknown date (no bound at all) matches no window.
    if since:
        act_filter &= (
            Q(start_earliest__gte=since)
            if certain_only
            else Q(start_latest__gte=since) | Q(start_latest=None, start_earliest__isnull=False)
        )
    if until:
        act_filter &= (
            Q(start_latest__lte=until)
            if certain_only
            else Q(start_earliest__lte=until) | Q(start_earliest=None, start_latest__isnull=False)
        )
    if act_filter:
        # EXISTS per visible case, answered from the (case, act type, dates) index:
        # the cost follows the cases this user may see, not every act of the desk.
        qs = qs.filter(Exists(Act.objects.filter(act_filter, case_id=OuterRef("pk"))))
    return qs


def search_cases(user: User, *, query: str, desk_keys: dict[int, bytes]) -> QuerySet[Case]:
    """Visible cases whose blind index holds every word of the query (any script).

    Need-to-know is applied in the same SQL as the token match, so a count of the
    result is a count of what this user may see, and nothing else.
    """
    terms = [t for t in names.skeleton(query).split() if len(t) >= 2]
    qs = visible_cases(user)
    if not terms:
        return qs.none()
    for term in dict.fromkeys(terms):
        match = Q()
        for version, key in sealing.index_keys(desk_keys).items():
            token = sealing.tokens(terms=[term], index_key=key)[0]
            match |= Q(token=token, key_version=version)
        qs = qs.filter(pk__in=SearchToken.objects.filter(match).values("case_id"))
    return qs


def duplicate_candidates(
    user: User, *, name: str, kind: str, desk_keys: dict[int, bytes], limit: int
) -> list[tuple[Person, str, float]]:
    """Likely duplicates of a name among persons of cases this user may see:
    (person, decrypted name, likeness), best first. Decrypts at most ``limit``
    candidates, newest first; ``names.similarity`` tolerates scripts and typos."""
    people = (
        Person.objects.filter(cases__in=visible_cases(user), merged_into=None, kind=kind)
        .select_related("desk_key")
        .distinct()
        .order_by("-id")[:limit]
    )
    found = []
    for person in people:
        other = str(vault_sealing.open_record(person, desk_keys).get("name", ""))
        if other and names.is_likely_duplicate(name, other):
            found.append((person, other, names.similarity(name, other)))
    return sorted(found, key=lambda item: -item[2])


def history(case: Case, *, record_type: str = "", record_id: int | None = None) -> QuerySet[Change]:
    qs = Change.objects.filter(case=case).select_related("desk_key", "actor")
    if record_type:
        qs = qs.filter(record_type=record_type)
    if record_id is not None:
        qs = qs.filter(record_id=record_id)
    return qs


def documents(case: Case, *, owner: bool) -> QuerySet[Document]:
    qs = Document.objects.filter(case=case).select_related("desk_key")
    return qs if owner else qs.filter(confidential=False)


def kind_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in PersonKind.choices]


def record_list(case: Case, relation: str, *, owner: bool) -> QuerySet[Any]:
    """Records of a case (information, interventions, tasks); confidential ones
    only for the owner."""
    qs = getattr(case, relation).select_related("desk_key")
    if not owner and hasattr(qs.model, "confidential"):
        qs = qs.filter(confidential=False)
    return qs


def confidential_information_ids(case: Case) -> set[int]:
    """Ids of the case's confidential information (shown to the owner only)."""
    return set(case.information.filter(confidential=True).values_list("pk", flat=True))


SMALL_COUNT = 5


def duplicate_candidate(user: User, *, pk: int) -> Person:
    """A person the user may link to a case: one of a case they can see (404 else)."""
    person = Person.objects.filter(pk=pk, merged_into=None, cases__in=visible_cases(user)).first()
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class PersonConsent:
    """What a communication may say about a person of a case: only coded values,
    nothing decrypted. ``consent_to_name`` is a ``Consent`` value ("yes", "no",
    "unknown"); anything but "yes" means the name must not go to the State."""

    person_id: int
    kind: str
    consent_to_name: str

    @property
    def may_be_named(self) -> bool:
        return self.consent_to_name == "yes"


def persons_consent(*, case: Case) -> list[PersonConsent]:
    """The consent to name each (unmerged) person of ``case`` to the State.

    For the communications desk: call it after ``get_case_for_user`` so need-to-know
    has been applied; it reads clear columns only and needs no desk key."""
    rows = case.persons.filter(merged_into=None).order_by("id")
    return [
        PersonConsent(person_id=pk, kind=kind, consent_to_name=consent)
        for pk, kind, consent in rows.values_list("id", "kind", "consent_to_name")
    ]


@dataclass(frozen=True)
class NameForConsent:
    """A name a letter to the State may have to avoid: a person of the case, or the
    person at risk named in one of its intake submissions, with the consent given.

    ``name`` is decrypted plaintext (never log or store it); ``unreadable`` is True
    when this session could not open the record, which the caller must treat as a
    block, never as "no name". ``other_names``: the other spellings staff recorded.
    """

    case_id: int
    source: str  # "person" or "submission"
    record_id: int
    name: str
    other_names: tuple[str, ...]
    organisation: bool
    consent_to_name: str
    unreadable: bool = False

    @property
    def may_be_named(self) -> bool:
        return self.consent_to_name == "yes"


def names_for_consent(*, case: Case, desk_keys: dict[int, bytes]) -> list[NameForConsent]:
    """Every (unmerged) person of ``case`` except those linked only as perpetrators
    (naming a perpetrator needs no consent), then the person named in each intake
    submission of the case, each with their consent.

    For the communications desk's consent check, which must cover every linked case
    whoever looks (a block never reveals more than "a person of a linked case").
    Decrypts with the session's desk keys; several queries."""
    victims = set(case.acts.exclude(victim=None).values_list("victim_id", flat=True))
    perpetrators = set(
        Involvement.objects.filter(act__case=case)
        .exclude(perpetrator=None)
        .values_list("perpetrator_id", flat=True)
    )
    found = []
    people = case.persons.filter(merged_into=None).select_related("desk_key").order_by("id")
    for person in people:
        if person.pk in perpetrators and person.pk not in victims:
            continue
        sealed = vault_sealing.open_record(person, desk_keys)
        found.append(
            NameForConsent(
                case_id=case.pk,
                source="person",
                record_id=person.pk,
                name=str(sealed.get("name", "")),
                other_names=_other_names(str(sealed.get("other_names", ""))),
                organisation=person.kind == PersonKind.ORGANISATION,
                consent_to_name=person.consent_to_name,
                unreadable=bool(sealed.get("unreadable")),
            )
        )
    for submission in case.submissions.select_related("desk_key").order_by("id"):
        content = vault_sealing.open_record(submission, desk_keys)
        answers = content.get("answers", {}) if isinstance(content, dict) else {}
        name = str(answers.get("person_name", "") or "")
        if not name and not content.get("unreadable"):
            continue
        found.append(
            NameForConsent(
                case_id=case.pk,
                source="submission",
                record_id=submission.pk,
                name=name,
                other_names=(),
                organisation=False,
                consent_to_name=str(answers.get("consent_to_name", "") or "unknown"),
                unreadable=bool(content.get("unreadable")),
            )
        )
    return found


def _other_names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"[,;\n]", text) if n.strip())


@dataclass(frozen=True)
class ActForLetter:
    """An act as a letter to a State states it, in the letter's language: decrypted
    place, date in words, coded type and provisions as labels."""

    act_id: int
    victim_id: int | None
    act_type: str
    when: str
    place: str
    provisions: tuple[str, ...]
    # The parts a sentence is written from: the act type's vocabulary key, the date
    # itself, the place as written and the region label apart, and the perpetrator
    # types as (vocabulary key, label).
    act_key: str = ""
    start: UncertainDate | None = None
    place_as_written: str = ""
    region: str = ""
    perpetrators: tuple[tuple[str, str], ...] = ()


def dates_not_understood(*, case: Case, desk_keys: dict[int, bytes]) -> list[str]:
    """The texts as written of this case's act dates that the reader could not
    understand (kept sealed with the act), for telling staff after triage.

    Call after ``get_case_for_user``; the texts are plaintext content: show them,
    never log them. Only acts with an unknown date are opened.
    """
    found = []
    unknown = Q(start_precision="unknown") | Q(end_precision="unknown")
    for act in case.acts.filter(unknown).select_related("desk_key"):
        content = vault_sealing.open_record(act, desk_keys)
        for prefix in ("start", "end"):
            written = content.get(f"{prefix}_written")
            if written and not act.uncertain_date(prefix).is_known:
                found.append(str(written))
    return found


def acts_for_letter(
    *, case: Case, desk_keys: dict[int, bytes], language: str
) -> list[ActForLetter]:
    """The acts of ``case``, oldest first, for drafting a communication.

    Call after ``get_case_for_user`` (need-to-know). Decrypts each act's place with
    the session's desk keys: the result is plaintext and must be re-sealed by the
    caller, never stored or logged as is. One query for acts, one for provisions.
    """
    found = []
    acts = case.acts.select_related("desk_key", "act_type", "region").prefetch_related(
        "legal_provisions", "involvements__perpetrator_type"
    )
    for act in acts:
        when = act.uncertain_date("start")
        sealed = vault_sealing.open_record(act, desk_keys)
        written = str(sealed.get("place", "")) if not sealed.get("unreadable") else ""
        region = act.region.label(language) if act.region else ""
        place = written
        if region and region != place:
            place = f"{place} ({region})" if place else region
        perpetrators = {
            (i.perpetrator_type.key, i.perpetrator_type.label(language)): None
            for i in act.involvements.all()
            if i.perpetrator_type is not None
        }
        found.append(
            ActForLetter(
                act_id=act.pk,
                victim_id=act.victim_id,
                act_type=act.act_type.label(language),
                when=in_words(when, language) if when.is_known else "",
                place=place,
                provisions=tuple(t.label(language) for t in act.legal_provisions.all()),
                act_key=act.act_type.key,
                start=when,
                place_as_written=written,
                region=region if region != written else "",
                perpetrators=tuple(perpetrators),
            )
        )
    return found


@dataclass(frozen=True)
class VictimForLetter:
    """A victim of an act of the case: decrypted name, profession label, and the
    coded consent to name them to the State."""

    person: Person
    name: str
    profession: str
    consent_to_name: str


def victims_for_letter(
    *, case: Case, desk_keys: dict[int, bytes], language: str
) -> list[VictimForLetter]:
    """The (unmerged) persons who suffered an act of ``case``, in the order of their
    first act. Call after ``get_case_for_user``. Decrypts names: the caller re-seals
    them. A person whose record this session cannot open is left out rather than
    entered nameless."""
    order: dict[int, int] = {}
    for index, victim_id in enumerate(
        case.acts.exclude(victim=None).values_list("victim_id", flat=True)
    ):
        order.setdefault(victim_id, index)
    people = (
        case.persons.filter(pk__in=order, merged_into=None)
        .select_related("desk_key", "profession")
        .order_by("id")
    )
    found = []
    for person in sorted(people, key=lambda p: order[p.pk]):
        sealed = vault_sealing.open_record(person, desk_keys)
        if sealed.get("unreadable") or not sealed.get("name"):
            continue
        found.append(
            VictimForLetter(
                person=person,
                name=str(sealed["name"]),
                profession=person.profession.label(language) if person.profession else "",
                consent_to_name=person.consent_to_name,
            )
        )
    return found


def tasks_due(user: User, *, until: date) -> QuerySet[Task]:
    """Open tasks due on or before ``until`` on cases this user may see, soonest
    first. Task text is sealed: the caller decrypts what it shows."""
    return (
        Task.objects.filter(case__in=visible_cases(user), done=False, due_on__lte=until)
        .select_related("case", "desk_key")
        .order_by("due_on", "id")
    )


# --------------------------------------------------------- aggregates for other apps

# Act types that mean a defender is (or was) deprived of liberty: arrest and
# detention in HURIDOCS, and every narrower term under them (pre-trial detention).
DETENTION_ACT_CODES = ("030101000000", "030102000000")


def _with_narrower(list_name: str, codes: tuple[str, ...]) -> set[str]:
    found, frontier = set(codes), set(codes)
    while frontier:
        frontier = (
            set(
                Term.objects.filter(list_name=list_name, parent_code__in=frontier).values_list(
                    "code", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


def detained_defender_case_count(*, country: str, today: date | None = None) -> int:
    """How many cases of ``country`` are about a defender held now: cases not closed
    with an arrest or detention act (or a narrower type) that is still ongoing (no
    known end, or an end that may be today or later), or whose case is open.

    An aggregate over ALL cases, whoever asks, like the insights' counts: it names no case
    and must be shown through ``shown_count`` so that a small number (one defender,
    easy to single out) is never displayed. Two queries.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    detention = Act.objects.filter(
        act_type__code__in=_with_narrower("types_of_acts", DETENTION_ACT_CODES)
    )
    # No known last day (unknown, or "after X") may still be today or later; an end
    # "before X" has a last day, and is over once that has passed.
    ongoing = detention.filter(Q(end_latest__isnull=True) | Q(end_latest__gte=today))
    return (
        Case.objects.filter(country=country.upper(), pk__in=detention.values("case_id"))
        .exclude(status=CaseStatus.CLOSED)
        .filter(Q(status=CaseStatus.OPEN) | Q(pk__in=ongoing.values("case_id")))
        .count()
    )


def shown_count(count: int) -> str:
    """A count as it may be displayed: under ``SMALL_COUNT`` it is "< 5" (zero
    included, so that "none" and "one" look alike), as on the patterns page."""
    return f"< {SMALL_COUNT}" if count < SMALL_COUNT else str(count)


def _match_keys(text: str) -> set[str]:
    """Phonetic keys of a term label: whole, without its parenthesis, and the
    parenthesis alone ("Gorno-Badakhshan Autonomous Region (GBAO)" gives all three)."""
    keys = {names.skeleton(text)}
    if "(" in text:
        head, _, rest = text.partition("(")
        keys |= {names.skeleton(head), names.skeleton(rest.split(")")[0])}
    return {k for k in keys if k}


def matching_terms(*, list_name: str, texts: list[str]) -> dict[str, Term]:
    """For each text extracted from a document (an instrument, a place), the term of
    ``list_name`` it names, where one does; texts that match nothing are left out.

    Texts and labels (English, Russian, Tajik) are compared as ``names.skeleton``
    keys, so scripts and spellings agree (Khujand, Худжанд). A label key matches
    when it is the whole text or a run of whole words inside it ("article 307 of
    the Criminal Code" contains "article 307"); the longest key wins, so "article
    307.1" does not fall back to article 307. Reads the list once; no case data.
    """
    keyed: list[tuple[str, Term]] = []
    for term in Term.objects.filter(list_name=list_name, active=True):
        for label in {term.label_en, term.label_ru, term.label_tg} - {""}:
            keyed.extend((key, term) for key in _match_keys(label))
    keyed.sort(key=lambda item: -len(item[0]))
    found: dict[str, Term] = {}
    for text in texts:
        padded = f" {names.skeleton(text)} "
        for key, term in keyed:
            if f" {key} " in padded:
                found[text] = term
                break
    return found


# ------------------------------------------------------- corrections and perpetrators


def delete_blockers(case: Case, record: Any) -> list[str]:
    """Why ``record`` of ``case`` may not be deleted now (translated sentences), or
    an empty list. Records that depend on it are never deleted with it: staff
    change or delete them first, so nothing is lost without a history row."""
    from django.utils.translation import gettext as _

    reasons: list[str] = []
    if isinstance(record, Event):
        if record.acts.exists():
            reasons.append(_("Acts belong to this event: delete them or move them first."))
        if Event.objects.filter(follows=record).exists():
            reasons.append(_("Other events follow this event: change them first."))
    elif isinstance(record, Act):
        if record.involvements.exists():
            reasons.append(_("Perpetrators are named in this act: remove them first."))
        if record.communications.exists():
            reasons.append(_("A communication to a State cites this act."))
    elif isinstance(record, Person):
        reasons += _person_blockers(case, record)
    # Information, interventions, tasks and involvements: nothing depends on them.
    return reasons


def _person_blockers(case: Case, person: Person) -> list[str]:
    from django.utils.translation import gettext as _

    reasons: list[str] = []
    if case.acts.filter(victim=person).exists():
        reasons.append(_("This person is the victim of an act of the case."))
    if Involvement.objects.filter(act__case=case, perpetrator=person).exists():
        reasons.append(_("This person is named as a perpetrator in an act of the case."))
    if Information.objects.filter(case=case, source=person).exists():
        reasons.append(_("This person is the source of information in the case."))
    if Intervention.objects.filter(Q(party=person) | Q(victim=person), case=case).exists():
        reasons.append(_("An intervention of the case names this person."))
    if case.persons.filter(organisation=person).exists():
        reasons.append(_("Members of the case belong to this organisation."))
    if reasons or person.cases.exclude(pk=case.pk).exists():
        return reasons  # on other cases too: only taken off this one
    # The row itself would go: anything else pointing at it (a letter to a State,
    # a merge, another case's records) must be changed first.
    # include_hidden: relations named "+" (a letter's persons concerned) count too.
    from django.db.models import ManyToOneRel

    for relation in person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ManyToOneRel):  # reverse foreign keys only
            continue
        model: Any = relation.related_model
        if model is Case or model._meta.auto_created:  # the case link itself
            continue
        if model._default_manager.filter(**{relation.field.name: person}).exists():
            if model._meta.app_label == "communications":
                reasons.append(_("A communication to a State names this person."))
            else:
                reasons.append(_("Other records refer to this person (for example a merge)."))
    return list(dict.fromkeys(reasons))


def perpetrator_only_person_ids(case: Case) -> set[int]:
    """Persons of ``case`` named only as perpetrators: in an act's involvement, and
    neither victim of an act, source of information, nor party to or victim of an
    intervention. They are never asked for consent to be named to the State, and
    a communication must not treat them as persons concerned. Clear columns only."""
    perpetrators = set(
        Involvement.objects.filter(act__case=case)
        .exclude(perpetrator=None)
        .values_list("perpetrator_id", flat=True)
    )
    if not perpetrators:
        return set()
    other_roles = set(case.acts.exclude(victim=None).values_list("victim_id", flat=True))
    other_roles |= set(Information.objects.filter(case=case).values_list("source_id", flat=True))
    for column in ("party_id", "victim_id"):
        other_roles |= set(Intervention.objects.filter(case=case).values_list(column, flat=True))
    return perpetrators - other_roles


@dataclass(frozen=True)
class Perpetrator:
    """One involvement as the case page shows it: "Major X (State Security
    Committee), direct perpetrator"."""

    involvement_id: int
    act_id: int
    person_id: int | None
    name: str
    description: str
    perpetrator_type: str
    degree: str


def perpetrators_of_case(
    case: Case, *, desk_keys: dict[int, bytes], language: str | None = None
) -> dict[int, list[Perpetrator]]:
    """The involvements of each act of ``case`` (act id -> perpetrators), names
    decrypted with the session's keys and coded values as labels. Call after
    ``get_case_for_user``."""
    found: dict[int, list[Perpetrator]] = {}
    rows = (
        Involvement.objects.filter(act__case=case)
        .select_related("perpetrator__desk_key", "perpetrator_type", "degree")
        .order_by("id")
    )
    for row in rows:
        content: dict[str, Any] = {}
        if row.perpetrator is not None:
            content = vault_sealing.open_record(row.perpetrator, desk_keys)
        found.setdefault(row.act_id, []).append(
            Perpetrator(
                involvement_id=row.pk,
                act_id=row.act_id,
                person_id=row.perpetrator_id,
                name=str(content.get("name", "")),
                description=str(content.get("description", "")),
                perpetrator_type=row.perpetrator_type.label(language)
                if row.perpetrator_type
                else "",
                degree=row.degree.label(language) if row.degree else "",
            )
        )
    return found


def later_events(event: Any) -> set[int]:
    """Ids of the events that follow ``event``, directly or down the chain: it may
    not follow any of them (a chain never loops)."""
    found: set[int] = set()
    frontier = {event.pk}
    while frontier:
        frontier = (
            set(Event.objects.filter(follows_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found


def involvement_of_case(case: Case, pk: int) -> Any:
    """An involvement of an act of this case, or 404."""
    found = Involvement.objects.filter(act__case=case, pk=pk).select_related("act").first()
    if found is None:
        raise Http404
    return found
