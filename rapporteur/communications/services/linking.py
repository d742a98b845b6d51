"""Links between a communication and the cases and acts it concerns.

Every function here trusts that its caller reached ``case`` through
``cases.selectors.get_case_for_user``: need-to-know is decided there, once, and a
user who may not see a case gets 404 before anything is linked. Links are
metadata (ids), allowed in any state: a sent letter may still be filed under the
case it concerned.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import Act, Case
from rapporteur.communications.models import Communication


def link_case(*, communication: Communication, case: Case, acting_user: User) -> None:
    with transaction.atomic():
        communication.cases.add(case)
        record(
            tag=AuditTag.COMMUNICATION_CASE_LINKED,
            actor=acting_user,
            target=communication,
            extras={"case": case.pk},
        )


def unlink_case(*, communication: Communication, case: Case, acting_user: User) -> None:
    """Removes the case and the links to its acts. Persons drawn from the case stay
    (they are in the letter); their consent is still read from the case."""
    with transaction.atomic():
        communication.cases.remove(case)
        communication.acts.remove(*communication.acts.filter(case=case))
        record(
            tag=AuditTag.COMMUNICATION_CASE_UNLINKED,
            actor=acting_user,
            target=communication,
            extras={"case": case.pk},
        )


def set_acts(
    *, communication: Communication, case: Case, acts: Iterable[Act], acting_user: User
) -> None:
    """Replace which acts of ``case`` the communication concerns. Acts of another
    case are refused (the caller offers only this case's acts)."""
    chosen = list(acts)
    if any(act.case_id != case.pk for act in chosen):
        raise ValueError("an act of another case")
    with transaction.atomic():
        communication.cases.add(case)
        communication.acts.remove(*communication.acts.filter(case=case))
        communication.acts.add(*chosen)
        record(
            tag=AuditTag.COMMUNICATION_ACTS_SET,
            actor=acting_user,
            target=communication,
            extras={"case": case.pk, "acts": sorted(a.pk for a in chosen)},
        )
