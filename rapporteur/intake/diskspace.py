"""Room left in the file store, so a flood of uploads fills no disk.

Files are refused while the store's file system has, or would have after the
upload, less than ``INTAKE_MIN_FREE_BYTES`` free (``RAPPORTEUR_INTAKE_MIN_FREE_MB``).
Text alone is small (a few hundred kilobytes at most, sealed): it is still taken
down to a hard floor, ``INTAKE_MIN_FREE_TEXT_BYTES``, so a source can always say
what happened and add the files later with the receipt.

The same question is asked three times for files: by the upload handler before
the first byte of a file is kept (from the request's declared length), again as
each chunk arrives (the bytes actually received: several uploads at once, or a
length that lied, cannot pass), and by the service before each file is written to
the store (``NoSpace``). A disk that fills anyway (``ENOSPC``) is answered the same.

Only the folder backend of the file store is measured. With the database backend
(``RAPPORTEUR_FILE_STORAGE=database``) the files live on the database server's
disk, which the application cannot see: the checks always find room, and watching
that disk is the database's monitoring's job. A database that does fill is still
answered as a full disk (the backend raises ``ENOSPC``), nothing kept.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from django.conf import settings

NO_SPACE_ERRORS = {errno.ENOSPC, errno.EDQUOT}


class NoSpace(Exception):
    """The store is too full for what was sent; nothing of it was kept."""


def free_bytes() -> int:
    """Free bytes on the file system of the file store (or of its nearest existing
    folder, before the store is first written)."""
    path = Path(settings.INTAKE_FILE_STORE)
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def measured() -> bool:
    """Whether the store's free space is ours to measure (the folder backend)."""
    return settings.FILE_STORAGE == "folder"


def room_for_files(incoming_bytes: int) -> bool:
    """Whether ``incoming_bytes`` more leave the store above its threshold."""
    if not measured():
        return True
    return free_bytes() - max(0, incoming_bytes) >= settings.INTAKE_MIN_FREE_BYTES


def room_for_text() -> bool:
    if not measured():
        return True
    return free_bytes() >= settings.INTAKE_MIN_FREE_TEXT_BYTES


def ensure_room(*, incoming_bytes: int) -> None:
    """Raise NoSpace unless ``incoming_bytes`` fit (0: a submission of text alone)."""
    enough = room_for_files(incoming_bytes) if incoming_bytes else room_for_text()
    if not enough:
        raise NoSpace


def is_low() -> bool:
    """True when the store is below the threshold for files (dashboard, system check)."""
    return not room_for_files(0)


def free_mb() -> int:
    return free_bytes() // (1024 * 1024)
