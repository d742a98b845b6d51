"""Every change to communications, press releases and their libraries: one
keyword-only function per action, each in one transaction with its audit entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """An action the communication's state or content does not allow. The message
    is shown to staff as is, so it says what to do."""


class ConsentMissing(WorkflowError):
    def __init__(self, count: int) -> None:
        super().__init__(
            _(
                "Sending is blocked: %(count)s person(s) named in the letter have not "
                "consented to their name being shared with the State. Use their "
                "description instead, or record their consent."
            )
            % {"count": count}
        )
        self.count = count


class LeakFound(WorkflowError):
    def __init__(self, count: int) -> None:
        super().__init__(
            _(
                "Publication is blocked: %(count)s confidential name(s) would still be "
                "readable in the public version. Edit the text so that only descriptions "
                "remain, then publish again."
            )
            % {"count": count}
        )
        self.count = count
