"""A country report asked for and built in the background (``tasks.build_country_report``).

The row holds what the worker computed: figures over coded columns only, already
suppressed for the requester's role and labelled in the report's language. No case
content is ever stored here: the worker holds no desk key, and the case summaries a
report prints are opened and typeset in the download request, with the reader's own
keys, then forgotten (docs/insights.md, "The country report").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the background worker")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Русский"
    TAJIK = "tg", "Тоҷикӣ"


class ReportJob(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    country = models.CharField(max_length=2)  # ISO 3166-1 alpha-2
    period_start = models.DateField()
    period_end = models.DateField()
    language = models.CharField(max_length=2, choices=ReportLanguage.choices)
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The computed figures (``report.gather``): counts and labels, no case content.
    figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requester", "-created_at"])]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.country} {self.period_start}..{self.period_end})"

    @property
    def in_progress(self) -> bool:
        return self.state in {JobState.QUEUED, JobState.RUNNING}
