"""Every change to staff accounts, each in one transaction with its audit entry.

Signing in is two steps. ``check_password_step`` proves the password and leaves the
session anonymous; only ``complete_login``, after a second factor, logs the user in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapporteur.accounts import throttle
from rapporteur.accounts.models import User
from rapporteur.accounts.permissions import Role
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag

RECOVERY_CODE_COUNT = 10


class PasswordChangeRefused(Exception):
    """The password could not be changed; the message is safe to show."""


class LoginRefused(Exception):
    """A sign-in step was refused; the message is safe to show."""


@dataclass(frozen=True)
class PasswordStepResult:
    user: User
    needs_enrolment: bool


def check_password_step(
    *, request: HttpRequest, username: str, password: str
) -> PasswordStepResult:
    """First step of signing in. Raises LoginRefused with a message fit for the user.

    The same message is given for an unknown name and a wrong password, so the form
    does not tell which staff names exist.
    """
    state = throttle.state_for(username)
    if state.locked:
        record(
            tag=AuditTag.LOGIN_LOCKED, extras={"name_digest": throttle.name_digest(username)[:16]}
        )
        raise LoginRefused(
            _(
                "Too many failed attempts. This account is locked for now; "
                "ask an administrator to unlock it."
            )
        )
    if state.wait_seconds:
        record(tag=AuditTag.LOGIN_THROTTLED, extras={"wait_seconds": state.wait_seconds})
        raise LoginRefused(
            _("Too many failed attempts. Wait %(seconds)s seconds and try again.")
            % {"seconds": state.wait_seconds}
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        with transaction.atomic():
            counted = throttle.note_failure(username)
            known = User.objects.filter(username=username).first()
            record(
                tag=AuditTag.LOGIN_FAILED,
                target=known,
                extras={"failures": counted.failures, "locked": counted.locked_until is not None},
            )
        raise LoginRefused(_("Wrong name or password."))
    user = cast(User, user)
    return PasswordStepResult(user=user, needs_enrolment=not has_confirmed_totp(user))


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def verify_second_factor(*, user: User, token: str) -> TOTPDevice | StaticDevice | None:
    """Check a TOTP code, or else a single-use recovery code.

    django-otp refuses a TOTP code already used (replay). Wrong codes are counted per
    account (``throttle.CODE``): past ``LOGIN_SLOWDOWN_AFTER`` of them the next try
    waits a doubling delay, and the account locks like for passwords, so a correct
    code after a mistake or two is always accepted. Raises LoginRefused while the
    account must wait. A recovery code is deleted once it has been used.
    """
    username = user.get_username()
    state = throttle.state_for(username, throttle.CODE)
    if state.locked:
        record(tag=AuditTag.LOGIN_LOCKED, target=user, extras={"factor": "code"})
        raise LoginRefused(
            _(
                "Too many failed attempts. This account is locked for now; "
                "ask an administrator to unlock it."
            )
        )
    if state.wait_seconds:
        record(
            tag=AuditTag.LOGIN_THROTTLED,
            target=user,
            extras={"factor": "code", "wait_seconds": state.wait_seconds},
        )
        raise LoginRefused(
            _("Too many wrong codes. Wait %(seconds)s seconds and try again.")
            % {"seconds": state.wait_seconds}
        )
    device = _matching_device(user=user, token=token.strip().replace(" ", ""))
    if device is None:
        with transaction.atomic():
            counted = throttle.note_failure(username, throttle.CODE)
            record(tag=AuditTag.OTP_FAILED, target=user, extras={"failures": counted.failures})
    return device


def _matching_device(*, user: User, token: str) -> TOTPDevice | StaticDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        if static.verify_token(token.lower()):
            record(
                tag=AuditTag.RECOVERY_CODE_USED,
                actor=None,
                target=user,
                extras={"codes_left": static.token_set.count()},
            )
            return static
    return None


def complete_login(*, request: HttpRequest, user: User, device: TOTPDevice | StaticDevice) -> None:
    """Second factor proven: start the real session (Django rotates its key)."""
    with transaction.atomic():
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(request, device)
        throttle.clear(user.get_username())
        record(tag=AuditTag.LOGIN, actor=user, target=user, extras={"factor": device_kind(device)})


def device_kind(device: TOTPDevice | StaticDevice) -> str:
    return "totp" if isinstance(device, TOTPDevice) else "recovery-code"


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator an enrolling user is shown, made once and reused."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_enrolment(*, user: User, token: str) -> TOTPDevice | None:
    """Confirm the pending authenticator with a first code; None if the code is wrong."""
    device = pending_totp_device(user=user)
    if not device.verify_token(token.strip().replace(" ", "")):
        record(tag=AuditTag.OTP_FAILED, target=user, extras={"during": "enrolment"})
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(tag=AuditTag.OTP_ENROLLED, actor=None, target=user)
    return device


def renew_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes; returns the new ones to show exactly once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        record(tag=AuditTag.RECOVERY_CODES_RENEWED, actor=user, target=user)
    return codes


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def log_out(*, request: HttpRequest) -> None:
    user = request.user
    record(tag=AuditTag.LOGOUT, actor=user, target=user if user.is_authenticated else None)
    logout(request)


def log_out_everywhere(*, request: HttpRequest, user: User) -> None:
    """End every session of the user, on every device, this one included."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
        record(tag=AuditTag.LOGOUT_EVERYWHERE, actor=user, target=user)
    logout(request)


