"""Staff accounts. Sources never have accounts: they hold a receipt instead."""

from __future__ import annotations

import time
from base64 import b32encode
from datetime import datetime
from typing import ClassVar
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.oath import TOTP

from rapporteur.accounts.permissions import ROLE_LABELS, Perm, Role, role_has
from rapporteur.vault import crypto


# django-otp ships no types: the plugin cannot type the managers of its devices on User.
class User(AbstractUser):  # type: ignore[django-manager-missing]
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


# --- Second factors, sealed at rest (accounts/factors.py) ----------------------------


class SecondFactorKey(models.Model):
    """A member's random key to their own second-factor secrets, wrapped under their
    password (``vault.crypto.wrap_factor_key``). A copy of the database without the
    password opens none of the secrets it seals."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor_key")
    wrapped_key = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"second-factor key of user {self.user_id}"


class SealedTOTPDevice(Device):
    """An authenticator app (TOTP, RFC 6238) whose secret is sealed with the member's
    factor key (``vault.crypto.seal_totp_secret``).

    The fields are those of django-otp's TOTPDevice but the key. ``verify_token``
    cannot check a code without the secret; ``verify_with_secret`` takes it opened.
    """

    sealed_secret: models.BinaryField = models.BinaryField()
    step: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(default=30)
    t0: models.BigIntegerField = models.BigIntegerField(default=0)
    digits: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(default=6)
    # Codes one step before or after the current one are accepted (phone clocks drift);
    # the drift seen at the last code is remembered, as django-otp does.
    tolerance: models.PositiveSmallIntegerField = models.PositiveSmallIntegerField(default=1)
    drift: models.SmallIntegerField = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: a code of that step or an earlier one
    # is refused, so a code is never accepted twice.
    last_t: models.BigIntegerField = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "sealed TOTP device"

    def verify_token(self, token: object) -> bool:
        return False  # the secret is sealed: see verify_with_secret

    def verify_with_secret(self, *, token: str, secret: bytes) -> bool:
        """Check a code against the opened secret; a match is used up at once.

        The used time step is written with a conditional UPDATE, so of two requests
        racing with the same code only one is accepted.
        """
        if not token.isdigit():
            return False
        totp = TOTP(secret, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        if not totp.verify(int(token), self.tolerance, self.last_t + 1):
            return False
        used = totp.t()
        won = SealedTOTPDevice.objects.filter(pk=self.pk, last_t__lt=used).update(
            last_t=used, drift=totp.drift
        )
        self.last_t, self.drift = used, totp.drift
        return won == 1

    def config_url(self, *, secret: bytes) -> str:
        """The otpauth:// URI an authenticator app reads from the QR code."""
        label = self.user.get_username()
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        params = urlencode(
            {
                "secret": b32encode(secret).decode("ascii").rstrip("="),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        if issuer:
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"


class RecoveryCodeDevice(Device):
    """A member's single-use recovery codes, kept as Argon2id digests only.

    ``salt`` holds the salt and cost shared by the set (``vault.crypto.
    new_recovery_code_salt``): checking a typed code costs one Argon2id run.
    """

    salt: models.BinaryField = models.BinaryField()

    class Meta(Device.Meta):
        verbose_name = "recovery code set"

    def verify_token(self, token: object) -> bool:
        """Check a normalised code (one Argon2id run); a matching code is deleted."""
        if not isinstance(token, str) or not token:
            return False
        return self.use_digest(crypto.recovery_code_digest(code=token, salt=bytes(self.salt)))

    def use_digest(self, digest: bytes) -> bool:
        """Delete the code with this digest. A DELETE that removed nothing means another
        request used the code first, and counts as no match."""
        for code in self.codes.all():
            if crypto.constant_time_equal(bytes(code.digest), digest):
                return RecoveryCode.objects.filter(pk=code.pk).delete()[0] == 1
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.BinaryField()

    def __str__(self) -> str:
        return f"recovery code {self.pk}"


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
