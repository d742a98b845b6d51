"""Staff accounts. Sources never have accounts: they hold a receipt instead."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from rapporteur.accounts.permissions import ROLE_LABELS, Perm, Role, role_has


class User(AbstractUser):
    """A member of staff, with exactly one role.

    Django's own groups and per-object permissions are not used: the role is the
    whole authorisation, read through ``has_desk_permission``.
    """

    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        default=Role.OFFICER.value,
    )
    # Raised by "log out everywhere": every session signed with an older value ends.
    session_epoch = models.PositiveIntegerField(default=0)
    # Set while the password is a one-time enrolment code an administrator handed
    # over: the person must choose their own password before anything else, and no
    # desk key can be granted to them until they have.
    must_change_password = models.BooleanField(default=False)
    enrolment_expires_at = models.DateTimeField(null=True, blank=True)

    def has_desk_permission(self, perm: Perm) -> bool:
        return self.is_active and role_has(self.role, perm)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django ends a session whose stored hash no longer matches; mixing the
        # epoch in makes "log out everywhere" a single UPDATE.
        key_salt = "rapporteur.accounts.User.session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()


class LoginThrottle(models.Model):
    """Failed password attempts for one account name.

    Keyed by a keyed hash of the normalised name, so a typo'd or guessed name is not
    stored in clear; no address or browser detail is ever kept.
    """

    name_digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"throttle {self.name_digest[:8]}… ({self.failures})"


class Passkey(Device):
    """A security key or passkey (WebAuthn), a second factor beside TOTP.

    Only public material is kept: the credential's id and COSE public key. The user
    handle given to the authenticator is random, never the account's id or name.
    Times are kept to the hour: the audit log holds the exact moments, for staff
    actions only.
    """

    # django-otp's Device is untyped: the fields say their types themselves.
    credential_id: models.BinaryField[bytes, bytes] = models.BinaryField(
        max_length=1023, unique=True
    )
    public_key: models.BinaryField[bytes, bytes] = models.BinaryField()  # COSE_Key, CBOR
    sign_count: models.PositiveBigIntegerField[int, int] = models.PositiveBigIntegerField(default=0)
    user_handle: models.BinaryField[bytes, bytes] = models.BinaryField(max_length=64)
    created_hour: models.DateTimeField[datetime, datetime] = models.DateTimeField()
    last_used_hour: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        null=True, blank=True
    )
    objects: ClassVar[models.Manager[Passkey]]  # a DeviceManager at run time
    _default_manager: ClassVar[models.Manager[Passkey]]  # lets mypy type user.passkey_set

    class Meta:
        ordering = ["created_hour", "pk"]

    def __str__(self) -> str:
        return str(self.name)

    def verify_token(self, token: object) -> bool:
        # A passkey answers a challenge (accounts/passkeys.py), never a typed code.
        return False
