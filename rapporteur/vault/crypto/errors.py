"""What the vault's cryptography raises on purpose.

Every failure to open or parse a blob is a ``CryptoError``; a wrong key and an
altered blob are both ``DecryptionError`` (the subclasses say which, where it can
be told). Nothing here carries secret material in its message.
"""

from __future__ import annotations


class CryptoError(Exception):
    """Base class: every failure this module signals on purpose."""


class UnsupportedFormat(CryptoError):
    """Blob too short, unknown version, or a different kind of blob."""


class DecryptionError(CryptoError):
    """Authentication failed: wrong key, or the data was altered."""


class NotARecipient(DecryptionError):
    """The private key given is not one the item was encrypted to."""


class TamperedData(DecryptionError):
    """Ciphertext, header or chunk order was modified, or keys inconsistent."""


class TruncatedStream(DecryptionError):
    """The encrypted file ended before its final chunk: it was cut short."""


class WrongPassphrase(DecryptionError):
    """The passphrase does not unlock this wrapped key."""


class InvalidSessionKey(DecryptionError):
    """The session key does not open this server-side ciphertext."""
