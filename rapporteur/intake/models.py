"""What the desk keeps of what sources send: ciphertext, a coarse status and an
hour-rounded time. Nothing here names or identifies a source.

Every ``envelope`` is a ``vault.crypto`` text envelope; ``desk_key`` records the
desk key generation it was sealed to (envelopes do not name their recipients).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rapporteur.vault.models import DeskKey, Sealed


class Status(models.TextChoices):
    NEW = "new", _("New")
    READ = "read", _("Read")
    REPLIED = "replied", _("Replied")
    IN_CASE = "in_case", _("Taken into a case")
    REJECTED = "rejected", _("Rejected")


class Kind(models.TextChoices):
    REPORT = "report", _("Information on a defender at risk")
    MEETING = "meeting", _("Meeting request")
    ASSESSMENT = "assessment", _("Assessment of a recommendation")


class MeetingState(models.TextChoices):
    PENDING = "", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    PROPOSED = "proposed", _("Another time proposed")
    DECLINED = "declined", _("Declined")


class Submission(Sealed):
    """One submission or meeting request, and the receipt that opens it.

    ``receipt_hash`` is a keyed BLAKE2b of the codename (the key, the pepper, is
    kept off the database). ``reply_public_key`` is derived from the codename and
    ``reply_key_salt``: replies are sealed to it and to the desk key, so only the
    codename's holder and staff can read them.
    """

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    meeting_state = models.CharField(
        max_length=10, choices=MeetingState.choices, default=MeetingState.PENDING, blank=True
    )
    # Set when the source wrote after the last staff reply: staff should look.
    source_waiting = models.BooleanField(default=True)
    received_at = models.DateTimeField(db_index=True)  # rounded down to the hour
    receipt_hash = models.CharField(max_length=64, unique=True)
    reply_key_salt = models.BinaryField(max_length=16)
    reply_public_key = models.BinaryField(max_length=32)
    retention_warned = models.BooleanField(default=False)
    # Digest of the one-time form token that created it: a replayed form is refused.
    form_token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class Message(Sealed):
    """A message in the conversation between a source and the desk.

    From the source: sealed to the desk key only (a seized receipt then does not
    show what the source wrote). From staff: sealed to the desk key and the
    source's reply key. ``kind`` ``meeting`` carries a structured meeting answer.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="messages")
    from_source = models.BooleanField()
    kind = models.CharField(max_length=10, default="text")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()  # rounded down to the hour

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"message {self.pk} on {self.submission_id}"


class Attachment(models.Model):
    """A file, encrypted in the file store under a generated name.

    ``meta_envelope`` (desk key only) holds the file's name, kind, size and what
    metadata was removed; the store holds the encrypted bytes.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    stored_name = models.CharField(max_length=64, unique=True)
    desk_key = models.ForeignKey(DeskKey, on_delete=models.PROTECT, related_name="+")
    meta_envelope = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class Note(Sealed):
    """A staff note on a submission, sealed to the desk key only."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class UsedReceiptTicket(models.Model):
    """An attempt ticket already spent on a receipt: each ticket checks one guess.

    The unique digest makes single use hold across every server process; the row
    goes once the ticket could no longer be used anyway (``expires_at``).
    """

    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"used ticket {self.digest[:8]}…"


class TicketPeriod(models.Model):
    """Desk-wide counts for one period of one kind of ticket, shared by every
    server process (``intake/throttle.py``): for receipt attempts, one minute's
    wrong receipts and the waiting tickets scheduled to mature in it; for
    submissions, one hour's forms served that mature in it (an hour, like a
    submission's own time, so the row dates no visit). Nothing about who is kept."""

    purpose = models.CharField(max_length=10)
    start = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)
    maturing = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "start"], name="one_row_per_ticket_period")
        ]

    def __str__(self) -> str:
        return (
            f"{self.purpose} {self.start:%Y-%m-%d %H:%M}: "
            f"{self.failures} wrong, {self.maturing} maturing"
        )
