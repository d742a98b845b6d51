"""Key custody: X25519 key pairs, private keys wrapped under a passphrase
(Argon2id then SecretBox), desk keys wrapped to staff keys (sealed boxes),
second-factor secrets (factor keys, sealed TOTP secrets, recovery-code digests)
and the two halves of an unlocked session.

``docs/vault-crypto.md`` draws the hierarchy these functions build.
"""

from __future__ import annotations

import struct
import unicodedata

import nacl.exceptions
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from rapporteur.vault.crypto.common import (
    _SALT_BYTES,
    DEFAULT_ARGON2,
    FORMAT_VERSION,
    KEY_BYTES,
    KIND_FACTOR_SECRET,
    KIND_FACTOR_WRAP,
    KIND_PASSPHRASE_WRAP,
    KIND_RECOVERY_HASH,
    KIND_SESSION,
    KIND_STAFF_WRAP,
    Argon2Params,
    BytesLike,
    KeyPair,
    _argon2id,
    _as_bytes,
    _check_key,
    _check_prefix,
)
from rapporteur.vault.crypto.envelopes import SEALED_KEY_BYTES
from rapporteur.vault.crypto.errors import (
    DecryptionError,
    InvalidSessionKey,
    NotARecipient,
    WrongPassphrase,
)

_PW_HEADER = struct.Struct(">BcIIB16s")  # version, kind, t, m, p, salt


# ---------------------------------------------------------------- key pairs
def generate_desk_keypair() -> KeyPair:
    """New desk X25519 key pair. WHO CAN DECRYPT: the server only ever needs
    the public half; items sealed to it open only with the private half,
    which staff hold wrapped (wrap_desk_key_for_staff) or via SLIP-39 shares."""
    sk = PrivateKey.generate()
    return KeyPair(bytes(sk.public_key), bytes(sk))


def generate_staff_keypair() -> KeyPair:
    """New staff X25519 key pair. WHO CAN DECRYPT: desk keys wrapped to this
    public key open only with the private half, stored passphrase-wrapped."""
    return generate_desk_keypair()


def public_key_from_private(*, private_key: bytes) -> bytes:
    """Public half of a raw X25519 private key (no decryption involved)."""
    return bytes(PrivateKey(_check_key(private_key, "private_key")).public_key)


# ----------------------------------------------------- staff key custody
def _normalise_passphrase(passphrase: str | bytes) -> bytes:
    # NFKC so the same passphrase typed on different keyboards/OSes matches.
    if isinstance(passphrase, str):
        passphrase = unicodedata.normalize("NFKC", passphrase).encode("utf-8")
    if not passphrase:
        raise ValueError("passphrase must not be empty")
    return bytes(passphrase)


def _salt_header(kind: bytes, params: Argon2Params) -> bytes:
    # version, kind, t_cost u32, m_cost KiB u32, parallelism u8, fresh salt(16)
    salt = nacl.utils.random(_SALT_BYTES)
    return _PW_HEADER.pack(
        FORMAT_VERSION, kind, params.time_cost, params.memory_cost_kib, params.parallelism, salt
    )


def _header_key(header: bytes, kind: bytes, secret: bytes, min_len: int) -> bytes:
    """Argon2id of ``secret`` with the cost and salt recorded in ``header``."""
    _check_prefix(header, kind, min_len)
    _, _, t, m, p, salt = _PW_HEADER.unpack_from(header)
    return _argon2id(secret, salt, Argon2Params(t, m, p))


def _wrap_under_passphrase(
    kind: bytes, secret: bytes, passphrase: str | bytes, params: Argon2Params | None
) -> bytes:
    header = _salt_header(kind, params or DEFAULT_ARGON2)
    key = _header_key(header, kind, _normalise_passphrase(passphrase), _PW_HEADER.size)
    return header + bytes(SecretBox(key).encrypt(secret))


def _unwrap_under_passphrase(kind: bytes, wrapped: bytes, passphrase: str | bytes) -> bytes:
    min_len = _PW_HEADER.size + SecretBox.NONCE_SIZE + SecretBox.MACBYTES
    key = _header_key(wrapped, kind, _normalise_passphrase(passphrase), min_len)
    try:
        return SecretBox(key).decrypt(wrapped[_PW_HEADER.size :])
    except nacl.exceptions.CryptoError:
        raise WrongPassphrase(
            "wrong passphrase for this key (or the stored key is damaged)"
        ) from None


