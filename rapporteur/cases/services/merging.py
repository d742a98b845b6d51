"""Merging a duplicate person into another, and undoing it.

A merge moves every reference to the duplicate (victim of acts, perpetrator in
involvements, source of information, party or victim of interventions, member of
an organisation, case links) onto the kept person, and remembers each moved id,
so undo puts exactly those back. The duplicate's own record is kept, marked
``merged_into``: nothing is deleted, history stays readable.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import (
    Act,
    Case,
    Information,
    Intervention,
    Involvement,
    Merge,
    Person,
)
from rapporteur.cases.services.records import log_change
from rapporteur.errors import Refused

# (label, model, field): every foreign key that can point at a person.
REFERENCES = (
    ("act.victim", Act, "victim"),
    ("involvement.perpetrator", Involvement, "perpetrator"),
    ("information.source", Information, "source"),
    ("intervention.party", Intervention, "party"),
    ("intervention.victim", Intervention, "victim"),
    ("person.organisation", Person, "organisation"),
)


class MergeRefused(Refused, ValueError):
    """Two persons that cannot be merged, or a merge already undone. ``reason``
    says which (for the console and tests); the desk is told only that these
    persons cannot be merged."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return gettext("These persons cannot be merged.")


def merge_persons(*, case: Case, kept: Person, merged: Person, acting_user: User) -> Merge:
    if kept.pk == merged.pk or kept.merged_into_id or merged.merged_into_id:
        raise MergeRefused("choose two different persons, neither already merged")
    if kept.kind != merged.kind:
        raise MergeRefused("a person and an organisation cannot be merged")
    with transaction.atomic():
        moves: dict[str, list[int]] = {}
        for label, model, field in REFERENCES:
            ids = list(model.objects.filter(**{field: merged}).values_list("pk", flat=True))
            model.objects.filter(pk__in=ids).update(**{field: kept})
            moves[label] = ids
        case_ids = list(merged.cases.values_list("pk", flat=True))
        moves["case.persons"] = case_ids
        for other in Case.objects.filter(pk__in=case_ids):
            other.persons.add(kept)
        merged.merged_into = kept
        merged.save(update_fields=["merged_into"])
        merge = Merge.objects.create(kept=kept, merged=merged, moves=moves, actor=acting_user)
        _note(
            case=case,
            merge=merge,
            acting_user=acting_user,
            action="merge",
            extras={"kept": kept.pk, "merged": merged.pk, "merge": merge.pk},
        )
    return merge


def undo_merge(*, case: Case, merge: Merge, acting_user: User) -> None:
    """Put back every reference the merge moved. Links of the kept person that
    existed before the merge stay; only the moved ids return."""
    if merge.undone_at is not None:
        raise MergeRefused("this merge was already undone")
    with transaction.atomic():
        for label, model, field in REFERENCES:
            model.objects.filter(pk__in=merge.moves.get(label, []), **{field: merge.kept}).update(
                **{field: merge.merged}
            )
        merge.merged.merged_into = None
        merge.merged.save(update_fields=["merged_into"])
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        _note(
            case=case,
            merge=merge,
            acting_user=acting_user,
            action="unmerge",
            extras={"merge": merge.pk},
        )


# The audit tag of each history action of a merge.
_TAGS = {"merge": AuditTag.CASE_PERSON_MERGED, "unmerge": AuditTag.CASE_PERSON_UNMERGED}


def _note(*, case: Case, merge: Merge, acting_user: User, action: str, extras: dict) -> None:
    """The case history's line (on the kept person) and the audit entry of a merge
    or of its undo; inside the caller's transaction, so both stand or fall with it."""
    log_change(
        case=case,
        obj=merge.kept,
        action=action,
        actor=acting_user,
        changes={"merged": merge.merged_id, "merge": merge.pk},
    )
    record(tag=_TAGS[action], actor=acting_user, target=case, extras=extras)
