"""Backups and restores of the whole desk: the database and every stored file of
every area, in one archive whose every part is encrypted to the backup public key
(``vault.backup_keys``), with a signed manifest of sizes and SHA-256 (``manifest``).

A backup takes the database's snapshot first, then the files: a file written after
the snapshot is one no record names (harmless, swept after a restore); a file
removed meanwhile is skipped, its record having gone before it.

A restore fills only an empty database and empty stores, verifies the whole archive
before it writes anything, and undoes what it wrote if a later part fails: the
target is left as empty as it was found.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from rapporteur.audit import chain
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag
from rapporteur.backups import archive, database
from rapporteur.backups import manifest as manifests
from rapporteur.backups.archive import ArchiveError, HashingReader, Part
from rapporteur.backups.manifest import DATABASE, MANIFEST, SIGNATURE, Manifest
from rapporteur.cases.models import Document
from rapporteur.communications.models import ReplyDocument
from rapporteur.errors import Refused
from rapporteur.intake.models import Attachment
from rapporteur.vault import backup_keys, crypto
from rapporteur.vault.storage import (
    AREAS,
    EncryptedStore,
    case_files,
    file_chunks,
    intake_files,
    reply_files,
)

ARCHIVE_PREFIX = "rapporteur-backup-"
ARCHIVE_SUFFIX = ".tar"
_STORES = {store.setting: store for store in AREAS}


class BackupFailed(Refused):
    """No archive was made (nothing is left under the archive's name)."""


class RestoreRefused(Refused):
    """The restore did not start: nothing was changed."""


class RestoreFailed(Refused):
    """The restore stopped: what it had written was removed again."""


class RestoreIncomplete(Refused):
    """Everything was written, but the restored desk fails its checks."""


@dataclass(frozen=True)
class BackupMade:
    path: Path
    size: int
    files: int
    key_fingerprint: str
    removed: list[Path]


@dataclass(frozen=True)
class Restored:
    files: int
    audit_entries: int
    manifest: Manifest


def archive_name(when: datetime) -> str:
    return f"{ARCHIVE_PREFIX}{when:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"


# ------------------------------------------------------------------ backup
def create_backup(
    *, directory: Path, public_key: str, keep: int | None = None, now: datetime | None = None
) -> BackupMade:
    """Write an archive of the whole desk into ``directory``, encrypted to
    ``public_key`` (``RAPPORTEUR_BACKUP_PUBLIC_KEY``); with ``keep``, then remove all
    but the newest ``keep`` archives there. One audit entry. Raises ``BackupFailed``
    (a full disk, a failing ``pg_dump``) with nothing left under the archive's name."""
    try:
        key = backup_keys.key_from_text(public_key, what="backup public key")
    except backup_keys.BadBackupKey as error:
        raise BackupFailed(f"No backup made: {error}.") from None
    when = (now or timezone.now()).astimezone(UTC)
    final = directory / archive_name(when)
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        parts, files = _write_archive(final, key=key, created_at=when.isoformat())
    except (OSError, database.DatabaseStepFailed) as error:
        raise BackupFailed(f"No backup made, nothing kept: {_reason(error)}.") from None
    removed = prune_archives(directory=directory, keep=keep) if keep else []
    made = BackupMade(
        path=final,
        size=final.stat().st_size,
        files=files,
        key_fingerprint=backup_keys.fingerprint(key),
        removed=removed,
    )
    with transaction.atomic():
        record(
            tag=AuditTag.BACKUP_CREATED,
            target_type="backup",
            target_id=final.name,
            extras={
                "files": files,
                "bytes": made.size,
                "parts": len(parts),
                "removed": len(removed),
            },
        )
    return made


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({error.filename or 'archive'})"
    return str(error)


def _write_archive(final: Path, *, key: bytes, created_at: str) -> tuple[list[Part], int]:
    files = 0
    with archive.ArchiveWriter(final) as writer:
        writer.add(DATABASE, backup_keys.encrypted_part(database.dump(), public_key=key))
        for store in [] if files_are_in_the_database() else AREAS:
            for name in store.names():
                if _add_stored_file(writer, store, name, key=key):
                    files += 1
        parts = list(writer.parts)
        data, signature = manifests.encode(
            created_at=created_at,
            vendor=database.vendor(),
            key_fingerprint=backup_keys.fingerprint(key),
            migrations=database.migration_state(),
            parts=parts,
        )
        writer.add(MANIFEST, [data])
        writer.add(SIGNATURE, [signature])
        writer.close()
    return parts, files


def files_are_in_the_database() -> bool:
    """Whether the stores keep their ciphertext in the database (the ``database``
    backend of ``RAPPORTEUR_FILE_STORAGE``): the database's dump then holds every file
    already, and the archive needs no file parts."""
    return getattr(settings, "FILE_STORAGE", "folder") == "database"


def _add_stored_file(
    writer: archive.ArchiveWriter, store: EncryptedStore, name: str, *, key: bytes
) -> bool:
    try:
        ciphertext = store.open_encrypted(name)
    except FileNotFoundError:
        return False  # removed since it was listed: its record went before it
    with ciphertext:
        writer.add(
            manifests.file_part_name(store.setting, name),
            backup_keys.encrypted_part(file_chunks(ciphertext), public_key=key),
        )
    return True


def prune_archives(*, directory: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` archives in ``directory`` (by the time in
    their names), and parts left by a backup that was killed; returns the archives
    removed."""
    archives = sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    old = archives[: max(len(archives) - keep, 0)]
    for path in old:
        path.unlink(missing_ok=True)
    # A part a killed backup left (a day old: no backup writes that long).
    for part in directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < time.time() - 24 * 3600:
                part.unlink()
    return old


# ------------------------------------------------------------------ verify
def verify_archive(*, path: Path, signer: str = "") -> Manifest:
    """Check an archive without the private key: a tar file whose parts are exactly
    those of its manifest, each of the size and SHA-256 it lists, the manifest signed
    (by ``signer``, when given). Returns the manifest; raises ``ArchiveError``."""
    measured: dict[str, Part] = {}
    meta: dict[str, bytes] = {}
    for member, reader in archive.read_parts(path):
        if member.name in measured or member.name in meta:
            raise ArchiveError(f"part {member.name} appears twice")
        if member.name in (MANIFEST, SIGNATURE):
            if member.size > manifests.MAX_MANIFEST_BYTES:
                raise ArchiveError(f"{member.name} is too large to be one")
            meta[member.name] = archive.read_whole(reader, name=member.name)
        elif meta:
            raise ArchiveError(f"part {member.name} comes after the manifest")
        else:
            measured[member.name] = archive.measure(reader, name=member.name)
    if MANIFEST not in meta or SIGNATURE not in meta:
        raise ArchiveError("the archive has no signed manifest at its end: it was cut short")
    manifest = manifests.decode(meta[MANIFEST], meta[SIGNATURE], signer=signer)
    _compare(manifest, measured)
    return manifest


def _compare(manifest: Manifest, measured: dict[str, Part]) -> None:
    listed = {part.name: part for part in manifest.parts}
    if DATABASE not in listed:
        raise ArchiveError("the manifest lists no database")
    missing = sorted(set(listed) - set(measured))
    if missing:
        raise ArchiveError(f"{len(missing)} parts are missing, the first {missing[0]}")
    extra = sorted(set(measured) - set(listed))
    if extra:
        raise ArchiveError(f"{len(extra)} parts are not in the manifest, the first {extra[0]}")
    for name, part in listed.items():
        if measured[name].size != part.size:
            raise ArchiveError(f"part {name} is not the size the manifest says (cut or altered)")
        if measured[name].sha256 != part.sha256:
            raise ArchiveError(f"part {name} does not match its SHA-256 in the manifest")
    unknown = sorted(set(manifest.areas) - set(_STORES))
    if unknown:
        raise ArchiveError(f"the archive holds files of an unknown store {unknown[0]}")


# ------------------------------------------------------------------ restore
def restore_archive(*, path: Path, private_key: bytes, signer: str = "") -> Restored:
    """Fill an empty database and empty file stores from an archive, then check the
    desk: the audit chain holds, and every file a record names is there, as
    ciphertext. Raises ``RestoreRefused`` (nothing changed), ``RestoreFailed``
    (what was written is removed again) or ``RestoreIncomplete`` (written; the
    checks fail: the message says which)."""
    try:
        manifest = verify_archive(path=path, signer=signer)
    except ArchiveError as error:
        raise RestoreRefused(
            f"The archive does not verify: {error}. Nothing was changed."
        ) from None
    _refuse_wrong_key(manifest, private_key)
    _refuse_unless_empty(manifest)
    written = _write_parts(path, manifest, private_key)
    problems = restored_problems()
    if problems:
        raise RestoreIncomplete(
            "Restored, but the desk fails its checks: " + "; ".join(problems[:5]) + "."
        )
    report = chain.verify()
    with transaction.atomic():
        record(
            tag=AuditTag.BACKUP_RESTORED,
            target_type="backup",
            target_id=path.name,
            extras={"files": written, "entries": report.checked},
        )
    return Restored(files=written, audit_entries=report.checked, manifest=manifest)


def _refuse_wrong_key(manifest: Manifest, private_key: bytes) -> None:
    held = backup_keys.fingerprint(backup_keys.public_half(private_key))
    if held != manifest.key_fingerprint:
        raise RestoreRefused(
            f"This key does not open the archive: it was made for backup key "
            f"{manifest.key_fingerprint}, the key file holds {held}. Nothing was changed."
        )


def _refuse_unless_empty(manifest: Manifest) -> None:
    if manifest.vendor != database.vendor():
        raise RestoreRefused(
            f"The archive holds a {manifest.vendor} database; this desk uses "
            f"{database.vendor()}. Nothing was changed."
        )
    if not database.is_empty():
        raise RestoreRefused(
            "The database is not empty: restore only into a new database that was never "
            "migrated. Nothing was changed."
        )
    for store in AREAS:
        if _holds_files(store):
            raise RestoreRefused(
                f"The file store {store.setting} ({store.root()}) is not empty: restore only "
                "into empty stores. Nothing was changed."
            )


def _holds_files(store: EncryptedStore) -> bool:
    try:
        return next(iter(store.names()), None) is not None
    except DatabaseError:  # the database backend's table, in a database still empty
        return False


def _write_parts(path: Path, manifest: Manifest, private_key: bytes) -> int:
    """Database first, then each file, streamed and checked as they are decrypted;
    on any failure, remove every file put and empty the database again."""
    listed = {part.name: part for part in manifest.parts}
    put: list[tuple[EncryptedStore, str]] = []
    loaded = False
    try:
        for member, reader in archive.read_parts(path):
            if member.name in (MANIFEST, SIGNATURE):
                continue
            plain = _plain_part(reader, listed[member.name], private_key)
            if member.name == DATABASE:
                database.load(plain)
                loaded = True
                continue
            area, name = manifests.area_and_name(member.name)
            try:
                _STORES[area].put_encrypted(name, plain)
            except FileExistsError:
                continue  # kept in the database, which brought it back already
            put.append((_STORES[area], name))
    except (ArchiveError, crypto.CryptoError, database.DatabaseStepFailed, OSError) as error:
        _undo(put, loaded=loaded)
        raise RestoreFailed(
            f"The restore stopped and was undone: {_reason(error)}. Nothing was kept."
        ) from None
    except BaseException:
        _undo(put, loaded=loaded)
        raise
    return len(put)


def _undo(put: list[tuple[EncryptedStore, str]], *, loaded: bool) -> None:
    for store, name in put:
        store.delete(name)
    if loaded:
        database.undo_load()


def _plain_part(reader: IO[bytes], part: Part, private_key: bytes) -> Iterator[bytes]:
    """A part's plaintext chunks; its bytes are hashed as they are read and checked
    against the manifest before the last chunk is given, so an all-or-nothing writer
    keeps nothing of a part altered since it was verified."""
    hashing = HashingReader(reader, expected=part)
    previous: bytes | None = None
    for chunk in backup_keys.decrypted_part(hashing, private_key=private_key):
        if previous is not None:
            yield previous
        previous = chunk
    hashing.check()
    if previous is not None:
        yield previous


def restored_problems() -> list[str]:
    """What is wrong with a restored desk: a broken audit chain, a file a record
    names that is missing or is not ciphertext."""
    report = chain.verify()
    problems = [] if report.ok else [f"audit log broken at #{report.broken_at}: {report.reason}"]
    named = (
        (Attachment, intake_files, "intake attachment"),
        (Document, case_files, "case document"),
        (ReplyDocument, reply_files, "reply document"),
    )
    for model, store, what in named:
        for pk, name in model.objects.values_list("pk", "stored_name").iterator():
            if not _is_stored_ciphertext(store, name):
                problems.append(f"{what} #{pk}: its file is missing or not ciphertext")
    return problems


def _is_stored_ciphertext(store: EncryptedStore, name: str) -> bool:
    try:
        with store.open_encrypted(name) as stored:
            return backup_keys.looks_like_stored_ciphertext(stored.read(2))
    except (OSError, ValueError):
        return False
