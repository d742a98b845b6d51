"""Writes of the insights, each with its audit entry: a file of figures leaving the
desk, and a table published on or withdrawn from the public statistics page."""

from __future__ import annotations

from django.db import transaction

from rapporteur.accounts.models import User
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.insights import publication
from rapporteur.insights.models import PublishedTable


def note_export(*, acting_user: User, slug: str, year: int, file_format: str) -> None:
    """A suppressed table was downloaded: figures left the desk."""
    record(
        tag=AuditTag.INSIGHTS_TABLE_EXPORTED,
        actor=acting_user,
        extras={"table": slug, "year": year, "format": file_format},
    )


def publish_table(*, acting_user: User, slug: str, year: int) -> PublishedTable:
    """Put a table on the public page, frozen as it is now. A table already there
    stays as it was published: a second version of the same table would let a reader
    subtract one from the other."""
    if slug not in publication.TABLES:
        raise ValueError(slug)
    with transaction.atomic():
        existing = PublishedTable.objects.filter(slug=slug, year=year).first()
        if existing is not None:
            return existing
        table = PublishedTable(
            slug=slug, year=year, figures=publication.snapshot(slug, year), published_by=acting_user
        )
        save_and_record(
            table,
            tag=AuditTag.INSIGHTS_TABLE_PUBLISHED,
            actor=acting_user,
            extras={"table": slug, "year": year},
        )
    return table


def withdraw_table(*, acting_user: User, table: PublishedTable) -> None:
    """Take a table off the public page."""
    with transaction.atomic():
        record(
            tag=AuditTag.INSIGHTS_TABLE_WITHDRAWN,
            actor=acting_user,
            target=table,
            extras={"table": table.slug, "year": table.year},
        )
        table.delete()
