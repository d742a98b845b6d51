"""What every encrypted case record shares: an envelope sealed to the desk key.

``envelope`` is a ``vault.crypto`` text envelope holding a JSON object of the
record's free-text fields (names, narratives, contacts, places as written);
``desk_key`` records the generation it was sealed to. Everything else on a model
is coded, in clear, so patterns can be counted. docs/cases.md lists every field.
"""

from __future__ import annotations

from django.db import models

from rapporteur.vault.models import DeskKey


class Sealed(models.Model):
    desk_key = models.ForeignKey(DeskKey, on_delete=models.PROTECT, related_name="+")
    envelope = models.BinaryField()

    class Meta:
        abstract = True
