"""Every change to key custody, each in one transaction with its audit entry.

The server never stores a private key in clear. Desk private keys pass through
these functions in memory only, as arguments and return values, and are dropped
as soon as the caller is done (Python cannot wipe memory: keep them short-lived).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapporteur.accounts.permissions import CONTENT_ROLES, Role
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused
from rapporteur.vault import crypto, recovery
from rapporteur.vault.errors import NotInitialised, VaultError
from rapporteur.vault.models import DeskKey, DeskKeyGrant, StaffKey
from rapporteur.vault.selectors import argon2_params

if TYPE_CHECKING:
    from rapporteur.accounts.models import User

DEFAULT_THRESHOLD = 2
DEFAULT_SHARES = 3


class CustodyRefused(Refused, VaultError):
    """A change to key custody is turned down (a role that may not hold the desk
    key, a grantee still on their enrolment code, a revocation that would leave no
    holder); the message says why. Still a ``VaultError`` for the command line."""


@dataclass(frozen=True, repr=False)
class NewDeskKey:
    """A freshly made desk key generation and its recovery shares (show once)."""

    version: int
    private_key: bytes
    shares: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"NewDeskKey(version={self.version}, <secret hidden>)"


def _check_content_role(user: User) -> None:
    # Analysts and administrators never see content: they never get a desk key.
    if Role(user.role) not in CONTENT_ROLES:
        raise CustodyRefused(
            _("%(name)s is %(role)s: only the rapporteur and officers may hold the desk key.")
            % {"name": user.username, "role": user.get_role_display()}
        )


def _check_grantee_enrolled(*, acting_user: User | None, user: User) -> None:
    """A grant goes only to a key made from the grantee's own password.

    An account still on its enrolment code (or without a staff key) may be in the
    hands of the administrator who set it up: refused, and the refusal audited.
    """
    # Read from the database, not the caller's possibly stale copy of the user.
    on_code = get_user_model().objects.filter(pk=user.pk, must_change_password=True).exists()
    if not on_code and StaffKey.objects.filter(user=user).exists():
        return
    record(
        tag=AuditTag.VAULT_GRANT_REFUSED,
        actor=acting_user,
        target=user,
        extras={"on_enrolment_code": on_code},
    )
    raise CustodyRefused(
        _(
            "%(name)s has not yet signed in with their enrolment code and chosen their "
            "own password: the desk key can be granted only after that."
        )
        % {"name": user.username}
    )


def ensure_staff_key(*, user: User, passphrase: str) -> tuple[StaffKey, bytes]:
    """The user's staff key record and its unwrapped private key.

    Creates the key pair at first use. If the stored key does not open with this
    passphrase, the password was reset by someone else (the only way a correct
    sign-in password can differ from the wrapping one): the old key is unusable, so
    it is replaced and the grants made to it are deleted; the desk key must then be
    granted again by a colleague or recovered from shares. Costs one Argon2id run.
    """
    with transaction.atomic():
        existing = StaffKey.objects.select_for_update().filter(user=user).first()
        if existing is not None:
            try:
                private = crypto.unwrap_private_key_with_passphrase(
                    wrapped=bytes(existing.wrapped_private_key), passphrase=passphrase
                )
            except crypto.WrongPassphrase:
                pass
            else:
                return existing, private
        pair = crypto.generate_staff_keypair()
        wrapped = crypto.wrap_private_key_with_passphrase(
            private_key=pair.private_key, passphrase=passphrase, params=argon2_params()
        )
        if existing is None:
            key = StaffKey.objects.create(
                user=user, public_key=pair.public_key, wrapped_private_key=wrapped
            )
            record(tag=AuditTag.VAULT_STAFF_KEY_CREATED, actor=None, target=user)
        else:
            dropped = DeskKeyGrant.objects.filter(user=user).delete()[0]
            existing.public_key = pair.public_key
            existing.wrapped_private_key = wrapped
            existing.save(update_fields=["public_key", "wrapped_private_key", "updated_at"])
            key = existing
            record(
                tag=AuditTag.VAULT_STAFF_KEY_REPLACED,
                actor=None,
                target=user,
                extras={"grants_dropped": dropped},
            )
    return key, pair.private_key


def unlock_desk_keys(*, user: User, passphrase: str) -> dict[int, bytes]:
    """Open every desk key generation granted to the user: {version: private key}.

    Empty for roles without content access, and for staff not yet granted access.
    """
    if Role(user.role) not in CONTENT_ROLES or user.must_change_password:
        # An enrolment code never becomes a passphrase: the staff key is made from
        # the person's own password, when they choose it.
        return {}
    _staff_key, staff_private = ensure_staff_key(user=user, passphrase=passphrase)
    keys: dict[int, bytes] = {}
    for grant in DeskKeyGrant.objects.filter(user=user).select_related("desk_key"):
        try:
            keys[grant.desk_key.version] = crypto.unwrap_desk_key(
                wrapped=bytes(grant.wrapped_desk_key), staff_private_key=staff_private
            )
        except crypto.DecryptionError:
            # A grant made to a replaced staff key; ignored rather than fatal.
            continue
    return keys


def _new_generation(*, threshold: int, shares: int) -> tuple[DeskKey, NewDeskKey]:
    pair = crypto.generate_desk_keypair()
    mnemonics = recovery.split_desk_key(
        desk_private_key=pair.private_key, threshold=threshold, shares=shares
    )
    last = DeskKey.objects.order_by("-version").values_list("version", flat=True).first()
    version = (last or 0) + 1
    row = DeskKey.objects.create(version=version, public_key=pair.public_key)
    return row, NewDeskKey(version=version, private_key=pair.private_key, shares=mnemonics)


def _wrap_to(*, desk_key: DeskKey, private_key: bytes, user: User) -> None:
    staff_key = StaffKey.objects.filter(user=user).first()
    if staff_key is None:
        raise CustodyRefused(
            _("%(name)s has no staff key yet: they must sign in once before being given access.")
            % {"name": user.username}
        )
    DeskKeyGrant.objects.update_or_create(
        desk_key=desk_key,
        user=user,
        defaults={
            "wrapped_desk_key": crypto.wrap_desk_key_for_staff(
                desk_private_key=private_key, staff_public_key=bytes(staff_key.public_key)
            )
        },
    )


def initialise_desk(
    *,
    keyholders: list[tuple[User, str]],
    threshold: int = DEFAULT_THRESHOLD,
    shares: int = DEFAULT_SHARES,
    acting_user: User | None = None,
) -> NewDeskKey:
    """The key ceremony: make the first desk key, wrap it to each keyholder (user,
    sign-in password) and split it into ``shares`` recovery shares, any
    ``threshold`` of which rebuild it. Print the shares once, for trustees.

    Refuses a second run: a new generation comes only from ``revoke_staff``.
    """
    if not keyholders:
        raise CustodyRefused(_("Name at least one keyholder (the rapporteur or an officer)."))
    for user, _passphrase in keyholders:
        _check_content_role(user)
        if not user.check_password(_passphrase):
            raise CustodyRefused(_("Wrong password for %(name)s.") % {"name": user.username})
    with transaction.atomic():
        if DeskKey.objects.select_for_update().exists():
            raise CustodyRefused(_("The desk key already exists; the ceremony runs only once."))
        try:
            row, new = _new_generation(threshold=threshold, shares=shares)
        except ValueError as error:
            raise CustodyRefused(str(error)) from None
        for user, passphrase in keyholders:
            ensure_staff_key(user=user, passphrase=passphrase)
            _wrap_to(desk_key=row, private_key=new.private_key, user=user)
        record(
            tag=AuditTag.VAULT_INITIALISED,
            actor=acting_user,
            extras={
                "version": row.version,
                "keyholders": [u.pk for u, _pw in keyholders],
                "threshold": threshold,
                "shares": shares,
            },
        )
    return new


def grant_desk_access(*, acting_user: User, user: User, desk_keys: dict[int, bytes]) -> int:
    """Wrap every desk key generation the acting user holds to ``user``.

    ``desk_keys`` come from the acting user's unlocked session. Returns the number
    of generations granted. The grantee must have signed in once (staff key).
    """
    _check_content_role(user)
    if not user.is_active:
        raise CustodyRefused(_("%(name)s is deactivated.") % {"name": user.username})
    if not desk_keys:
        raise CustodyRefused(_("Your session holds no desk key to share."))
    _check_grantee_enrolled(acting_user=acting_user, user=user)
    with transaction.atomic():
        rows = {k.version: k for k in DeskKey.objects.filter(version__in=desk_keys)}
        for version, private_key in desk_keys.items():
            row = rows[version]
            if crypto.public_key_from_private(private_key=private_key) != bytes(row.public_key):
                raise CustodyRefused(
                    _("Desk key v%(version)s in this session does not match the record.")
                    % {"version": version}
                )
            _wrap_to(desk_key=row, private_key=private_key, user=user)
        record(
            tag=AuditTag.VAULT_ACCESS_GRANTED,
            actor=acting_user,
            target=user,
            extras={"versions": sorted(desk_keys)},
        )
    return len(desk_keys)


def revoke_staff(
    *,
    acting_user: User | None,
    user: User,
    threshold: int = DEFAULT_THRESHOLD,
    shares: int = DEFAULT_SHARES,
) -> NewDeskKey:
    """Take desk access away from ``user`` and rotate the desk key.

    Deletes their grants, retires the current generation and makes a new one,
    wrapped to every remaining holder (only their public keys are needed, so no
    one's secret is required). Intake seals to the new key from the next request.
    What the revoked person may still read: everything sealed to generations they
    held, from any copy of the ciphertext they kept or can obtain; see the docs.
    New recovery shares are returned for the new generation.
    """
    with transaction.atomic():
        current = DeskKey.objects.select_for_update().filter(retired_at__isnull=True).first()
        if current is None:
            raise NotInitialised(_("The desk key has not been created yet."))
        remaining = list(
            get_user_model()
            .objects.filter(desk_key_grants__desk_key=current, is_active=True)
            .exclude(pk=user.pk)
            .distinct()
        )
        remaining = [u for u in remaining if Role(u.role) in CONTENT_ROLES]
        if not remaining:
            raise CustodyRefused(
                _(
                    "Revoking this person would leave no one holding the desk key. "
                    "Grant access to someone else first."
                )
            )
        dropped = DeskKeyGrant.objects.filter(user=user).delete()[0]
        current.retired_at = timezone.now()
        current.save(update_fields=["retired_at"])
        try:
            row, new = _new_generation(threshold=threshold, shares=shares)
        except ValueError as error:
            raise CustodyRefused(str(error)) from None
        for holder in remaining:
            _wrap_to(desk_key=row, private_key=new.private_key, user=holder)
        record(
            tag=AuditTag.VAULT_ACCESS_REVOKED,
            actor=acting_user,
            target=user,
            extras={"grants_dropped": dropped},
        )
        record(
            tag=AuditTag.VAULT_DESK_KEY_ROTATED,
            actor=acting_user,
            extras={
                "from_version": current.version,
                "to_version": row.version,
                "holders": [u.pk for u in remaining],
            },
        )
    return new


def change_passphrase(*, user: User, old_passphrase: str, new_passphrase: str) -> bool:
    """Rewrap the user's staff key under a new passphrase; no content changes.

    Call inside the transaction that changes the password. Returns False when the
    user has no staff key (nothing to rewrap). Raises VaultError if the old
    passphrase does not open the key.
    """
    key = StaffKey.objects.select_for_update().filter(user=user).first()
    if key is None:
        return False
    try:
        key.wrapped_private_key = crypto.rewrap_with_new_passphrase(
            wrapped=bytes(key.wrapped_private_key),
            old_passphrase=old_passphrase,
            new_passphrase=new_passphrase,
            params=argon2_params(),
        )
    except crypto.WrongPassphrase:
        raise CustodyRefused(_("The current password does not open your staff key.")) from None
    key.save(update_fields=["wrapped_private_key", "updated_at"])
    return True


def recover_access(*, mnemonics: list[str], user: User, acting_user: User | None = None) -> int:
    """Rebuild a desk key generation from k recovery shares and grant it to ``user``.

    For a forgotten password (after which the user signs in with a new password,
    which gives them a new staff key) or when every holder has left. Returns the
    recovered version. Raises ``recovery.RecoveryError`` with a plain message for
    wrong, damaged or too few shares, and VaultError if the key matches no
    generation of this desk.
    """
    _check_content_role(user)
    _check_grantee_enrolled(acting_user=acting_user, user=user)
    private_key = recovery.recover_desk_key(mnemonics=mnemonics)
    public_key = crypto.public_key_from_private(private_key=private_key)
    with transaction.atomic():
        row = next(
            (k for k in DeskKey.objects.all() if bytes(k.public_key) == public_key),
            None,
        )
        if row is None:
            raise CustodyRefused(
                _("These shares rebuild a key that is not one of this desk's keys.")
            )
        _wrap_to(desk_key=row, private_key=private_key, user=user)
        record(
            tag=AuditTag.VAULT_RECOVERED,
            actor=acting_user,
            target=user,
            extras={"version": row.version},
        )
    return row.version
