"""Press releases: drafted by staff, approved and published by the rapporteur.

Language versions are public text by purpose. Publication still runs the leak
check against the confidential names of every linked communication, because a
press release is where a name typed from memory would most easily slip out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.name_matching import ConfidentialPerson
from rapporteur.communications.content import open_communication
from rapporteur.communications.models import (
    Communication,
    PressRelease,
    PressReleaseVersion,
    PressState,
)
from rapporteur.communications.services import WorkflowError
from rapporteur.communications.services.publication import confidential_persons, refuse_leaks
from rapporteur.visits.models import Visit


def save_release(
    *,
    acting_user: User,
    versions: dict[str, tuple[str, str]],
    communications: Iterable[Communication],
    release: PressRelease | None = None,
    visit: Visit | None = None,
) -> PressRelease:
    """Create or edit a press release; ``versions`` maps language → (title, body),
    an empty title removes that language. Editing an approved release sends it back
    to draft; a published one cannot change. ``visit``: the country visit it is
    about, or None."""
    if release is not None and release.state == PressState.PUBLISHED:
        raise WorkflowError(_("A published press release cannot be changed."))
    if not any(title for title, _ in versions.values()):
        raise WorkflowError(_("Give at least one language version a title."))
    with transaction.atomic():
        if release is None:
            release = PressRelease.objects.create(created_by=acting_user, visit=visit)
        else:
            release.state = PressState.DRAFT
            release.visit = visit
            release.save(update_fields=["state", "visit"])
        for language, (title, body) in versions.items():
            if title:
                PressReleaseVersion.objects.update_or_create(
                    press_release=release,
                    language=language,
                    defaults={"title": title, "body": body},
                )
            else:
                release.versions.filter(language=language).delete()
        release.communications.set(list(communications))
        record(tag=AuditTag.PRESS_RELEASE_SAVED, actor=acting_user, target=release)
    return release


def approve_release(*, release: PressRelease, acting_user: User) -> None:
    if not acting_user.has_desk_permission(Perm.COMMUNICATIONS_APPROVE):
        raise PermissionDenied
    if release.state != PressState.DRAFT:
        raise WorkflowError(_("Only a draft press release can be approved."))
    release.state = PressState.APPROVED
    save_and_record(
        release, update_fields=["state"], tag=AuditTag.PRESS_RELEASE_APPROVED, actor=acting_user
    )


def publish_release(
    *, release: PressRelease, acting_user: User, desk_keys: dict[int, bytes], today: date
) -> None:
    if not acting_user.has_desk_permission(Perm.COMMUNICATIONS_APPROVE):
        raise PermissionDenied
    if release.state != PressState.APPROVED:
        raise WorkflowError(_("Approve the press release before publishing it."))
    persons: list[ConfidentialPerson] = []
    for communication in release.communications.all():
        opened = open_communication(communication=communication, desk_keys=desk_keys)
        persons.extend(confidential_persons(opened=opened, desk_keys=desk_keys))
    refuse_leaks(
        texts=[(f"{v.title}\n{v.body}", v.language) for v in release.versions.all()],
        persons=persons,
        acting_user=acting_user,
        target=release,
    )
    release.state = PressState.PUBLISHED
    release.published_on = today
    save_and_record(
        release,
        update_fields=["state", "published_on"],
        tag=AuditTag.PRESS_RELEASE_PUBLISHED,
        actor=acting_user,
    )
