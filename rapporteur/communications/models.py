"""Communications to States, their replies, press releases and the libraries staff
keep for drafting.

What is confidential is sealed to the desk key (``envelope`` fields, see
``sealing.py``): the draft's subject, facts, questions and edited text, persons'
names and descriptions, replies' notes and documents. What stays in clear is what
the public report shows anyway once published (kind, addressee, mandates, dates,
reference) and the public versions, written only by the publication service after
redaction and the leak check.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rapporteur.cases.models import Consent
from rapporteur.communications.references import Kind
from rapporteur.vault.models import DeskKey, Sealed


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    APPROVED = "approved", _("Approved")
    # Sending is an event (sent date, reference); the state it leaves is this one.
    AWAITING_REPLY = "awaiting", _("Sent, awaiting reply")
    REPLY_RECEIVED = "replied", _("Reply received")
    PUBLISHED = "published", _("Published")


SENT_STATES = (State.AWAITING_REPLY, State.REPLY_RECEIVED, State.PUBLISHED)
EDITABLE_STATES = (State.DRAFT, State.REVIEW)


class LetterLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")


class SpecialProcedureMandate(models.Model):
    """A Special Procedures mandate that may send or join a communication.

    ``is_own`` marks this desk's mandate: it signs every letter first; the others
    make the communication joint. Staff keep the list (mandates are created and
    renamed by the Human Rights Council).
    """

    short_name = models.CharField(max_length=40, unique=True)
    name_en = models.CharField(max_length=200)
    name_ru = models.CharField(max_length=200)
    is_own = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_own", "short_name"]
        constraints = [
            models.UniqueConstraint(fields=["is_own"], condition=Q(is_own=True), name="one_own")
        ]

    def __str__(self) -> str:
        return self.short_name

    def name_in(self, language: str) -> str:
        return self.name_ru if language == "ru" else self.name_en


class StandardParagraph(models.Model):
    """A paragraph of applicable international law, in English and Russian."""

    key = models.SlugField(max_length=60, unique=True)
    title_en = models.CharField(max_length=200)
    title_ru = models.CharField(max_length=200)
    text_en = models.TextField()
    text_ru = models.TextField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class ReferenceCounter(models.Model):
    """The last reference number handed out per addressee and year.

    Locked with ``select_for_update`` while a number is taken; it only ever goes
    up, so a number is never handed out twice, even after a withdrawal.
    """

    addressee_code = models.CharField(max_length=3)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["addressee_code", "year"], name="one_counter")
        ]

    def __str__(self) -> str:
        return f"{self.addressee_code} {self.year}: {self.last_number}"


class Communication(Sealed):
    kind = models.CharField(max_length=2, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    language = models.CharField(
        max_length=2, choices=LetterLanguage.choices, default=LetterLanguage.ENGLISH
    )
    addressee_code = models.CharField(max_length=3, db_index=True)  # ISO 3166-1 alpha-3 or OTH
    # For a non-State addressee (company, armed group, organisation): its name.
    addressee_other = models.CharField(max_length=200, blank=True)
    copies_to = models.CharField(max_length=500, blank=True)
    mandates = models.ManyToManyField(SpecialProcedureMandate, blank=True, related_name="+")
    legal_paragraphs = models.JSONField(default=list, blank=True)  # StandardParagraph keys
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    # What the letter is about. Case ids and act ids are not secret (staff see
    # them); who may see a linked case is decided by ``cases.selectors`` on every
    # read, so a page lists only the linked cases its viewer may know exist.
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="communications")
    acts = models.ManyToManyField("cases.Act", blank=True, related_name="communications")
    # envelope (Sealed): subject, facts, questions, edited body.

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True, db_index=True)
    reply_due_on = models.DateField(null=True, blank=True, db_index=True)
    has_reply = models.BooleanField(default=False)  # denormalised for the dashboard
    ref_year = models.PositiveIntegerField(null=True, blank=True)
    ref_number = models.PositiveIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=30, blank=True, db_index=True)
    # Public version, written only by services.publication after the leak check.
    published_on = models.DateField(null=True, blank=True, db_index=True)
    public_subject = models.CharField(max_length=500, blank=True)
    public_letter = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The last line of defence behind the locked counter.
            models.UniqueConstraint(
                fields=["addressee_code", "ref_year", "ref_number"],
                condition=Q(ref_number__isnull=False),
                name="unique_reference",
            )
        ]
        indexes = [
            models.Index(fields=["state", "addressee_code", "ref_year"]),
            models.Index(fields=["has_reply", "reply_due_on"]),
            # The deadline counts (unanswered AND sent): answered from the index
            # alone, without reading rows that carry whole public letters.
            models.Index(
                fields=["has_reply", "state", "reply_due_on"], name="communications_unanswered"
            ),
            # Reply statistics over a period (letters sent, by state and date):
            # answered from the index, without reading the rows.
            models.Index(fields=["state", "sent_on"], name="communications_sent_period"),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.kind} draft {self.pk}"

    @property
    def joint(self) -> bool:
        return any(not m.is_own for m in self.mandates.all())

    @property
    def is_sent(self) -> bool:
        return self.state in SENT_STATES


class PersonConcerned(Sealed):
    """A person a communication concerns. Name and description are sealed; consent
    to share the name with the State is in clear so sending can be blocked without
    decrypting.

    A person drawn from a case points at the case's Person (``case_person``): their
    consent is then read live from the case (``may_be_named``), never copied, so
    consent recorded on the case later unblocks sending and consent withdrawn
    there blocks it again. ``consent_to_share_name`` counts only for persons typed
    in by hand."""

    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="persons"
    )
    position = models.PositiveIntegerField()  # [[person:N]] in the draft
    consent_to_share_name = models.BooleanField(default=False)
    case_person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["communication", "position"], name="one_position")
        ]

    def __str__(self) -> str:
        return f"person {self.position} of {self.communication_id}"

    @property
    def may_be_named(self) -> bool:
        """May the name go to the State? From the case when linked to one (one query
        unless ``case_person`` was selected with the row)."""
        person = self.case_person  # None without a query when no person is linked
        if person is not None:
            return person.consent_to_name == Consent.YES
        return self.consent_to_share_name


class Assessment(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement only")
    PARTIAL = "partial", _("Partial")
    SUBSTANTIVE = "substantive", _("Substantive")


class Reply(Sealed):
    communication = models.ForeignKey(
        Communication, on_delete=models.PROTECT, related_name="replies"
    )
    received_on = models.DateField()
    assessment = models.CharField(max_length=16, choices=Assessment.choices)
    in_time = models.BooleanField()  # computed at registration from the due date
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # envelope (Sealed): the reply's text and staff notes
    public_text = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [
            # Each letter's first reply and its assessments (reply statistics),
            # read from the index instead of rows carrying envelopes and texts.
            models.Index(
                fields=["communication", "received_on", "assessment"],
                name="communications_reply_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"reply {self.pk} to {self.communication_id}"


class ReplyDocument(models.Model):
    """A document that came with a reply. Its bytes are a file in the reply store
    (``vault.storage.reply_files``) under ``stored_name``, encrypted to the desk key
    in chunks; ``envelope`` (desk key) holds its file name and size.

    ``sealed_whole``: a document registered before files were streamed. Its file is
    the envelope the database held (name and bytes sealed together, moved out as it
    was by a migration: without a private key it could not be re-encrypted), read
    whole; its ``envelope`` is empty."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="documents")
    desk_key = models.ForeignKey(DeskKey, on_delete=models.PROTECT, related_name="+")
    stored_name = models.CharField(max_length=32)
    envelope = models.BinaryField(blank=True)
    sealed_whole = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"document {self.pk}"


class PressState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class PressRelease(models.Model):
    """Public by purpose; drafts are visible to staff only. ``visit``: the country
    visit it is about, shown on the public page only while that visit is published."""

    state = models.CharField(max_length=10, choices=PressState.choices, default=PressState.DRAFT)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    communications = models.ManyToManyField(
        Communication, blank=True, related_name="press_releases"
    )
    visit = models.ForeignKey(
        "visits.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_releases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"press release {self.pk}"


class PressReleaseVersion(models.Model):
    press_release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="versions"
    )
    # A press release is published in the site's own languages.
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    title = models.CharField(max_length=300)
    body = models.TextField()

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["press_release", "language"], name="one_version")
        ]

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """A member of staff's secret iCalendar URL. Only a hash is stored; revoking
    deletes the row, so the old URL answers 404 at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"
