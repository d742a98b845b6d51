"""Vault cryptography for Rapporteur: thin, typed wrappers over libsodium.

No primitive here is home-made: X25519 sealed boxes, XChaCha20-Poly1305
(AEAD and secretstream), SecretBox, keyed BLAKE2b (all PyNaCl/libsodium) and
Argon2id (argon2-cffi). This package only fixes formats and parameters.
Every blob starts with a version byte and a kind byte so formats can evolve
and one kind of blob can never be fed to the wrong function. Raw keys are
32-byte ``bytes``; nothing here logs or reprs secret material.

One module per concern, each readable on its own (byte layouts in
``docs/vault-crypto.md``):

- ``errors``: what is raised on purpose (``CryptoError`` and its subclasses);
- ``common``: format version, kind bytes, key sizes, Argon2id and its bounds,
  ``constant_time_equal``;
- ``envelopes``: records sealed to public keys (``seal_text``, ``BatchSealer``),
  the recipient preamble and its key commitment;
- ``streams``: files in 64 KiB secretstream chunks behind the same preamble;
- ``keys``: key pairs, passphrase wrapping, desk keys wrapped to staff, factor
  keys and TOTP secrets, recovery-code digests, session custody;
- ``receipts``: a source's codename, its lookup hash and its reply key;
- ``blind_index``: keyed tokens of normalised terms, purpose-bound derived keys.

Apps seal and open records through ``rapporteur.vault.sealing``; only their own
intents (receipts, the case index, second factors) call this package, from their
``sealing`` or ``factors`` module. Import from ``rapporteur.vault.crypto``: the
names in ``__all__`` are its API, whatever module defines them.
"""

from __future__ import annotations

# The format tests reach hmac (to spy on compare_digest), nacl (random bytes), the
# preamble length and the passphrase header through this package; none of them is
# part of its API.
import hmac as hmac

import nacl.utils  # noqa: F401 -- binds ``nacl`` here for those tests

from rapporteur.vault.crypto.blind_index import BLIND_INDEX_BYTES, blind_index_tokens, derived_key
from rapporteur.vault.crypto.common import (
    ARGON2_MEMORY_COST_KIB,
    ARGON2_PARALLELISM,
    ARGON2_TIME_COST,
    DEFAULT_ARGON2,
    FAST_PARAMS_FOR_TESTS,
    FORMAT_VERSION,
    KEY_BYTES,
    KIND_BATCH_TEXT,
    KIND_FACTOR_SECRET,
    KIND_FACTOR_WRAP,
    KIND_PASSPHRASE_WRAP,
    KIND_RECOVERY_HASH,
    KIND_SESSION,
    KIND_STAFF_WRAP,
    KIND_STREAM,
    KIND_TEXT,
    Argon2Params,
    BytesLike,
    KeyPair,
    Readable,
    Writable,
    constant_time_equal,
)
from rapporteur.vault.crypto.envelopes import (
    COMMIT_BYTES,
    MAX_RECIPIENTS,
    SEALED_KEY_BYTES,
    BatchSealer,
    open_batch_text,
    open_text,
    open_text_or_batch,
    seal_text,
)
from rapporteur.vault.crypto.envelopes import (
    _preamble_len as _preamble_len,
)
from rapporteur.vault.crypto.errors import (
    CryptoError,
    DecryptionError,
    InvalidSessionKey,
    NotARecipient,
    TamperedData,
    TruncatedStream,
    UnsupportedFormat,
    WrongPassphrase,
)
from rapporteur.vault.crypto.keys import (
    _PW_HEADER as _PW_HEADER,
)
from rapporteur.vault.crypto.keys import (
    generate_desk_keypair,
    generate_staff_keypair,
    new_factor_key,
    new_recovery_code_salt,
    new_totp_secret,
    open_from_session,
    open_totp_secret,
    public_key_from_private,
    recovery_code_digest,
    rewrap_factor_key,
    rewrap_with_new_passphrase,
    seal_for_session,
    seal_totp_secret,
    unwrap_desk_key,
    unwrap_factor_key,
    unwrap_private_key_with_passphrase,
    wrap_desk_key_for_staff,
    wrap_factor_key,
    wrap_private_key_with_passphrase,
    wrapped_key_params,
)
from rapporteur.vault.crypto.receipts import (
    CODENAME_BITS_PER_WORD,
    CODENAME_ENTROPY_BITS,
    CODENAME_WORDLIST,
    CODENAME_WORDS,
    MIN_CODENAME_ENTROPY_BITS,
    codename_lookup_hash,
    derive_source_keypair,
    generate_codename,
    new_salt,
    normalise_codename,
    verify_codename_lookup_hash,
)
from rapporteur.vault.crypto.streams import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    StreamEncryptor,
    decrypt_stream,
    encrypt_chunks_to_file,
    iter_decrypted_chunks,
    iter_encrypted_chunks,
)

__all__ = [
    # formats, sizes, costs
    "ARGON2_MEMORY_COST_KIB",
    "ARGON2_PARALLELISM",
    "ARGON2_TIME_COST",
    "BLIND_INDEX_BYTES",
    "CHUNK_SIZE",
    # receipts
    "CODENAME_BITS_PER_WORD",
    "CODENAME_ENTROPY_BITS",
    "CODENAME_WORDLIST",
    "CODENAME_WORDS",
    "COMMIT_BYTES",
    "DEFAULT_ARGON2",
    "ENCRYPTED_CHUNK_SIZE",
    "FAST_PARAMS_FOR_TESTS",
    "FORMAT_VERSION",
    "KEY_BYTES",
    "KIND_BATCH_TEXT",
    "KIND_FACTOR_SECRET",
    "KIND_FACTOR_WRAP",
    "KIND_PASSPHRASE_WRAP",
    "KIND_RECOVERY_HASH",
    "KIND_SESSION",
    "KIND_STAFF_WRAP",
    "KIND_STREAM",
    "KIND_TEXT",
    "MAX_RECIPIENTS",
    "MIN_CODENAME_ENTROPY_BITS",
    "SEALED_KEY_BYTES",
    "Argon2Params",
    # envelopes
    "BatchSealer",
    "BytesLike",
    # errors
    "CryptoError",
    "DecryptionError",
    "InvalidSessionKey",
    "KeyPair",
    "NotARecipient",
    "Readable",
    # streams
    "StreamEncryptor",
    "TamperedData",
    "TruncatedStream",
    "UnsupportedFormat",
    "Writable",
    "WrongPassphrase",
    # blind index
    "blind_index_tokens",
    "codename_lookup_hash",
    "constant_time_equal",
    "decrypt_stream",
    "derive_source_keypair",
    "derived_key",
    "encrypt_chunks_to_file",
    "generate_codename",
    # keys
    "generate_desk_keypair",
    "generate_staff_keypair",
    "iter_decrypted_chunks",
    "iter_encrypted_chunks",
    "new_factor_key",
    "new_recovery_code_salt",
    "new_salt",
    "new_totp_secret",
    "normalise_codename",
    "open_batch_text",
    "open_from_session",
    "open_text",
    "open_text_or_batch",
    "open_totp_secret",
    "public_key_from_private",
    "recovery_code_digest",
    "rewrap_factor_key",
    "rewrap_with_new_passphrase",
    "seal_for_session",
    "seal_text",
    "seal_totp_secret",
    "unwrap_desk_key",
    "unwrap_factor_key",
    "unwrap_private_key_with_passphrase",
    "verify_codename_lookup_hash",
    "wrap_desk_key_for_staff",
    "wrap_factor_key",
    "wrap_private_key_with_passphrase",
    "wrapped_key_params",
]
