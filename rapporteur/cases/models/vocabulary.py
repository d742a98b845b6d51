"""Controlled vocabularies (thesauri): HURIDOCS micro-thesauri and the desk's own terms.

Terms are data, never Python constants: the seed migration loads them from a
generated JSON file and staff add local terms through the vocabulary page.
Codes are hierarchical (HURIDOCS 12-digit codes, or ``L``-prefixed local codes);
``parent_code`` names the parent in the same list.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

# The desk's own list of tags for cases (a campaign, a wave of arrests): empty until
# staff add terms to it on the vocabulary page.
CASE_TAGS = "case_tags"


class Term(models.Model):
    list_name = models.CharField(max_length=40, db_index=True)
    code = models.CharField(max_length=40)
    parent_code = models.CharField(max_length=40, blank=True)
    level = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveIntegerField(default=0)
    label_en = models.CharField(max_length=300)
    label_ru = models.CharField(max_length=300, blank=True)
    label_tg = models.CharField(max_length=300, blank=True)
    local = models.BooleanField(default=False)
    key = models.CharField(max_length=60, blank=True, db_index=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["list_name", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list_name", "code"], name="cases_term_unique_code")
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The label in the reader's language; Tajik readers fall back to Russian
        (the second language of most of them), everyone else to English."""
        language = (language or get_language() or "en")[:2]
        if language == "tg":
            return self.label_tg or self.label_ru or self.label_en
        if language == "ru":
            return self.label_ru or self.label_en
        return self.label_en


def optional_term() -> models.ForeignKey[Term | None, Term | None]:
    """A field holding one term of a vocabulary, or none: a term in use is never
    deleted (``PROTECT``), and terms keep no reverse accessor back to the records."""
    return models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
