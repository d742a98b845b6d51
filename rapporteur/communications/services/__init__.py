"""Every change to communications, press releases and their libraries: one
keyword-only function per action, each in one transaction with its audit entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rapporteur.errors import Refused


class WorkflowError(Refused):
    """An action the communication's state or content does not allow. The message
    is shown to staff as is, so it says what to do."""


class ConsentMissing(WorkflowError):
    """The letter names a person without consent (or a linked record could not be
    opened to check). The message holds counts only: the names and matched words are
    listed on the communication's page, never in a message that may be stored."""

    def __init__(self, count: int, *, unreadable: int = 0) -> None:
        parts = []
        if count > unreadable:
            parts.append(
                _(
                    "Blocked: %(count)s person(s) named in the letter have not consented to "
                    "their name being shared with the State. The words that name them are "
                    "listed on this page: use their description instead, or record their "
                    "consent."
                )
                % {"count": count - unreadable}
            )
        if unreadable:
            parts.append(
                _(
                    "Blocked: %(count)s record(s) of the linked cases could not be opened to "
                    "check consent. Sign in again with a key that opens them."
                )
                % {"count": unreadable}
            )
        super().__init__(" ".join(str(p) for p in parts))
        self.count = count


LANGUAGE_VERSIONS = {
    "en": _("the English version"),
    "ru": _("the Russian version"),
    "tg": _("the Tajik version"),
}


class LeakFound(WorkflowError):
    """A confidential name is still readable in a public text. ``findings``: (the
    person's description, the language of the text) pairs, each said once. The
    description, never the name, goes into the message (it may be stored)."""

    def __init__(self, findings: list[tuple[str, str]]) -> None:
        unique = list(dict.fromkeys(findings))
        said = "; ".join(
            _("%(person)s in %(version)s")
            % {
                "person": description or _("a person without a description"),
                "version": LANGUAGE_VERSIONS.get(language, language),
            }
            for description, language in unique
        )
        super().__init__(
            _(
                "Publication is blocked: a confidential name is still readable: %(where)s. "
                "Edit the text so that only descriptions remain, then publish again."
            )
            % {"where": said}
        )
        self.count = len(unique)
        self.findings = unique
