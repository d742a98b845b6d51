"""The case and its HURIDOCS-shaped records: events, acts, involvements,
information, interventions, tasks and documents, with their change history.

Views never query these directly: ``cases.selectors`` applies need-to-know first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rapporteur.cases.dates import UncertainDate
from rapporteur.cases.models.people import Person
from rapporteur.cases.models.vocabulary import Term, optional_term
from rapporteur.vault.models import Sealed


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    IMMINENT = "imminent", _("Imminent harm")


class Case(Sealed):
    """Sealed: title and summary. Clear: everything else."""

    country = models.CharField(max_length=2, db_index=True)
    status = models.CharField(
        max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True
    )
    risk = models.CharField(max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases"
    )
    opened_on = models.DateField(db_index=True)
    closed_on = models.DateField(null=True, blank=True)
    submissions = models.ManyToManyField("intake.Submission", blank=True, related_name="cases")
    persons = models.ManyToManyField(Person, blank=True, related_name="cases")
    # Terms of the desk's own "case_tags" list (a campaign, a wave of arrests): what
    # the statistics filter by. Clear, like every coded column; the labels staff
    # choose are vocabulary, so a tag must name a theme, never a person.
    tags = models.ManyToManyField(Term, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"case {self.pk}"


class Membership(models.Model):
    """A colleague allowed on a case (need-to-know). Read-only members may read
    but not change anything; the owner is never a member row."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    can_write = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="cases_membership_unique")
        ]
        # Need-to-know: "cases this user was added to", read by user first.
        indexes = [models.Index(fields=["user", "case"], name="cases_membership_user_case")]

    def __str__(self) -> str:
        return f"{self.user_id} on case {self.case_id}"


class Event(Sealed):
    """Sealed: title, description. ``follows`` chains events: arrest, then
    pre-trial detention, then a closed trial."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"event {self.pk}"


class Act(Sealed):
    """One thing done to one victim. Sealed: place as written, stated reason, notes.
    Dates are uncertain: value, precision and margin as entered, and the interval
    [earliest, latest] derived from them (see ``cases.dates``) for filtering and
    counting in SQL."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acts")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="acts")
    act_type = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="acts_suffered"
    )
    start_value = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=12, default="unknown")
    start_margin = models.PositiveSmallIntegerField(default=0)
    start_earliest = models.DateField(null=True, blank=True, db_index=True)
    start_latest = models.DateField(null=True, blank=True, db_index=True)
    end_value = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=12, default="unknown")
    end_margin = models.PositiveSmallIntegerField(default=0)
    end_earliest = models.DateField(null=True, blank=True)
    end_latest = models.DateField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    region = optional_term()
    # The region's ISO 3166-2 code ("TJ-SU"), from the term or from a region written
    # in an imported file (``cases.regions``): what statistics and the map count by.
    region_code = models.CharField(max_length=6, blank=True, db_index=True)
    status_at_end = optional_term()
    legal_provisions = models.ManyToManyField(Term, blank=True, related_name="+")
    instruments = models.ManyToManyField(Term, blank=True, related_name="+")

    class Meta:
        ordering = ["start_earliest", "id"]
        indexes = [
            models.Index(fields=["act_type", "start_earliest"], name="cases_act_type_date"),
            # The case list's filters: EXISTS (act of this case, of these types, in
            # this window), answered from the index alone.
            models.Index(
                fields=["case", "act_type", "start_earliest", "start_latest"],
                name="cases_act_case_type_dates",
            ),
            # The statistics of one country (a country report, the dashboard's
            # country filter): acts in or meeting a period, and their victims, read
            # from the index alone. Without it SQLite walks a date index over nearly
            # every act and fetches each row (a year's series: 5 s at a million acts,
            # 0.4 s with it).
            models.Index(
                fields=["country", "start_earliest", "start_latest", "victim"],
                name="cases_act_country_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"act {self.pk}"

    def uncertain_date(self, prefix: str) -> UncertainDate:
        """The start or end date as entered (without the text as written, which is
        sealed: ``start_written``/``end_written`` in the envelope)."""
        return UncertainDate.from_columns(
            value=getattr(self, f"{prefix}_value"),
            precision=getattr(self, f"{prefix}_precision"),
            margin=getattr(self, f"{prefix}_margin"),
            latest=getattr(self, f"{prefix}_latest"),
        )


class Involvement(models.Model):
    """A perpetrator in an act: degree of involvement and perpetrator type, coded."""

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="involvements")
    perpetrator = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    perpetrator_type = optional_term()
    degree = optional_term()

    def __str__(self) -> str:
        return f"involvement {self.pk}"


class Information(Sealed):
    """Which source told what. Sealed: summary of what was told. A confidential
    record (e.g. the identity of a source) is shown to the case owner only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="information")
    source = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="information_given"
    )
    reliability = optional_term()
    material = optional_term()
    received_on = models.DateField(null=True, blank=True)
    confidential = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"information {self.pk}"


class Intervention(Sealed):
    """Action taken for the victim. Sealed: description. The communications app
    adds communications to States as a kind of intervention."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    intervention_type = optional_term()
    party = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="interventions"
    )
    victim = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"intervention {self.pk}"


class Task(Sealed):
    """Sealed: what to do. Clear: due date, done, assignee."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    due_on = models.DateField(null=True, blank=True, db_index=True)
    done = models.BooleanField(default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["done", "due_on", "id"]

    def __str__(self) -> str:
        return f"task {self.pk}"


class Document(Sealed):
    """A file in the encrypted case store. ``envelope`` (desk key) holds its name,
    type, size and description; the store holds the encrypted bytes only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    stored_name = models.CharField(max_length=64, unique=True)
    confidential = models.BooleanField(default=False)
    from_attachment = models.PositiveIntegerField(null=True, blank=True)  # intake attachment id
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"document {self.pk}"


class Change(Sealed):
    """Change history: one row per change to any record of a case. Sealed: the
    fields changed with old and new values (they are content). Clear: who, when,
    which record, what kind of change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="changes")
    record_type = models.CharField(max_length=30)
    record_id = models.PositiveIntegerField()
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="cases_change_record")]

    def __str__(self) -> str:
        return f"change {self.pk}"


class SearchToken(models.Model):
    """A blind-index token: keyed BLAKE2b of a normalised term (names, places,
    narrative words) of the case. ``key_version`` is the desk key generation the
    index key was derived from. No plaintext, no field name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32)
    key_version = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["token", "key_version"], name="cases_token_lookup")]

    def __str__(self) -> str:
        return f"token {self.pk}"


class Merge(models.Model):
    """A merge of a duplicate person into another; ``moves`` lists every reference
    moved ({"act.victim": [ids], ...}) so that undo puts each one back."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moves = models.JSONField(default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"merge {self.pk}"
