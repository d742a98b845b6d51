"""Reads of cases, with need-to-know applied first.

``get_case_for_user`` is the one way a view reaches a case; ``visible_cases`` is
the one queryset lists, search and counts start from. Views never query ``Case``
(a test fails if one does). Nothing here writes, not even the audit entry of a
read: views call ``services.audit_read`` for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm, Role
from rapporteur.cases import names, sealing
from rapporteur.cases.models import (
    Act,
    Case,
    Change,
    Document,
    Membership,
    Person,
    PersonKind,
    SearchToken,
    Task,
    Term,
)


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
    if since:
        act_filter &= Q(start_earliest__gte=since) if certain_only else Q(start_latest__gte=since)
    if until:
        act_filter &= Q(start_latest__lte=until) if certain_only else Q(start_earliest__lte=until)
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
        other = str(sealing.open_record(person, desk_keys).get("name", ""))
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


SMALL_COUNT = 5


def act_counts() -> list[dict[str, Any]]:
    """Acts per type and year of their earliest possible start, over ALL cases:
    the analysts' view. Small counts are suppressed by the template."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    return list(
        Act.objects.annotate(year=ExtractYear("start_earliest"))
        .values(
            "act_type__code",
            "act_type__label_en",
            "act_type__label_ru",
            "act_type__label_tg",
            "year",
        )
        .annotate(count=Count("id"))
        .order_by("act_type__code", "year")
    )


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
class ActForLetter:
    """An act as a letter to a State states it, in the letter's language: decrypted
    place, date in words, coded type and provisions as labels."""

    act_id: int
    victim_id: int | None
    act_type: str
    when: str
    place: str
    provisions: tuple[str, ...]


def acts_for_letter(
    *, case: Case, desk_keys: dict[int, bytes], language: str
) -> list[ActForLetter]:
    """The acts of ``case``, oldest first, for drafting a communication.

    Call after ``get_case_for_user`` (need-to-know). Decrypts each act's place with
    the session's desk keys: the result is plaintext and must be re-sealed by the
    caller, never stored or logged as is. One query for acts, one for provisions.
    """
    from rapporteur.cases.dates import Precision, UncertainDate

    found = []
    acts = case.acts.select_related("desk_key", "act_type", "region").prefetch_related(
        "legal_provisions"
    )
    for act in acts:
        when = UncertainDate(act.start_value, Precision(act.start_precision), act.start_margin)
        sealed = sealing.open_record(act, desk_keys)
        place = str(sealed.get("place", "")) if not sealed.get("unreadable") else ""
        region = act.region.label(language) if act.region else ""
        if region and region != place:
            place = f"{place} ({region})" if place else region
        found.append(
            ActForLetter(
                act_id=act.pk,
                victim_id=act.victim_id,
                act_type=act.act_type.label(language),
                when=when.display(language) if when.is_known else "",
                place=place,
                provisions=tuple(t.label(language) for t in act.legal_provisions.all()),
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
        sealed = sealing.open_record(person, desk_keys)
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

    An aggregate over ALL cases, whoever asks, like ``act_counts``: it names no case
    and must be shown through ``shown_count`` so that a small number (one defender,
    easy to single out) is never displayed. Two queries.
    """
    from django.utils import timezone

    from rapporteur.cases.models import CaseStatus

    today = today or timezone.localdate()
    detention = Act.objects.filter(
        act_type__code__in=_with_narrower("types_of_acts", DETENTION_ACT_CODES)
    )
    ongoing = detention.filter(Q(end_earliest__isnull=True) | Q(end_latest__gte=today))
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
