"""The encrypted file store: ciphertext only, under generated names.

A file is written to ``incoming/<name>.part``, flushed to disk, and renamed into
place only when complete, so a crash never leaves a half-written file under a
final name. Names are 32 random hex characters, checked before any path is built,
so no name can lead outside the store.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

from rapporteur.intake import sealing
from rapporteur.vault import partfiles
from rapporteur.vault.models import DeskKey

_NAME = re.compile(r"^[0-9a-f]{32}$")


class BadName(ValueError):
    """A stored name that is not one this store generates."""


def root() -> Path:
    base = Path(settings.INTAKE_FILE_STORE)
    (base / "incoming").mkdir(parents=True, exist_ok=True, mode=0o700)
    return base


def path_for(name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise BadName("not a stored file name")
    base = root().resolve()
    path = (base / name[:2] / name).resolve()
    if base not in path.parents:
        raise BadName("path leaves the store")
    return path


def store_encrypted(*, plaintext_path: Path, desk_key: DeskKey) -> str:
    """Encrypt a plaintext file (in RAM) into the store; returns its stored name."""
    name = secrets.token_hex(16)
    final = path_for(name)
    partial = root() / "incoming" / f"{name}.part"
    try:
        with partfiles.writing(partial) as target:
            sealing.encrypt_file(source=plaintext_path, target=target, desk_key=desk_key)
            target.flush()
            os.fsync(target.fileno())
        partfiles.move_into_place(partial, final)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return name


def open_encrypted(name: str):  # type: ignore[no-untyped-def]
    return open(path_for(name), "rb")


def delete(name: str) -> None:
    with contextlib.suppress(OSError, BadName):
        path_for(name).unlink()


def sweep(*, known_names: set[str], older_than_seconds: int = 2 * 3600) -> int:
    """Remove partial files whose writer died, and stored files no record names (left
    by a crash between writing and committing). A stored file goes only once older
    than the grace period (two hours: file times are rounded down to the hour), so a
    submission being committed now is never touched.
    Returns how many."""
    removed = remove_abandoned_parts()
    cutoff = time.time() - older_than_seconds
    for path in root().glob("??/*"):
        try:
            stale = path.stat().st_mtime < cutoff
        except OSError:
            continue
        if path.name not in known_names and stale:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def remove_abandoned_parts() -> int:
    """Remove partial files whose writer died (see ``vault.partfiles``)."""
    return partfiles.remove_abandoned(root() / "incoming")
