"""The encrypted file store: every file any app keeps, ciphertext only, under
generated names. One store per area (intake attachments, case documents, reply
documents), each in its own folder named by a setting, because the intake's sweep
removes files that no submission names.

A file is encrypted as it arrives, in 64 KiB chunks (``crypto.CHUNK_SIZE``) to the
desk public key, into ``incoming/<name>.part``, flushed to disk, and renamed into
place only when complete (``vault.partfiles``), so a crash never leaves a
half-written file under a final name, and the plaintext is never whole in memory
nor on disk. Names are 32 random hex characters, checked before any path is built,
so no name (from the database or anywhere else) can lead outside the store.

WHO CAN DECRYPT a stored file: holders of the desk key generation it was written
to (staff whose session unlocked it, recovery trustees together). The server,
holding only public keys, cannot.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings

from rapporteur.vault import crypto, partfiles
from rapporteur.vault import errors as vault_errors

if TYPE_CHECKING:
    from rapporteur.vault.models import DeskKey

_NAME = re.compile(r"^[0-9a-f]{32}$")


class BadName(ValueError):
    """A stored name that is not one this store generates."""


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
    """The files of one area, in the folder named by ``setting``. The setting is read
    at each use, so a test (or a new configuration) moves the store without a
    restart. Holds no key: it encrypts to the desk public key it is given, and
    decrypts with the session's private keys passed to ``decrypted_chunks``."""

    def __init__(self, setting: str) -> None:
        self.setting = setting

    def __repr__(self) -> str:
        return f"EncryptedStore({self.setting})"

    def root(self) -> Path:
        return Path(getattr(settings, self.setting))

    def _incoming(self) -> Path:
        return self.root() / "incoming"

    def path_for(self, name: str) -> Path:
        """The path of a stored name. Raises ``BadName`` for anything this store
        would not have generated, before a path is built from it."""
        if not _NAME.fullmatch(name or ""):
            raise BadName("not a stored file name")
        base = self.root().resolve()
        path = (base / name[:2] / name).resolve()
        if base not in path.parents:
            raise BadName("path leaves the store")
        return path

    def store(self, *, chunks: Iterable[bytes], desk_key: DeskKey) -> Stored:
        """Encrypt plaintext chunks (``file_chunks`` reads a file) into the store as
        they arrive. On any failure, a disk that fills included, nothing is left:
        the part is removed and the error raised. The caller keeps the name in its
        record; if that record is not committed, it must ``delete`` the name."""
        size = 0

        def counted() -> Iterator[bytes]:
            nonlocal size
            for chunk in chunks:
                size += len(chunk)
                yield chunk

        name = self._write(
            crypto.iter_encrypted_chunks(
                chunks=counted(), recipient_public_keys=[bytes(desk_key.public_key)]
            )
        )
        return Stored(name=name, size=size)

    def store_sealed(self, data: bytes) -> str:
        """Write bytes that are already ciphertext (an envelope moved out of the
        database) under a new name; returns it."""
        return self._write([data])

    def _write(self, ciphertext: Iterable[bytes], *, name: str = "") -> str:
        """Write to ``incoming/<name>.part`` (locked while written), flush to disk,
        rename into place; on any failure remove the part and raise. A new name is
        drawn unless one is given."""
        self._incoming().mkdir(parents=True, exist_ok=True, mode=0o700)
        name = name or secrets.token_hex(16)
        final = self.path_for(name)
        partial = self._incoming() / f"{name}{partfiles.SUFFIX}"
        try:
            with partfiles.writing(partial) as target:
                for piece in ciphertext:
                    target.write(piece)
                target.flush()
                os.fsync(target.fileno())
            partfiles.move_into_place(partial, final)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        return name

    def put_encrypted(self, name: str, ciphertext: Iterable[bytes]) -> None:
        """Write ciphertext under a name it had before (a restore from a backup), with
        the same all-or-nothing care as ``store``. Raises ``BadName`` for a name this
        store would not have generated and ``FileExistsError`` when it is taken."""
        final = self.path_for(name)
        if final.exists():
            raise FileExistsError(f"stored file {name} already exists")
        self._write(ciphertext, name=name)

    def names(self) -> Iterator[str]:
        """Every stored name, in a stable order (for a backup or a check)."""
        root = self.root()
        if not root.is_dir():
            return
        for folder in sorted(root.glob("??")):
            for path in sorted(folder.iterdir()):
                if _NAME.fullmatch(path.name):
                    yield path.name

    def open_encrypted(self, name: str) -> BinaryIO:
        """The ciphertext of a stored file. Raises ``OSError`` when it is gone."""
        return open(self.path_for(name), "rb")

    def decrypted_chunks(
        self, name: str, *, version: int, desk_keys: dict[int, bytes]
    ) -> Iterator[bytes]:
        """Plaintext chunks of a stored file written to desk key generation
        ``version``, for a streamed download or a re-encryption; the file is closed
        when they end. Raises at once ``vault.errors.CannotOpen`` when the session
        lacks that generation and ``OSError`` when the file is gone. A cut or
        altered file raises ``crypto.DecryptionError`` while streaming (at its end
        for a cut): a response streaming it is then aborted, so a truncated download
        never looks complete."""
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
        with contextlib.suppress(OSError, BadName):
            self.path_for(name).unlink()

    def remove_abandoned_parts(self) -> int:
        """Remove parts whose writer died (see ``vault.partfiles``); returns how many."""
        return partfiles.remove_abandoned(self._incoming())

    def sweep(self, *, known_names: set[str], older_than_seconds: int = 2 * 3600) -> int:
        """Remove abandoned parts, and stored files no record names (left by a crash
        between writing and committing). A stored file goes only once older than
        the grace period (two hours: file times are rounded down to the hour), so a
        record being committed now is never touched. Only for an area whose every
        file is named by a table. Returns how many."""
        removed = self.remove_abandoned_parts()
        cutoff = time.time() - older_than_seconds
        for path in self.root().glob("??/*"):
            try:
                stale = path.stat().st_mtime < cutoff
            except OSError:
                continue
            if path.name not in known_names and stale:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed


# One store per area; each keeps its files where earlier versions kept them.
intake_files = EncryptedStore("INTAKE_FILE_STORE")
case_files = EncryptedStore("CASES_FILE_STORE")
reply_files = EncryptedStore("COMMUNICATIONS_FILE_STORE")
AREAS = (intake_files, case_files, reply_files)


def remove_abandoned_parts() -> int:
    """Abandoned parts of every area (at start-up and by the hourly purge)."""
    return sum(store.remove_abandoned_parts() for store in AREAS)
