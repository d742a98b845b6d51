"""The encrypted case document store: ciphertext only, under generated names.

Same discipline as the intake store (write to ``.part``, fsync, rename; names
checked before any path is built) in its own directory, because the intake sweep
removes files that no submission names.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from rapporteur.cases import sealing
from rapporteur.vault import partfiles
from rapporteur.vault.models import DeskKey

_NAME = re.compile(r"^[0-9a-f]{32}$")


class BadName(ValueError):
    """A stored name that is not one this store generates."""


def root() -> Path:
    base = Path(settings.CASES_FILE_STORE)
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


def store_chunks(*, chunks: Iterable[bytes], desk_key: DeskKey) -> tuple[str, int]:
    """Encrypt a stream of plaintext chunks into the store: (stored name, bytes in).
    The plaintext never touches the disk: it is encrypted as it arrives."""
    name = secrets.token_hex(16)
    final = path_for(name)
    partial = root() / "incoming" / f"{name}.part"
    size = 0

    def counted() -> Iterable[bytes]:
        nonlocal size
        for chunk in chunks:
            size += len(chunk)
            yield chunk

    try:
        with partfiles.writing(partial) as target:
            sealing.encrypt_chunks(chunks=counted(), target=target, desk_key=desk_key)
            target.flush()
            os.fsync(target.fileno())
        partfiles.move_into_place(partial, final)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return name, size


def open_encrypted(name: str) -> BinaryIO:
    return open(path_for(name), "rb")


def delete(name: str) -> None:
    with contextlib.suppress(OSError, BadName):
        path_for(name).unlink()


def remove_abandoned_parts() -> int:
    """Remove partial files whose writer died (see ``vault.partfiles``)."""
    return partfiles.remove_abandoned(root() / "incoming")
