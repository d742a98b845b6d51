"""The one exception every app's services raise to turn a request down.

A service that refuses (a letter not ready to send, a merge of a case into itself, a
file the import cannot read) raises ``Refused`` or a subclass with a message already
fit for the person at the desk, in their language. Views then need no ladder of
``except`` clauses: ``rapporteur.web.carry_out`` shows the message and changes
nothing. Bugs stay ordinary exceptions and still reach the error page.
"""

from __future__ import annotations


class Refused(Exception):
    """The desk turns a request down; ``str(error)`` says why, in plain words."""
