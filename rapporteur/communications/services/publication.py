"""Publishing a communication and its replies on the public report.

The public version is made from the decrypted draft by ``letters.render.public_text``
(every person by description, then redaction over names typed by hand), and each
reply's text is redacted the same way, with the one name matcher
(``cases.name_matching``). Confidential here: the communication's persons, with or
without consent (consent covers the State, not the world), and every person and
submission person of its linked cases except perpetrators. Before anything is
written the matcher checks all of it again; a single hit blocks publication, is
audited, and the message says whose name (by description) in which language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Perm
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases import name_matching
from rapporteur.cases.name_matching import ConfidentialPerson
from rapporteur.communications.consent import case_persons
from rapporteur.communications.content import (
    Opened,
    by_description,
    letter_draft,
    open_communication,
)
from rapporteur.communications.deadlines import may_publish
from rapporteur.communications.letters.render import public_text
from rapporteur.communications.models import SENT_STATES, Communication, PressRelease, State
from rapporteur.communications.redaction import WITHHELD
from rapporteur.communications.services import LeakFound, WorkflowError
from rapporteur.vault import sealing as vault_sealing


def confidential_persons(
    *, opened: Opened, desk_keys: dict[int, bytes]
) -> list[ConfidentialPerson]:
    """Every person whose name must never be public: the communication's persons,
    with or without consent, and the persons of its linked cases (see the module
    docstring). A linked record that cannot be opened blocks (WorkflowError)."""
    persons = [
        ConfidentialPerson(name=p.name, description=p.description, key=("letter", p.position))
        for p in opened.persons
    ]
    others, allowed, unreadable = case_persons(opened=opened, desk_keys=desk_keys)
    if unreadable:
        raise WorkflowError(
            _(
                "Publication is blocked: %(count)s record(s) of the linked cases could not "
                "be opened to check for names. Sign in again with a key that opens them."
            )
            % {"count": len(unreadable)}
        )
    return [*persons, *others, *(ConfidentialPerson(name=name) for name in allowed)]


def refuse_leaks(
    *,
    texts: Iterable[tuple[str, str]],
    persons: list[ConfidentialPerson],
    acting_user: User,
    target: Communication | PressRelease,
) -> None:
    """Raise ``LeakFound`` when a confidential name is still readable in any of the
    (text, language) pairs about to be published; the refusal is audited first,
    with a count only."""
    found = [
        (match.person.description, match.language)
        for text, language in texts
        for match in name_matching.find_names(text=text, persons=persons, language=language)
    ]
    if found:
        record(
            tag=AuditTag.COMMUNICATION_PUBLISH_BLOCKED,
            actor=acting_user,
            target=target,
            extras={"leaks": len(found)},
        )
        raise LeakFound(found)


def publish(
    *,
    communication: Communication,
    acting_user: User,
    desk_keys: dict[int, bytes],
    today: date,
    early: bool = False,
) -> Communication:
    """Publish the letter and every reply not yet public. Before the reply window
    closes only with ``early`` (the rapporteur's decision). Calling it again on a
    published communication publishes replies registered since."""
    if not acting_user.has_desk_permission(Perm.COMMUNICATIONS_APPROVE):
        raise PermissionDenied
    if communication.state not in SENT_STATES or communication.sent_on is None:
        raise WorkflowError(_("Only a sent communication can be published."))
    if not early and not may_publish(sent_on=communication.sent_on, today=today):
        raise WorkflowError(
            _(
                "The reply window is still open. Tick “publish before the window closes” "
                "if you decide to publish now."
            )
        )
    opened = open_communication(communication=communication, desk_keys=desk_keys)
    draft = letter_draft(opened=opened, day=communication.sent_on)
    persons = confidential_persons(opened=opened, desk_keys=desk_keys)
    language = communication.language
    withheld = WITHHELD.get(language, WITHHELD["en"])

    def redacted(text: str, in_language: str = language) -> str:
        return name_matching.redact(
            text=text, persons=persons, withheld=withheld, language=in_language
        )

    letter = redacted(public_text(draft=draft, body=opened.content.body or None))
    subject = redacted(by_description(text=opened.content.subject, persons=opened.persons))
    replies = []
    for reply in communication.replies.select_related("desk_key").filter(published_on=None):
        text = str(vault_sealing.open_required(reply, desk_keys).get("text", ""))
        replies.append((reply, redacted(text, name_matching.text_language(text))))
    texts = [(letter, language), (subject, language)]
    texts += [(text, name_matching.text_language(text)) for _, text in replies]
    refuse_leaks(texts=texts, persons=persons, acting_user=acting_user, target=communication)
    with transaction.atomic():
        first = communication.state != State.PUBLISHED
        if first:
            communication.public_letter = letter
            communication.public_subject = subject[:500]
            communication.published_on = today
            communication.state = State.PUBLISHED
            communication.save(
                update_fields=["public_letter", "public_subject", "published_on", "state"]
            )
        for reply, text in replies:
            reply.public_text = text
            reply.published_on = today
            reply.save(update_fields=["public_text", "published_on"])
        record(
            tag=AuditTag.COMMUNICATION_PUBLISHED,
            actor=acting_user,
            target=communication,
            extras={"early": early, "replies": len(replies), "letter": first},
        )
    return communication