def wrap_private_key_with_passphrase(
    *, private_key: bytes, passphrase: str | bytes, params: Argon2Params | None = None
) -> bytes:
    """Encrypt a private key under a passphrase: Argon2id -> SecretBox.

    Format v1: version, b"P", t_cost u32, m_cost KiB u32, parallelism u8,
    salt(16), SecretBox(nonce 24 | ct | tag 16). WHO CAN DECRYPT: whoever
    knows the passphrase; the server storing the blob cannot, short of
    guessing the passphrase at Argon2id cost per guess.
    """
    return _wrap_under_passphrase(
        KIND_PASSPHRASE_WRAP, _check_key(private_key, "private_key"), passphrase, params
    )


def wrapped_key_params(*, wrapped: bytes) -> Argon2Params:
    """Argon2id parameters recorded in a wrapped blob (e.g. to rewrap on
    login when they are below DEFAULT_ARGON2). Decrypts nothing."""
    _check_prefix(
        wrapped, KIND_PASSPHRASE_WRAP, _PW_HEADER.size + SecretBox.NONCE_SIZE + SecretBox.MACBYTES
    )
    _, _, t, m, p, _ = _PW_HEADER.unpack_from(wrapped)
    return Argon2Params(t, m, p)


def unwrap_private_key_with_passphrase(*, wrapped: bytes, passphrase: str | bytes) -> bytes:
    """Recover a private key. WHO CAN DECRYPT: the passphrase holder only;
    raises WrongPassphrase otherwise (also if the blob was altered)."""
    return _unwrap_under_passphrase(KIND_PASSPHRASE_WRAP, wrapped, passphrase)


def rewrap_with_new_passphrase(
    *,
    wrapped: bytes,
    old_passphrase: str | bytes,
    new_passphrase: str | bytes,
    params: Argon2Params | None = None,
) -> bytes:
    """Change passphrase (and/or Argon2 cost): same private key, new salt.
    No content is re-encrypted. WHO CAN DECRYPT the result: the holder of
    new_passphrase; copies of the old blob still open with the old one."""
    private_key = unwrap_private_key_with_passphrase(wrapped=wrapped, passphrase=old_passphrase)
    return wrap_private_key_with_passphrase(
        private_key=private_key, passphrase=new_passphrase, params=params
    )


def wrap_desk_key_for_staff(*, desk_private_key: bytes, staff_public_key: bytes) -> bytes:
    """Seal the desk private key to one staff member (X25519 SealedBox).
    WHO CAN DECRYPT: only that staff member's private key; the server, which
    stores the blob, cannot."""
    sealed = SealedBox(PublicKey(_check_key(staff_public_key, "staff_public_key")))
    return (
        bytes([FORMAT_VERSION])
        + KIND_STAFF_WRAP
        + sealed.encrypt(_check_key(desk_private_key, "desk_private_key"))
    )


def unwrap_desk_key(*, wrapped: bytes, staff_private_key: bytes) -> bytes:
    """Open a wrap_desk_key_for_staff blob. WHO CAN DECRYPT: the staff member
    it was wrapped to; others get NotARecipient."""
    _check_prefix(wrapped, KIND_STAFF_WRAP, 2 + SEALED_KEY_BYTES)
    try:
        key = SealedBox(PrivateKey(_check_key(staff_private_key, "staff_private_key"))).decrypt(
            wrapped[2:]
        )
    except nacl.exceptions.CryptoError:
        raise NotARecipient("desk key was not wrapped to this staff key (or was altered)") from None
    return _check_key(key, "unwrapped desk key")


# ------------------------------------------------- second-factor secrets
def new_factor_key() -> bytes:
    """A member of staff's own random key to their second-factor secrets (32 bytes)."""
    return nacl.utils.random(KEY_BYTES)


def new_totp_secret() -> bytes:
    """A fresh authenticator secret: 20 random bytes (RFC 4226's recommended length)."""
    return nacl.utils.random(20)


def wrap_factor_key(
    *, factor_key: bytes, password: str | bytes, params: Argon2Params | None = None
) -> bytes:
    """Wrap a factor key under the member's sign-in password: Argon2id -> SecretBox.

    Format v1: as wrap_private_key_with_passphrase, kind b"F". WHO CAN DECRYPT:
    whoever knows the password; a copy of the database cannot, short of guessing
    the password at Argon2id cost per guess.
    """
    return _wrap_under_passphrase(
        KIND_FACTOR_WRAP, _check_key(factor_key, "factor_key"), password, params
    )


