"""The desk's libraries: Special Procedures mandates and standard paragraphs.

Library entries are not secret (mandates are named on the public report); an edit
is still audited, since the words of every later letter come from here.
"""

from __future__ import annotations

from rapporteur.accounts.models import User
from rapporteur.audit.services import save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.communications.models import SpecialProcedureMandate, StandardParagraph


def save_entry(
    *, entry: SpecialProcedureMandate | StandardParagraph, acting_user: User
) -> SpecialProcedureMandate | StandardParagraph:
    """Save a new or edited library entry (filled in, not yet saved, by its form)."""
    save_and_record(entry, tag=AuditTag.COMMUNICATION_LIBRARY_EDITED, actor=acting_user)
    return entry
