"""Country visits, the documents they produce, their recommendations and the follow-up.

Everything a machine suggests (recommendations found in a document, their addressee,
their themes) is stored as a suggestion with its confidence and the rule or model that
made it, and becomes final only when a member of staff accepts it. Follow-up is
append-only: a status change or an evidence entry is a new row, so the history is the
table itself.

A meeting's participants and notes are sealed to the desk key (``vault.sealing``);
a meeting marked confidential keeps even the institution met sealed, and has no
public summary. Only content staff in a session with unlocked keys can read them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rapporteur.vault.models import DeskKey

iso_country = RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter ISO 3166 code, e.g. TJ."))


class MeetingKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PARLIAMENT = "parliament", _("Parliament")
    JUDICIARY = "judiciary", _("Judiciary")
    SECURITY = "security", _("Security service")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    NGO = "ngo", _("NGO")
    LAWYERS = "lawyers", _("Lawyers")
    JOURNALISTS = "journalists", _("Journalists")
    DETENTION = "detention", _("Detention visit")
    UN = "un", _("United Nations")
    DIPLOMATIC = "diplomatic", _("Diplomatic")


class Addressee(models.TextChoices):
    GOVERNMENT = "Government", _("Government")
    PARLIAMENT = "Parliament", _("Parliament")
    JUDICIARY = "Judiciary", _("Judiciary")
    NHRI = "National human rights institution", _("National human rights institution")
    CIVIL_SOCIETY = "Civil society", _("Civil society")
    BUSINESS = "Business", _("Business")
    INTERNATIONAL = (
        "Embassies and international organisations",
        _("Embassies and international organisations"),
    )


class Strength(models.TextChoices):
    """How strongly a body asks, from its verb (``extraction.prose.strength_of``)."""

    URGES = "urges", _("urges")
    CALLS_UPON = "calls upon", _("calls upon")
    REQUESTS = "requests", _("requests")
    RECOMMENDS = "recommends", _("recommends")
    ENCOURAGES = "encourages", _("encourages")
    SHOULD = "should", _("should")


class Mechanism(models.TextChoices):
    SPECIAL_PROCEDURE = "special-procedure", _("Special procedure (this mandate)")
    UPR = "upr", _("Universal Periodic Review")
    TREATY_BODY = "treaty-body", _("Treaty body")
    OTHER = "other", _("Other mechanism")


class Status(models.TextChoices):
    NOT_STARTED = "not-started", _("Not started")
    IN_PROGRESS = "in-progress", _("In progress")
    PARTIAL = "partial", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    REGRESSED = "regressed", _("Regressed")
    NOT_ACCEPTED = "not-accepted", _("Not accepted")


class Review(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class EvidenceSource(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    MANDATE = "mandate", _("The mandate's own information")


class LiveCount(models.TextChoices):
    """A live figure from the cases app that a recommendation can show (an
    aggregate over all cases, suppressed under five; see cases.selectors)."""

    NONE = "", _("None")
    DETAINED_DEFENDERS = (
        "detained-defenders",
        _("Open cases of detained defenders in the country"),
    )


class Theme(models.Model):
    """A theme of the vocabulary: the 54 UPR Info issues, plus those staff add."""

    label = models.CharField(max_length=120, unique=True)
    upr_info = models.BooleanField(default=False, help_text="One of the UPR Info issues.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Institution(models.Model):
    """A body responsible for implementing recommendations (ministry, court, ...)."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    country_code = models.CharField(max_length=2, validators=[iso_country])
    country_name = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    invitation = models.CharField(max_length=300, blank=True)
    places_visited = models.JSONField(default=list, blank=True)
    refused_requests = models.JSONField(default=list, blank=True)
    published = models.BooleanField(
        default=False, help_text="Shown on the public follow-up tracker (staff choose it)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="visit_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_name} {self.start_date:%Y}"