def unwrap_factor_key(*, wrapped: bytes, password: str | bytes) -> bytes:
    """Open a wrap_factor_key blob. WHO CAN DECRYPT: the password holder only;
    raises WrongPassphrase otherwise (also if the blob was altered)."""
    return _check_key(
        _unwrap_under_passphrase(KIND_FACTOR_WRAP, wrapped, password), "unwrapped factor key"
    )


def rewrap_factor_key(
    *,
    wrapped: bytes,
    old_password: str | bytes,
    new_password: str | bytes,
    params: Argon2Params | None = None,
) -> bytes:
    """The same factor key under a new password (new salt); the sealed secrets stay
    as they are. WHO CAN DECRYPT the result: the holder of new_password."""
    factor_key = unwrap_factor_key(wrapped=wrapped, password=old_password)
    return wrap_factor_key(factor_key=factor_key, password=new_password, params=params)


def seal_totp_secret(*, secret: bytes, factor_key: bytes) -> bytes:
    """Seal an authenticator's TOTP secret. Format v1: version, b"O",
    SecretBox(nonce 24 | ct | tag 16). WHO CAN DECRYPT: the holder of the
    factor key, that is someone who knows the member's password (the server only
    between the two sign-in steps, with the member's cookie half)."""
    # Up to 64 bytes: authenticators made before sealing may hold django-otp keys of
    # any length up to its 40.
    if not 1 <= len(_as_bytes(secret, "secret")) <= 64:
        raise ValueError("a TOTP secret is 1 to 64 bytes")
    box = SecretBox(_check_key(factor_key, "factor_key"))
    return bytes([FORMAT_VERSION]) + KIND_FACTOR_SECRET + bytes(box.encrypt(bytes(secret)))


def open_totp_secret(*, sealed: bytes, factor_key: bytes) -> bytes:
    """Inverse of seal_totp_secret. WHO CAN DECRYPT: as there; raises
    DecryptionError for another key or an altered blob."""
    _check_prefix(sealed, KIND_FACTOR_SECRET, 2 + SecretBox.NONCE_SIZE + SecretBox.MACBYTES)
    try:
        return SecretBox(_check_key(factor_key, "factor_key")).decrypt(sealed[2:])
    except nacl.exceptions.CryptoError:
        raise DecryptionError("this factor key does not open this secret") from None


def new_recovery_code_salt(*, params: Argon2Params | None = None) -> bytes:
    """The salt and Argon2id cost shared by one set of recovery codes (kind b"R").

    One salt per set, not per code, so that checking a typed code costs one
    Argon2id run whatever the number of codes; a thief's guess also tests every
    code of the set at once, which the codes' length allows for (see
    recovery_code_digest)."""
    return _salt_header(KIND_RECOVERY_HASH, params or DEFAULT_ARGON2)


def recovery_code_digest(*, code: str, salt: bytes) -> bytes:
    """Argon2id digest (32 bytes) of a normalised recovery code under its set's salt.

    Decrypts nothing and cannot be reversed: a copy of the database tests a
    guess at one Argon2id run per guess, against codes of about 79 bits."""
    if not code:
        raise ValueError("recovery code must not be empty")
    return _header_key(salt, KIND_RECOVERY_HASH, code.encode("utf-8"), _PW_HEADER.size)


# --------------------------------------------------- session key custody
def seal_for_session(*, secret: BytesLike) -> tuple[bytes, bytes]:
    """Encrypt a secret (e.g. an unwrapped desk key) under a fresh random
    session key. Returns (ciphertext for server-side session storage, 32-byte
    session key for the user's cookie only). WHO CAN DECRYPT: someone with
    BOTH halves; server storage alone, or the cookie alone, opens nothing."""
    session_key = nacl.utils.random(KEY_BYTES)
    return bytes([FORMAT_VERSION]) + KIND_SESSION + bytes(
        SecretBox(session_key).encrypt(_as_bytes(secret, "secret"))
    ), session_key


def open_from_session(*, ciphertext: bytes, session_key: bytes) -> bytes:
    """Inverse of seal_for_session. WHO CAN DECRYPT: the presenter of the
    matching cookie; raises InvalidSessionKey otherwise."""
    _check_prefix(ciphertext, KIND_SESSION, 2 + SecretBox.NONCE_SIZE + SecretBox.MACBYTES)
    try:
        return SecretBox(_check_key(session_key, "session_key")).decrypt(ciphertext[2:])
    except nacl.exceptions.CryptoError:
        raise InvalidSessionKey("session key does not match (expired or forged session)") from None
