"""The encrypted file store: every file any app keeps, ciphertext only, under
generated names. One store per area (intake attachments, case documents, reply
documents), kept apart because the intake's sweep removes files that no submission
names.

A file is encrypted as it arrives, in 64 KiB chunks (``crypto.CHUNK_SIZE``) to the
desk public key, and written all or nothing, so a crash never leaves a half-written
file under a name, and the plaintext is never whole in memory nor on disk. Names are
32 random hex characters, checked before a backend sees them, so no name (from the
database or anywhere else) can lead outside the store.

Two backends keep the ciphertext, chosen by ``RAPPORTEUR_FILE_STORAGE`` (read at
each use): ``folder`` (the default; ``storage.folder``), a folder per area named by
a setting, and ``database`` (``storage.database``), chunks in the database, for
PostgreSQL deployments whose app hosts keep no state. Every method below works the
same on both; ``root`` and ``path_for`` name the folder backend's places only.

WHO CAN DECRYPT a stored file: holders of the desk key generation it was written
to (staff whose session unlocked it, recovery trustees together). The server,
holding only public keys, cannot.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings

from rapporteur.vault import crypto
from rapporteur.vault import errors as vault_errors
from rapporteur.vault.storage.base import Backend, BadName, check_name, is_valid, new_name
from rapporteur.vault.storage.database import DatabaseBackend
from rapporteur.vault.storage.folder import FolderBackend

if TYPE_CHECKING:
    from rapporteur.vault.models import DeskKey

__all__ = [
    "AREAS",
    "BadName",
    "EncryptedStore",
    "Stored",
    "case_files",
    "file_chunks",
    "intake_files",
    "remove_abandoned_folder_parts",
    "remove_abandoned_parts",
    "reply_files",
]


@dataclass(frozen=True)
class Stored:
    name: str  # the generated name, to keep in the record that owns the file
    size: int  # plaintext bytes


def file_chunks(fileobj: BinaryIO) -> Iterator[bytes]:
    """A readable file (a RAM work file, an upload) as 64 KiB chunks, for
    ``EncryptedStore.store``."""
    while block := fileobj.read(crypto.CHUNK_SIZE):
        yield block


class EncryptedStore:
    """The files of one area: ``area`` names them in the database backend, the folder
    named by ``setting`` holds them in the folder backend. Holds no key: it encrypts
    to the desk public key it is given, and decrypts with the session's private keys
    passed to ``decrypted_chunks``."""

    def __init__(self, setting: str, *, area: str) -> None:
        self.setting = setting
        self.area = area

    def __repr__(self) -> str:
        return f"EncryptedStore({self.setting})"

    def backend(self) -> Backend:
        """The backend the settings name now."""
        if settings.FILE_STORAGE == "database":
            return DatabaseBackend(self.area)
        return self.folder()

    def folder(self) -> FolderBackend:
        return FolderBackend(self.setting)

    def root(self) -> Path:
        """The folder backend's folder of this area."""
        return self.folder().root()

    def path_for(self, name: str) -> Path:
        """Where the folder backend keeps ``name`` (for its own tests). Raises
        ``BadName`` for anything this store would not have generated."""
        return self.folder().path_for(name)

    def store(self, *, chunks: Iterable[bytes], desk_key: DeskKey) -> Stored:
        """Encrypt plaintext chunks (``file_chunks`` reads a file) into the store as
        they arrive. On any failure, a full disk included (``OSError`` ``ENOSPC``
        from either backend), nothing is left and the error is raised. The caller
        keeps the name in its record; if that record is not committed, it must
        ``delete`` the name (the database backend, called inside the caller's
        transaction, rolls back with it anyway)."""
        size = 0

        def counted() -> Iterator[bytes]:
            nonlocal size
            for chunk in chunks:
                size += len(chunk)
                yield chunk

        name = new_name()
        self.backend().write(
            name,
            crypto.iter_encrypted_chunks(
                chunks=counted(), recipient_public_keys=[bytes(desk_key.public_key)]
            ),
        )
        return Stored(name=name, size=size)

    def store_sealed(self, data: bytes) -> str:
        """Write bytes that are already ciphertext (an envelope moved out of the
        database) under a new name; returns it."""
        name = new_name()
        self.backend().write(name, [data])
        return name

    def put_encrypted(self, name: str, ciphertext: Iterable[bytes]) -> None:
        """Write ciphertext under a name it had before (a restore from a backup), with
        the same all-or-nothing care as ``store``. Raises ``BadName`` for a name this
        store would not have generated and ``FileExistsError`` when it is taken."""
        self.backend().write(check_name(name), ciphertext)

    def names(self) -> Iterator[str]:
        """Every stored name, in a stable order (for a backup or a check)."""
        return self.backend().names()

    def open_encrypted(self, name: str) -> BinaryIO:
        """The ciphertext of a stored file, read as it is asked for (never whole in
        memory). Raises ``OSError`` when it is gone."""
        return self.backend().open(check_name(name))

    def decrypted_chunks(
        self, name: str, *, version: int, desk_keys: dict[int, bytes]
    ) -> Iterator[bytes]:
        """Plaintext chunks of a stored file written to desk key generation
        ``version``, for a streamed download or a re-encryption; the file is closed
        when they end. Raises at once ``vault.errors.CannotOpen`` when the session
        lacks that generation and ``OSError`` when the file is gone. A cut or
        altered file raises ``crypto.DecryptionError`` while streaming (at its end
        for a cut), and a file deleted while it is read an ``OSError``: a response
        streaming it is then aborted, so a truncated download never looks complete."""
        key = desk_keys.get(version)
        if key is None:
            raise vault_errors.CannotOpen(
                f"this session does not hold desk key generation {version}"
            )
        encrypted = self.open_encrypted(name)

        def stream() -> Iterator[bytes]:
            with encrypted:
                yield from crypto.iter_decrypted_chunks(fileobj_in=encrypted, private_key=key)

        return stream()

    def delete(self, name: str) -> None:
        """Remove a stored file; a name already gone (or never valid) is no error."""
        if is_valid(name):
            self.backend().delete(name)

    def remove_abandoned_parts(self) -> int:
        """Remove partial files whose writer died: parts whose lock is free in the
        folder backend, incomplete files in the database backend. Returns how many."""
        return self.backend().remove_abandoned_parts()

    def sweep(self, *, known_names: set[str], older_than_seconds: int = 2 * 3600) -> int:
        """Remove abandoned parts, and stored files no record names (left by a crash
        between writing and committing). A stored file goes only once older than
        the grace period (two hours: write times are rounded down to the hour), so
        a record being committed now is never touched. Only for an area whose every
        file is named by a table. Returns how many."""
        backend = self.backend()
        removed = backend.remove_abandoned_parts()
        cutoff = time.time() - older_than_seconds
        return removed + backend.remove_unnamed(known_names=known_names, cutoff=cutoff)


# One store per area; each keeps its files where earlier versions kept them.
intake_files = EncryptedStore("INTAKE_FILE_STORE", area="intake")
case_files = EncryptedStore("CASES_FILE_STORE", area="cases")
reply_files = EncryptedStore("COMMUNICATIONS_FILE_STORE", area="replies")
AREAS = (intake_files, case_files, reply_files)


def remove_abandoned_parts() -> int:
    """Abandoned parts of every area, in the backend in use (the hourly purge)."""
    return sum(store.remove_abandoned_parts() for store in AREAS)


def remove_abandoned_folder_parts() -> int:
    """Abandoned parts in every area's folder, at start-up: before the database may
    be reached (no query belongs in an app's start-up), so the database backend's
    incomplete files wait for the hourly purge."""
    return sum(store.folder().remove_abandoned_parts() for store in AREAS)
