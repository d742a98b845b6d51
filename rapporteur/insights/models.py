"""The insights' own rows: tallies, what the rapporteur has published, and country
reports asked for.

Tallies: the coded acts counted ahead, so that the dashboard sums a few thousand
rows instead of reading a million acts (``tallies``; docs/insights.md, "Tallies").

Derived data only: counts of columns that are already clear in the database (country,
coded terms, region, date windows as months), never a name or a case. They are
rebuilt whole from the acts, and are used only while no case has been written since
(``TallyState.audit_seq``); a stale tally is never read.

Published tables: one table of one year each on the public statistics page, frozen
as it was published (suppressed, in every language of the desk).

Report jobs: a country report asked for and built in the background
(``tasks.build_country_report``). The row holds what the worker computed: figures
over coded columns only, already suppressed for the requester's role and labelled in
the report's language. No case content is ever stored here: the worker holds no desk
key, and the case summaries a report prints are opened and typeset in the download
request, with the reader's own keys, then forgotten (docs/insights.md, "The country
report").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActTally(models.Model):
    """How many acts have this value of a dimension ("" for every act), in this
    country, with this date window in months (``MonthNumber``; None for an open side;
    both None for an undated act)."""

    dimension = models.CharField(max_length=24, blank=True)
    key = models.CharField(max_length=64, blank=True)  # "" for "not recorded"
    country = models.CharField(max_length=2, blank=True)
    first_month = models.IntegerField(null=True)
    last_month = models.IntegerField(null=True)
    acts = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["dimension", "country"], name="insights_tally_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.key} {self.country} {self.first_month}-{self.last_month}"


class VictimPart(models.TextChoices):
    """Which sum a signed window of ``VictimTally`` belongs to."""

    CERTAIN = "certain", "lower bound: counted when inside the period"
    RUN = "run", "upper bound: counted when it meets the period"
    GAP = "gap", "upper bound: counted when inside the period"


class VictimTally(models.Model):
    """Month windows whose signed counts add up to the number of distinct victims in
    any whole-month period (``tallies.victim_windows`` says how). Country "" is the
    whole desk: a person with acts in two countries is one victim of the desk."""

    country = models.CharField(max_length=2, blank=True)
    part = models.CharField(max_length=8, choices=VictimPart.choices)
    first_month = models.IntegerField(null=True)
    last_month = models.IntegerField(null=True)
    weight = models.IntegerField()  # the sum of +1 and -1 windows that fell here

    class Meta:
        indexes = [models.Index(fields=["country", "part"], name="insights_victims_country")]

    def __str__(self) -> str:
        return f"{self.country} {self.first_month}-{self.last_month} {self.weight:+d}"


class TallyState(models.Model):
    """The one row saying which case writes the tallies count: every audit entry of
    a case write up to ``audit_seq``."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    audit_seq = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(null=True)
    seconds = models.FloatField(default=0)  # how long the last build took

    def __str__(self) -> str:
        return f"tallies as of audit #{self.audit_seq}"


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
