"""Key custody records. Nothing here is secret on its own: public keys in clear,
private keys only wrapped (to a staff key, or under a staff passphrase).

See ``docs/threat-model.md`` for who can open what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DeskKey(models.Model):
    """One generation of the desk key pair.

    Intake seals to the newest active generation; older generations stay so that
    what was sealed to them can still be read by staff who hold them. ``retired_at``
    is set when a revocation rotates the key.
    """

    version = models.PositiveIntegerField(unique=True)
    public_key = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"desk key v{self.version}"


class StaffKey(models.Model):
    """A staff member's own key pair; the private half wrapped under Argon2id of
    their sign-in password (the password is the passphrase)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_key"
    )
    public_key = models.BinaryField(max_length=32)
    wrapped_private_key = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"staff key of user {self.user_id}"


class DeskKeyGrant(models.Model):
    """One desk key generation wrapped to one staff key (only its owner opens it).

    Tied to the staff public key it was wrapped to: when a staff key is replaced
    (forgotten password), grants for the old one are useless and are deleted.
    """

    desk_key = models.ForeignKey(DeskKey, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_key_grants"
    )
    wrapped_desk_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk_key", "user"], name="one_grant_per_key_and_user")
        ]

    def __str__(self) -> str:
        return f"grant of v{self.desk_key_id} to user {self.user_id}"


class Sealed(models.Model):
    """What every sealed record shares: ``envelope``, a ``vault.crypto`` record
    envelope (a JSON object, or bytes) sealed to one desk key generation, and
    ``desk_key``, that generation (envelopes do not name their recipients).

    Seal and open through ``rapporteur.vault.sealing``. A model whose envelope is
    optional or named otherwise declares its own fields (``visits.Meeting``,
    ``intake.Attachment``).
    """

    desk_key = models.ForeignKey(DeskKey, on_delete=models.PROTECT, related_name="+")
    envelope = models.BinaryField()

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """One encrypted file of the file store's database backend (``vault.storage``,
    ``RAPPORTEUR_FILE_STORAGE=database``): ciphertext only, in ``StoredChunk`` rows.

    ``complete`` is set in the same transaction that writes the last chunk, so a
    file other connections can see is whole unless its writer's transaction ended
    without a rollback, which no database allows: an incomplete file seen from
    another transaction is abandoned. ``written_at`` is the hour of writing (the
    database keeps no finer time of a source's action).
    """

    area = models.CharField(max_length=16)
    name = models.CharField(max_length=32)  # generated, 32 hex characters
    size = models.BigIntegerField(default=0)  # ciphertext bytes
    complete = models.BooleanField(default=False)
    written_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="one_stored_file_per_name")
        ]

    def __str__(self) -> str:
        return f"stored file {self.area}/{self.name}"


class StoredChunk(models.Model):
    """64 KiB of a ``StoredFile``'s ciphertext (the last one shorter), read one row
    at a time so no file is ever whole in memory."""

    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file", "index"], name="one_stored_chunk_per_index")
        ]

    def __str__(self) -> str:
        return f"chunk {self.index} of stored file {self.file_id}"
