"""Every change to staff accounts, each in one transaction with its audit entry.

Signing in is two steps. ``check_password_step`` proves the password and leaves the
session anonymous; only ``complete_login``, after a second factor, logs the user in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.models import Device

from rapporteur.accounts import factors, throttle
from rapporteur.accounts.factors import CODE_ALPHABET as _CODE_ALPHABET
from rapporteur.accounts.models import Passkey, RecoveryCodeDevice, User
from rapporteur.accounts.permissions import CONTENT_ROLES, Role
from rapporteur.audit.services import record, save_and_record
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused
from rapporteur.vault.crypto import WrongPassphrase
from rapporteur.vault.errors import VaultError
from rapporteur.vault.models import DeskKeyGrant, StaffKey
from rapporteur.vault.services import change_passphrase, ensure_staff_key

ENROLMENT_CODE_HOURS = 72


class PasswordChangeRefused(Refused):
    """The password could not be changed; the message is safe to show."""


class LoginRefused(Refused):
    """A sign-in step was refused; the message is safe to show."""


@dataclass(frozen=True)
class PasswordStepResult:
    user: User
    needs_enrolment: bool
    needs_own_password: bool = False


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
    if user.must_change_password:
        expires = user.enrolment_expires_at
        if expires is None or expires <= timezone.now():
            record(tag=AuditTag.LOGIN_FAILED, target=user, extras={"enrolment_code": "expired"})
            raise LoginRefused(
                _("This enrolment code has expired. Ask an administrator for a new one.")
            )
    return PasswordStepResult(
        user=user,
        needs_enrolment=not factors.has_authenticator(user),
        needs_own_password=user.must_change_password,
    )


def verify_second_factor(*, user: User, token: str, factor_key: bytes | None) -> Device | None:
    """Check a code from the authenticator, or else a single-use recovery code.

    ``factor_key`` is the key the password step opened (``factors.open_factor_key``):
    the authenticator's secret is sealed with it. A code's time step is accepted only
    once (replay). Wrong codes are counted per account (``throttle.CODE``): past
    ``LOGIN_SLOWDOWN_AFTER`` of them the next try waits a doubling delay, and the
    account locks like for passwords, so a correct code after a mistake or two is
    always accepted. Raises LoginRefused while the account must wait, and when the
    authenticator cannot be checked in this sign-in. A recovery code is deleted once
    it has been used.
    """
    refuse_while_code_throttled(user=user)
    username = user.get_username()
    if (
        factor_key is None
        and factors.looks_like_totp(factors.normalise_code(token))
        and factors.has_sealed_authenticator(user)
    ):
        raise LoginRefused(
            _(
                "Your authenticator cannot be checked in this sign-in. Sign in again; if "
                "this keeps happening, use a recovery code or ask an administrator to "
                "reset your second factor."
            )
        )
    device = factors.matching_device(user=user, token=token, factor_key=factor_key)
    if device is None:
        with transaction.atomic():
            counted = throttle.note_failure(username, throttle.CODE)
            record(tag=AuditTag.OTP_FAILED, target=user, extras={"failures": counted.failures})
    return device


def refuse_while_code_throttled(*, user: User) -> None:
    """Raise LoginRefused while wrong second factors (codes or security keys, one
    count per account) make this account wait or keep it locked."""
    state = throttle.state_for(user.get_username(), throttle.CODE)
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


def sign_in_with_code(
    *, request: HttpRequest, user: User, token: str, factor_key: bytes | None
) -> None:
    """The second step with a code: check it (``verify_second_factor``), then start
    the session (``complete_login``). Raises LoginRefused for a wrong, expired or
    reused code, as for a throttled account; a wrong code is counted and audited
    before the refusal."""
    device = verify_second_factor(user=user, token=token, factor_key=factor_key)
    if device is None:
        raise LoginRefused(_("This code is wrong, expired or already used."))
    complete_login(request=request, user=user, device=device)


def finish_enrolment(
    *, request: HttpRequest, user: User, token: str, factor_key: bytes
) -> list[str]:
    """First sign-in: confirm the authenticator being set up with a code from it,
    start the session, and make the member's recovery codes; returns them, to be
    shown once and never stored in clear. Raises LoginRefused when the code does
    not match (audited by ``factors.confirm_authenticator``)."""
    confirmed = factors.confirm_authenticator(user=user, token=token, factor_key=factor_key)
    if confirmed is None:
        raise LoginRefused(_("This code is wrong or expired. Check the time on your phone."))
    complete_login(request=request, user=user, device=confirmed)
    return factors.renew_recovery_codes(user=user)


def complete_login(*, request: HttpRequest, user: User, device: Device) -> None:
    """Second factor proven: start the real session (Django rotates its key)."""
    with transaction.atomic():
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(request, device)
        throttle.clear(user.get_username())
        record(tag=AuditTag.LOGIN, actor=user, target=user, extras={"factor": device_kind(device)})


def device_kind(device: Device) -> str:
    if isinstance(device, Passkey):
        return "passkey"
    return "recovery-code" if isinstance(device, RecoveryCodeDevice) else "totp"


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
    """Change the password, which is also the vault passphrase and wraps the key to
    the second factors.

    The staff key and the factor key are rewrapped under the new password in the
    same transaction, so they never disagree with it; no content and no factor
    secret is re-encrypted. The current session stays signed in (its unlocked keys
    are unchanged); other sessions end.
    """
    with transaction.atomic():
        try:
            change_passphrase(user=user, old_passphrase=old_password, new_passphrase=new_password)
            factors.rewrap_factor_key(
                user=user, old_password=old_password, new_password=new_password
            )
        except VaultError as error:
            raise PasswordChangeRefused(str(error)) from None
        except WrongPassphrase:
            raise PasswordChangeRefused(
                _(
                    "The current password does not open your second factor. Ask an "
                    "administrator to reset your second factor first."
                )
            ) from None
        user.set_password(new_password)
        save_and_record(user, update_fields=["password"], tag=AuditTag.PASSWORD_CHANGED, actor=user)
    update_session_auth_hash(request, user)


# --- Administration of staff ----------------------------------------------------


def new_enrolment_code() -> str:
    """20 characters from a 31-letter alphabet (about 99 bits), in groups of five."""
    raw = get_random_string(20, allowed_chars=_CODE_ALPHABET)
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def _give_enrolment_code(user: User) -> str:
    # The code is stored like any password (a slow salted hash), never in clear.
    code = new_enrolment_code()
    user.set_password(code)
    user.must_change_password = True
    user.enrolment_expires_at = timezone.now() + timedelta(hours=ENROLMENT_CODE_HOURS)
    return code


def enrol_staff(
    *, acting_user: User, username: str, role: Role, full_name: str = ""
) -> tuple[User, str]:
    """An administrator creates an account; returns it and its one-time enrolment code.

    The administrator never knows the password the person will use: the code only
    lets the person choose their own, which also creates their staff key.
    """
    user = User(username=username, role=role.value, first_name=full_name)
    code = _give_enrolment_code(user)
    save_and_record(
        user,
        tag=AuditTag.USER_CREATED,
        actor=acting_user,
        extras={"role": role.value, "enrolment_code": True},
    )
    return user, code


def replace_enrolment_code(*, user: User, new_password: str) -> None:
    """The person's first step after signing in with an enrolment code.

    Sets their own password and, for content roles, creates their staff key pair
    wrapped under it: from now on only this password opens what is granted to them.
    """
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.enrolment_expires_at = None
        user.save(update_fields=["password", "must_change_password", "enrolment_expires_at"])
        # A key left from before a reset cannot be opened by the person any more.
        StaffKey.objects.filter(user=user).delete()
        if Role(user.role) in CONTENT_ROLES:
            ensure_staff_key(user=user, passphrase=new_password)
        record(tag=AuditTag.ENROLMENT_CODE_REPLACED, actor=user, target=user)


def _drop_desk_grants(*, acting_user: User, user: User, reason: str) -> None:
    """After a reset the account may be in someone else's hands: the rapporteur
    must grant the desk key again, to the person, once they have signed in."""
    dropped = DeskKeyGrant.objects.filter(user=user).delete()[0]
    record(
        tag=AuditTag.VAULT_GRANTS_DROPPED,
        actor=acting_user,
        target=user,
        extras={"grants_dropped": dropped, "reason": reason},
    )


def reset_password(*, acting_user: User, user: User) -> str:
    """For a forgotten password: a new enrolment code, shown once to the administrator.

    The staff key (wrapped under the lost password) and every desk key grant go in
    the same transaction, as do the second factor and all sessions: whoever signs in
    with the code starts from nothing and reads nothing until the rapporteur grants.
    Refused for one's own account: that is changed from one's account page.
    """
    if user.pk == acting_user.pk:
        raise Refused(_("Change your own password from your account page."))

    with transaction.atomic():
        code = _give_enrolment_code(user)
        user.session_epoch += 1
        user.save(
            update_fields=[
                "password",
                "must_change_password",
                "enrolment_expires_at",
                "session_epoch",
            ]
        )
        factors.drop_second_factors(user=user)
        StaffKey.objects.filter(user=user).delete()
        _drop_desk_grants(acting_user=acting_user, user=user, reason="password-reset")
        throttle.clear(user.get_username())
        record(tag=AuditTag.PASSWORD_RESET, actor=acting_user, target=user)
    return code


def create_staff(
    *, acting_user: User | None, username: str, role: Role, password: str, full_name: str = ""
) -> User:
    """An account with a known password, for the operator's command line and the demo
    only; administrators create accounts with ``enrol_staff``."""
    with transaction.atomic():
        user = User.objects.create_user(
            username=username, password=password, role=role.value, first_name=full_name
        )
        record(
            tag=AuditTag.USER_CREATED, actor=acting_user, target=user, extras={"role": role.value}
        )
    return user


def _refuse_own_standing(*, acting_user: User, user: User) -> None:
    # An administrator who demoted or deactivated themselves could leave the desk
    # with no one to manage accounts; another administrator must do it.
    if user.pk == acting_user.pk:
        raise Refused(_("You cannot change your own role or deactivate yourself."))


def change_role(*, acting_user: User, user: User, role: Role) -> None:
    """Give ``user`` another role; refused for one's own. Nothing is written when
    the role is the same."""
    _refuse_own_standing(acting_user=acting_user, user=user)
    if user.role == role.value:
        return
    previous = user.role
    user.role = role.value
    save_and_record(
        user,
        update_fields=["role"],
        tag=AuditTag.ROLE_CHANGED,
        actor=acting_user,
        extras={"from": previous, "to": role.value},
    )


def unlock(*, acting_user: User, user: User) -> None:
    with transaction.atomic():
        throttle.clear(user.get_username())
        record(tag=AuditTag.USER_UNLOCKED, actor=acting_user, target=user)


def set_active(*, acting_user: User, user: User, active: bool) -> None:
    """Deactivate (never delete: the audit log keeps its actors) or reactivate.

    Deactivation also ends the user's sessions by moving their epoch; one cannot
    deactivate oneself.
    """
    if not active:
        _refuse_own_standing(acting_user=acting_user, user=user)
    if user.is_active == active:
        return
    with transaction.atomic():
        user.is_active = active
        user.session_epoch += 1
        user.save(update_fields=["is_active", "session_epoch"])
        tag = AuditTag.USER_REACTIVATED if active else AuditTag.USER_DEACTIVATED
        record(tag=tag, actor=acting_user, target=user)


def reset_second_factor(*, acting_user: User, user: User) -> None:
    """For a lost phone: the user enrols a new authenticator at next sign-in.

    Their desk key grants go too: until the rapporteur grants again, whoever
    enrols the new authenticator reads nothing.
    """
    with transaction.atomic():
        factors.drop_second_factors(user=user)
        user.session_epoch += 1
        user.save(update_fields=["session_epoch"])
        _drop_desk_grants(acting_user=acting_user, user=user, reason="second-factor-reset")
        record(tag=AuditTag.SECOND_FACTOR_RESET, actor=acting_user, target=user)
