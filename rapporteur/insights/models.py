"""What the rapporteur has published on the public statistics page: one table of one
year each, frozen as it was published (suppressed, in every language of the desk)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PublishedTable(models.Model):
    """A table on the public page. ``figures`` holds only what may be public: the
    labels and the figures left after suppression (a hidden one is null), per
    language; never a case, a name or an exact small count."""

    slug = models.SlugField(max_length=60)  # publication.TABLES
    year = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "year"], name="one_published_table_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.year}"