class Meeting(models.Model):
    """Clear: visit, kind, date, the confidential flag and, unless confidential, the
    institution and a non-sensitive public summary. Sealed in ``envelope`` (desk
    key): participants and notes, and for a confidential meeting the institution.
    The check constraint keeps a confidential meeting's clear columns empty."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="meetings")
    institution = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    date = models.DateField(null=True, blank=True)
    # Non-sensitive only: what may be said in a public report.
    public_summary = models.TextField(blank=True)
    confidential = models.BooleanField(default=False)
    desk_key = models.ForeignKey(
        DeskKey, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    envelope = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidential=False)
                | models.Q(
                    envelope__isnull=False,
                    desk_key__isnull=False,
                    institution="",
                    public_summary="",
                ),
                name="confidential_meeting_is_sealed",
            )
        ]

    def __str__(self) -> str:
        return self.institution


class Document(models.Model):
    """An ingested file: its text is kept paragraph by paragraph, the file itself is not.

    ``content_digest`` recognises the same file ingested again. It is a keyed hash
    under a key derived from the desk key generation ``digest_key`` (see
    ``visits.sealing.document_digests``), never a plain SHA-256 that anyone holding
    the database could test a guessed document against."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("End-of-mission statement")
        REPORT = "report", _("Visit report")
        UPR = "upr", _("UPR report")
        TREATY_BODY = "treaty-body", _("Treaty body document")
        IMPORT = "import", _("Imported list")
        EVIDENCE = "evidence", _("Evidence")
        OTHER = "other", _("Other")

    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_format = models.CharField(max_length=8)
    content_digest = models.CharField(max_length=64, blank=True)
    digest_key = models.ForeignKey(
        DeskKey, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            # the database's guard against two ingests of one file racing each other
            models.UniqueConstraint(
                fields=["digest_key", "content_digest"],
                condition=~models.Q(content_digest=""),
                name="document_content_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    ident = models.CharField(max_length=20)  # the document's own number ("115.1") or position
    page = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)  # para, item or heading
    text = models.TextField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="paragraph_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} ¶{self.ident}"


class Recommendation(models.Model):
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    country_code = models.CharField(max_length=2, validators=[iso_country])
    mechanism = models.CharField(max_length=20, choices=Mechanism.choices)
    position = models.PositiveIntegerField(default=0)  # order in its document
    text = models.TextField()
    paragraph = models.CharField(max_length=20, blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    addressee = models.CharField(max_length=60, choices=Addressee.choices)
    recommending_states = models.JSONField(default=list, blank=True)
    # who recommends in a prose document: a treaty body, a special procedure, an agency
    body = models.CharField(max_length=200, blank=True)
    subitem = models.CharField(max_length=10, blank=True)  # "a" of paragraph 12 (a)
    lead_in = models.TextField(blank=True)  # "The Committee recommends that the State party:"
    strength = models.CharField(max_length=20, choices=Strength.choices, blank=True)
    priority = models.BooleanField(default=False)  # named for follow-up within one year
    instruments = models.JSONField(default=list, blank=True)
    places = models.JSONField(default=list, blank=True)
    extracted_by = models.CharField(max_length=60, blank=True)  # rule or import that found it
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The latest status, kept here for lists; StatusChange rows are the history.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    situation_at_visit = models.TextField(blank=True)
    live_count = models.CharField(
        max_length=30, choices=LiveCount.choices, blank=True, default=LiveCount.NONE
    )
    live_count_public = models.BooleanField(default=False)
    institutions = models.ManyToManyField(Institution, blank=True, related_name="recommendations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visit", "position", "pk"]
        indexes = [models.Index(fields=["country_code", "review"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_public(self) -> bool:
        return self.review == Review.ACCEPTED and (self.visit is None or self.visit.published)


class RelatedRecommendation(models.Model):
    """Two recommendations to one State on the same issue (another body, another
    cycle): suggested by text similarity when the later one came in (``linking``),
    then accepted or rejected by staff, so that one issue can be followed across
    UPR cycles and bodies."""

    earlier = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    later = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()  # 0 to 1, as ``linking.similar_pairs`` scored it
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-similarity", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="visits_related_once")
        ]

    def __str__(self) -> str:
        return f"{self.earlier_id} ~ {self.later_id} ({self.similarity:.2f})"

    def other(self, rec: Recommendation) -> Recommendation:
        """The recommendation of the pair that is not ``rec``."""
        return self.later if rec.pk == self.earlier_id else self.earlier


class RecommendationTheme(models.Model):
    """A theme on a recommendation: suggested by a model or rule, or chosen by staff."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    confidence = models.FloatField(null=True, blank=True)  # None when staff chose it
    source = models.CharField(max_length=60)  # model part, rule, or "staff"
    accepted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-accepted", "-confidence", "theme__label"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "theme"], name="theme_once")
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.source})"


class RecommendationRevision(models.Model):
    """The values of a recommendation before each edit by staff."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="revisions"
    )
    before = models.JSONField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"revision of {self.recommendation_id}"


class StatusChange(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    date = models.DateField()
    public_note = models.TextField(blank=True)  # shown on the tracker beside the status
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.status} on {self.date}"


class Evidence(models.Model):
    """What shows progress or its absence. Civil-society entries are not public by
    default: a source's identity is protected as in intake."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="evidence"
    )
    date = models.DateField()
    source_kind = models.CharField(max_length=20, choices=EvidenceSource.choices)
    text = models.TextField()
    documents = models.ManyToManyField(Document, blank=True, related_name="evidence")
    public = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.source_kind} evidence of {self.date}"


class Assessment(models.Model):
    """A civil-society assessment of a recommendation's implementation, received
    through confidential intake: the content (and anything about the sender) is
    the intake submission's, sealed to the desk key, with an hour-rounded time.
    This row only says which public recommendation it concerns, and the evidence
    staff wrote from it, if any. Evidence text is staff's own words."""

    submission = models.OneToOneField(
        "intake.Submission", on_delete=models.CASCADE, related_name="assessment"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="assessments"
    )
    evidence = models.OneToOneField(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessment"
    )

    class Meta:
        ordering = ["-submission__received_at", "-pk"]

    def __str__(self) -> str:
        return f"assessment {self.pk} of {self.recommendation_id}"
