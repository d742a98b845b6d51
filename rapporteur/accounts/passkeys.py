"""Security keys and passkeys (WebAuthn) as a second factor, beside TOTP.

The browser talks to the authenticator; this module makes the challenges and checks
the answers with python-fido2. Each challenge is kept in the server-side session,
bound to one user and one purpose, and taken out of it before the answer is checked,
so it can be answered once and only within ``CHALLENGE_SECONDS``.

What is stored is public material only (credential id, COSE public key, signature
counter), a random user handle, the name the owner gave and hours, not moments. A
passkey is added only after TOTP is set up (the account page needs a full sign-in),
so every member of staff keeps a code to fall back on.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from fido2 import cbor
from fido2.cose import CoseKey
from fido2.rpid import verify_rp_id
from fido2.server import Fido2Server
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationConveyancePreference,
    AttestedCredentialData,
    AuthenticationResponse,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialType,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from rapporteur.accounts import throttle
from rapporteur.accounts.models import Passkey, User
from rapporteur.accounts.services import LoginRefused, refuse_while_code_throttled
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.errors import Refused

CHALLENGE_SECONDS = 5 * 60
_REGISTRATION = "passkey_registration"
_AUTHENTICATION = "passkey_authentication"
_USER_HANDLE_BYTES = 32


class PasskeyRefused(Refused):
    """A security key could not be added; the message is safe to show."""


# --- The relying party ---------------------------------------------------------------


def relying_party() -> Fido2Server:
    """The desk as a WebAuthn relying party, made from settings on each use (cheap).

    Attestation "none": the desk does not ask which make of key it is, so any key
    works and nothing about the key's maker is stored.
    """
    rp_id = settings.PASSKEY_RP_ID
    return Fido2Server(
        PublicKeyCredentialRpEntity(name=settings.OTP_TOTP_ISSUER, id=rp_id),
        attestation=AttestationConveyancePreference.NONE,
        verify_origin=lambda origin: _origin_is_desk(origin, rp_id),
    )


def _origin_is_desk(origin: str, rp_id: str) -> bool:
    # Exactly the desk's host, over HTTPS (http only for localhost): fido2's own
    # check would also accept every subdomain of the relying party id.
    return urlparse(origin).hostname == rp_id and verify_rp_id(rp_id, origin)


def usable_at(host: str) -> bool:
    """Whether a page served at ``host`` (``request.get_host()``) can use passkeys:
    browsers refuse a relying party id that is not the page's host (an onion
    address, an IP address), so the offer would only fail there."""
    return split_domain_port(host)[0] == settings.PASSKEY_RP_ID


def _this_hour() -> Any:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def passkeys_of(*, user: User) -> list[Passkey]:
    return list(Passkey.objects.filter(user=user, confirmed=True))


def has_passkey(*, user: User) -> bool:
    return Passkey.objects.filter(user=user, confirmed=True).exists()


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    return PublicKeyCredentialDescriptor(
        type=PublicKeyCredentialType.PUBLIC_KEY, id=bytes(passkey.credential_id)
    )


def _credential(passkey: Passkey) -> AttestedCredentialData:
    public_key = CoseKey.parse(cast(Mapping[int, Any], cbor.decode(bytes(passkey.public_key))))
    return AttestedCredentialData.create(Aaguid.NONE, bytes(passkey.credential_id), public_key)


# --- Challenges in the session ---------------------------------------------------------


def _keep_challenge(request: HttpRequest, purpose: str, user: User, **state: Any) -> None:
    request.session[purpose] = {"user": user.pk, "at": time.time(), **state}


def _take_challenge(request: HttpRequest, purpose: str, user: User) -> dict[str, Any] | None:
    """The pending challenge for ``purpose``, removed from the session: single use."""
    pending = request.session.pop(purpose, None)
    if not isinstance(pending, dict) or pending.get("user") != user.pk:
        return None
    if time.time() - float(pending.get("at", 0)) > CHALLENGE_SECONDS:
        return None
    return pending


def _parsed(response: str) -> dict[str, Any] | None:
    try:
        value = json.loads(response)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# --- Adding a key (signed in, from the account page) ------------------------------------


def registration_options(*, request: HttpRequest, user: User, name: str) -> dict[str, Any]:
    """Options for ``navigator.credentials.create``, as JSON-ready data.

    The user handle is random and the same for all of one person's keys, so a
    passkey manager replaces rather than piles up; the account's id never leaves
    the desk. Keys already registered are excluded, so one key is not added twice.
    A resident key is discouraged: a security key then stores nothing about the desk.
    """
    existing = passkeys_of(user=user)
    handle = bytes(existing[0].user_handle) if existing else os.urandom(_USER_HANDLE_BYTES)
    options, state = relying_party().register_begin(
        PublicKeyCredentialUserEntity(
            id=handle, name=user.get_username(), display_name=user.get_username()
        ),
        credentials=[_descriptor(p) for p in existing],
        resident_key_requirement=ResidentKeyRequirement.DISCOURAGED,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(
        request, _REGISTRATION, user, state=dict(state), name=name, handle=websafe_encode(handle)
    )
    return dict(options)


def add_passkey(*, request: HttpRequest, user: User, response: str) -> Passkey:
    """Check the browser's answer to the registration challenge and store the key."""
    pending = _take_challenge(request, _REGISTRATION, user)
    if pending is None:
        raise PasskeyRefused(_("Adding the key took too long or was already done. Start again."))
    answer = _parsed(response)
    try:
        auth_data = relying_party().register_complete(pending["state"], answer or {})
    except Exception:  # fido2 raises many kinds on a bad answer: every one is a refusal
        raise PasskeyRefused(_("The key's answer could not be checked. Try again.")) from None
    credential = auth_data.credential_data
    if credential is None:
        raise PasskeyRefused(_("The key's answer could not be checked. Try again."))
    if Passkey.objects.filter(credential_id=credential.credential_id).exists():
        raise PasskeyRefused(_("This key is already registered."))
    with transaction.atomic():
        passkey = Passkey.objects.create(
            user=user,
            name=pending["name"],
            confirmed=True,
            credential_id=credential.credential_id,
            public_key=cbor.encode(dict(credential.public_key)),
            sign_count=auth_data.counter,
            user_handle=websafe_decode(pending["handle"]),
            created_hour=_this_hour(),
        )
        record(tag=AuditTag.PASSKEY_ADDED, actor=user, target=user, extras={"passkey": passkey.pk})
    return passkey


