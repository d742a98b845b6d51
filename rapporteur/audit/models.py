"""The audit log: an append-only, hash-chained list of staff actions.

Each entry's hash covers its own fields and the previous entry's hash, so an edit,
a deletion or a reordering anywhere breaks every later link; ``AuditHead`` holds the
last sequence number and hash, so cutting entries off the end is detected too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Staff accounts are deactivated, never deleted: the log must keep its actors.
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A value of AuditTag; not declared as choices so that adding a tag needs no migration.
    tag = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    extras = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["tag", "created_at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.tag}"


class AuditHead(models.Model):
    """The single row naming the chain's last link; locked while appending."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"head #{self.seq}"
