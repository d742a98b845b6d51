"""Moving a communication through its workflow with the real services."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from rapporteur.communications.models import Communication, State
from rapporteur.communications.services import publication, workflow
from rapporteur.testing.cases import desk_keys_of


def approved(communication: Communication, *, officer, rapporteur) -> Communication:  # type: ignore[no-untyped-def]
    """Submitted and approved; approval runs the consent check with the
    rapporteur's unlocked desk keys."""
    workflow.move(communication=communication, acting_user=officer, to=State.REVIEW)
    workflow.move(
        communication=communication,
        acting_user=rapporteur,
        to=State.APPROVED,
        desk_keys=desk_keys_of(rapporteur),
    )
    return communication


def sent(communication, *, officer, rapporteur, keys, on=date(2022, 5, 12)):  # type: ignore[no-untyped-def]
    approved(communication, officer=officer, rapporteur=rapporteur)
    return workflow.send(
        communication=communication, acting_user=officer, desk_keys=keys, sent_on=on
    )


def published(communication: Communication, *, rapporteur) -> Communication:  # type: ignore[no-untyped-def]
    """Published today by the rapporteur (the reply window must have closed)."""
    publication.publish(
        communication=communication,
        acting_user=rapporteur,
        desk_keys=desk_keys_of(rapporteur),
        today=timezone.localdate(),
    )
    communication.refresh_from_db()
    return communication
