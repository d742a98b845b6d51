"""The desk's libraries: Special Procedures mandates and standard paragraphs.

Library entries are not secret (mandates are named on the public report); an edit
is still audited, since the words of every later letter come from here.
"""

from __future__ import annotations

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.communications.models import SpecialProcedureMandate, StandardParagraph


def save_entry(
    *, entry: SpecialProcedureMandate | StandardParagraph, acting_user: User
) -> SpecialProcedureMandate | StandardParagraph:
    """Save a new or edited library entry (filled in, not yet saved, by its form)."""
    with transaction.atomic():
        entry.save()
        record(tag=AuditTag.COMMUNICATION_LIBRARY_EDITED, actor=acting_user, target=entry)
    return entry