def change_password(
    *, request: HttpRequest, user: User, old_password: str, new_password: str
) -> None:
    """Change the password, which is also the vault passphrase.

    The staff key is rewrapped under the new password in the same transaction, so
    the two never disagree; no content is re-encrypted. The current session stays
    signed in (its unlocked keys are unchanged); other sessions end.
    """
    from rapporteur.vault.errors import VaultError
    from rapporteur.vault.services import change_passphrase

    with transaction.atomic():
        try:
            change_passphrase(user=user, old_passphrase=old_password, new_passphrase=new_password)
        except VaultError as error:
            raise PasswordChangeRefused(str(error)) from None
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(tag=AuditTag.PASSWORD_CHANGED, actor=user, target=user)
    update_session_auth_hash(request, user)


# --- Administration of staff ----------------------------------------------------


def create_staff(
    *, acting_user: User | None, username: str, role: Role, password: str, full_name: str = ""
) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, role=role.value, first_name=full_name
        )
        record(
            tag=AuditTag.USER_CREATED, actor=acting_user, target=user, extras={"role": role.value}
        )
    return user


def change_role(*, acting_user: User, user: User, role: Role) -> None:
    if user.role == role.value:
        return
    with transaction.atomic():
        previous = user.role
        user.role = role.value
        user.save(update_fields=["role"])
        record(
            tag=AuditTag.ROLE_CHANGED,
            actor=acting_user,
            target=user,
            extras={"from": previous, "to": role.value},
        )


def unlock(*, acting_user: User, user: User) -> None:
    with transaction.atomic():
        throttle.clear(user.get_username())
        record(tag=AuditTag.USER_UNLOCKED, actor=acting_user, target=user)


def set_active(*, acting_user: User, user: User, active: bool) -> None:
    """Deactivate (never delete: the audit log keeps its actors) or reactivate.

    Deactivation also ends the user's sessions by moving their epoch.
    """
    if user.is_active == active:
        return
    with transaction.atomic():
        user.is_active = active
        user.session_epoch += 1
        user.save(update_fields=["is_active", "session_epoch"])
        tag = AuditTag.USER_REACTIVATED if active else AuditTag.USER_DEACTIVATED
        record(tag=tag, actor=acting_user, target=user)


def reset_second_factor(*, acting_user: User, user: User) -> None:
    """For a lost phone: the user enrols a new authenticator at next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.session_epoch += 1
        user.save(update_fields=["session_epoch"])
        record(tag=AuditTag.SECOND_FACTOR_RESET, actor=acting_user, target=user)
