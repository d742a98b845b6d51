"""Terms staff add to a vocabulary list when HURIDOCS and the desk's own terms lack
one. A local code is generated: ``LSTAFF-`` + the list's name + a number, so it can
never collide with a HURIDOCS code (always 12 digits)."""

from __future__ import annotations

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.cases.models import Term

STAFF_TERMS_ORDER = 20_000  # after HURIDOCS terms and the desk's local ones


def add_local_term(
    *,
    acting_user: User,
    list_name: str,
    parent_code: str,
    label_en: str,
    label_ru: str = "",
    label_tg: str = "",
) -> Term:
    """A new term at the end of ``list_name``, under ``parent_code`` when that names
    a term of the list (else at the top level)."""
    with transaction.atomic():
        number = Term.objects.filter(list_name=list_name, local=True).count() + 1
        parent = Term.objects.filter(list_name=list_name, code=parent_code).first()
        term = Term.objects.create(
            list_name=list_name,
            code=f"LSTAFF-{list_name[:8].upper()}-{number}",
            parent_code=parent.code if parent else "",
            level=parent.level + 1 if parent else 0,
            order=STAFF_TERMS_ORDER + number,
            label_en=label_en,
            label_ru=label_ru,
            label_tg=label_tg,
            local=True,
        )
        record(
            tag=AuditTag.CASE_TERM_ADDED,
            actor=acting_user,
            extras={"list": term.list_name, "code": term.code},
        )
    return term
