"""Keeping unlocked keys for one signed-in session, and only for it.

The unlocked desk keys are sealed with ``crypto.seal_for_session``: the ciphertext
goes into the server-side session, the key that opens it only into a separate
HttpOnly, SameSite=Strict cookie (Secure in production). Neither the session store
(database) nor the cookie alone opens anything, and several server processes can
serve one session. Logging out flushes the session and deletes the cookie; an
expired session takes the ciphertext with it.

The same mechanism keeps a returning source's reply key (``SOURCE_*`` names), and,
between the two sign-in steps only, the key to a member's second factors
(``FACTOR_*``).
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from rapporteur.vault import crypto
from rapporteur.vault.errors import UnlockRequired
from rapporteur.vault.services import unlock_desk_keys

if TYPE_CHECKING:
    from rapporteur.accounts.models import User

STAFF_SESSION_FIELD = "vault_sealed_desk_keys"
SOURCE_SESSION_FIELD = "vault_sealed_source_key"
FACTOR_SESSION_FIELD = "vault_sealed_factor_key"
_PENDING_ATTR = "_vault_cookies_to_set"
_ENTRY = struct.Struct(">I32s")


def _encode_keys(keys: Mapping[int, bytes]) -> bytes:
    return b"".join(_ENTRY.pack(version, key) for version, key in sorted(keys.items()))


def _decode_keys(blob: bytes) -> dict[int, bytes]:
    if len(blob) % _ENTRY.size:
        raise UnlockRequired("damaged session keys")
    return {v: k for v, k in _ENTRY.iter_unpack(blob)}


def _stash(request: HttpRequest, field: str, cookie: str, secret: bytes) -> None:
    ciphertext, session_key = crypto.seal_for_session(secret=secret)
    request.session[field] = base64.b64encode(ciphertext).decode("ascii")
    pending = getattr(request, _PENDING_ATTR, {})
    pending[cookie] = base64.urlsafe_b64encode(session_key).decode("ascii")
    setattr(request, _PENDING_ATTR, pending)


def set_cookies(*, request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Put the cookie half of what ``keep_*`` sealed on the response.

    A browser-session cookie (no expiry): it goes when the browser closes, like
    the session cookie; the server-side half goes when the session ends.
    """
    for name, value in getattr(request, _PENDING_ATTR, {}).items():
        response.set_cookie(
            name,
            value,
            httponly=True,
            samesite="Strict",
            secure=settings.SESSION_COOKIE_SECURE,
            path="/",
        )
    return response


def forget(*, response: HttpResponse) -> HttpResponse:
    """Delete every key cookie; call on every sign-out response."""
    for name in (
        settings.VAULT_COOKIE_NAME,
        settings.VAULT_SOURCE_COOKIE_NAME,
        settings.VAULT_FACTOR_COOKIE_NAME,
    ):
        response.delete_cookie(name, path="/", samesite="Strict")
    return response


def _open(request: HttpRequest, field: str, cookie: str) -> bytes:
    stored = request.session.get(field)
    token = request.COOKIES.get(cookie)
    pending = getattr(request, _PENDING_ATTR, {}).get(cookie)
    token = pending or token
    if not stored or not token:
        raise UnlockRequired("no unlocked key in this session")
    try:
        ciphertext = base64.b64decode(stored)
        session_key = base64.urlsafe_b64decode(token)
        return crypto.open_from_session(ciphertext=ciphertext, session_key=session_key)
    except (binascii.Error, ValueError, crypto.CryptoError):
        raise UnlockRequired("the session key does not open this session") from None


# --- staff ---------------------------------------------------------------------------


def keep_desk_keys(*, request: HttpRequest, keys: Mapping[int, bytes]) -> None:
    """Seal the unlocked desk keys into this session (call ``set_cookies`` after)."""
    _stash(request, STAFF_SESSION_FIELD, settings.VAULT_COOKIE_NAME, _encode_keys(keys))


def unlock_at_sign_in(*, request: HttpRequest, user: User, password: str) -> None:
    """The sign-in hook: the password just proven is the staff passphrase.

    Runs after the password step, before the second factor; the keys are usable
    only once the session is fully signed in, because every view that reads them
    requires a verified user. Costs one Argon2id run for content roles.
    """
    keys = unlock_desk_keys(user=user, passphrase=password)
    if keys:
        keep_desk_keys(request=request, keys=keys)
    else:
        request.session.pop(STAFF_SESSION_FIELD, None)


def keep_factor_key(*, request: HttpRequest, factor_key: bytes | None) -> None:
    """Between the password and the second factor: seal the member's factor key into
    the pending (anonymous) session (call ``set_cookies`` after). None forgets any."""
    if factor_key is None:
        request.session.pop(FACTOR_SESSION_FIELD, None)
        return
    _stash(request, FACTOR_SESSION_FIELD, settings.VAULT_FACTOR_COOKIE_NAME, factor_key)


def factor_key_for(request: HttpRequest) -> bytes | None:
    """The factor key the password step kept, or None (none kept, cookie missing)."""
    try:
        return _open(request, FACTOR_SESSION_FIELD, settings.VAULT_FACTOR_COOKIE_NAME)
    except UnlockRequired:
        return None


def drop_factor_key(*, request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Signed in: the factor key is needed no more. Both halves go."""
    request.session.pop(FACTOR_SESSION_FIELD, None)
    response.delete_cookie(settings.VAULT_FACTOR_COOKIE_NAME, path="/", samesite="Strict")
    return response


def desk_private_keys_for(request: HttpRequest) -> dict[int, bytes]:
    """The desk private keys this session unlocked: {version: key}.

    Raises UnlockRequired (shown as "sign in again to unlock") when the session
    holds none or its cookie half is missing. Only content roles ever have any.
    """
    user = request.user
    if not (user.is_authenticated and getattr(user, "is_verified", bool)()):
        raise UnlockRequired("not signed in")
    keys = _decode_keys(_open(request, STAFF_SESSION_FIELD, settings.VAULT_COOKIE_NAME))
    if not keys:
        raise UnlockRequired("no desk key in this session")
    return keys


# --- sources ------------------------------------------------------------------------------


def keep_source_key(*, request: HttpRequest, source_id: int, private_key: bytes) -> None:
    """Seal a returning source's reply key into their (anonymous) session."""
    request.session["intake_source"] = source_id
    _stash(request, SOURCE_SESSION_FIELD, settings.VAULT_SOURCE_COOKIE_NAME, private_key)


def source_key_for(request: HttpRequest) -> tuple[int, bytes]:
    """(source id, reply private key) of the source signed in with a receipt."""
    source_id = request.session.get("intake_source")
    if not isinstance(source_id, int):
        raise UnlockRequired("no receipt in this session")
    return source_id, _open(request, SOURCE_SESSION_FIELD, settings.VAULT_SOURCE_COOKIE_NAME)