def remove_passkey(*, acting_user: User, passkey: Passkey) -> None:
    """Remove one of one's own keys (the view has checked the password again)."""
    with transaction.atomic():
        passkey_id = passkey.pk
        passkey.delete()
        record(
            tag=AuditTag.PASSKEY_REMOVED,
            actor=acting_user,
            target=acting_user,
            extras={"passkey": passkey_id},
        )


# --- Signing in with a key (second step, the session still anonymous) --------------------


def authentication_options(*, request: HttpRequest, user: User) -> dict[str, Any]:
    """Options for ``navigator.credentials.get``, limited to this user's keys."""
    refuse_while_code_throttled(user=user)
    passkeys = passkeys_of(user=user)
    if not passkeys:
        raise LoginRefused(_("There is no security key on this account. Enter a code."))
    options, state = relying_party().authenticate_begin(
        credentials=[_descriptor(p) for p in passkeys],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(request, _AUTHENTICATION, user, state=dict(state))
    return dict(options)


def verify_passkey(*, request: HttpRequest, user: User, response: str) -> Passkey:
    """Check the browser's answer to the sign-in challenge; the passkey on success.

    A refusal counts against the account exactly like a wrong code (one count for
    both), so keys and codes together get the same slow-down and lock-out.
    """
    refuse_while_code_throttled(user=user)
    pending = _take_challenge(request, _AUTHENTICATION, user)
    passkey, reason = _checked_assertion(user=user, pending=pending, response=response)
    if passkey is None:
        with transaction.atomic():
            counted = throttle.note_failure(user.get_username(), throttle.CODE)
            record(
                tag=AuditTag.PASSKEY_FAILED,
                target=user,
                extras={"failures": counted.failures, "reason": reason},
            )
        raise LoginRefused(_("The security key was not accepted. Try again, or enter a code."))
    return passkey


def _checked_assertion(
    *, user: User, pending: dict[str, Any] | None, response: str
) -> tuple[Passkey | None, str]:
    """The passkey that signed the challenge, or None and a reason code for the log."""
    if pending is None:
        return None, "no-challenge"
    answer = _parsed(response)
    passkeys = {bytes(p.credential_id): p for p in passkeys_of(user=user)}
    try:
        assertion = AuthenticationResponse.from_dict(answer or {})
        relying_party().authenticate_complete(
            pending["state"], [_credential(p) for p in passkeys.values()], assertion
        )
    except Exception:  # fido2 raises many kinds on a bad answer: every one is a refusal
        return None, "not-verified"
    with transaction.atomic():
        passkey = Passkey.objects.select_for_update().get(pk=passkeys[assertion.raw_id].pk)
        counter = assertion.response.authenticator_data.counter
        if not _counter_moved_on(stored=passkey.sign_count, received=counter):
            return None, "sign-count"
        passkey.sign_count = counter
        passkey.last_used_hour = _this_hour()
        passkey.save(update_fields=["sign_count", "last_used_hour"])
        record(tag=AuditTag.PASSKEY_USED, actor=user, target=user, extras={"passkey": passkey.pk})
    return passkey, ""


def _counter_moved_on(*, stored: int, received: int) -> bool:
    """A key that counts must count up; a counter that stands still or goes back
    means a copy of the key may be in use (WebAuthn, "signature counter"). Keys
    that do not count (many passkeys) always send 0."""
    if stored == 0 and received == 0:
        return True
    return received > stored
