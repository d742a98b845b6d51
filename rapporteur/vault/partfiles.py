"""Ciphertext being written: ``<name>.part`` files that hold a lock while they grow,
and are moved into place with their write time blurred to the hour.

Both encrypted stores write a file under ``incoming/<name>.part`` and rename it into
place when complete. The writer holds an exclusive ``flock`` on the part for as long
as it writes; the kernel releases it when the process ends, ``kill -9`` included.
So a part whose lock can be taken has no writer left, and is removed at once (at
start-up and by the purge), without waiting for a grace period: an abandoned part is
ciphertext no record will ever name.

A file's modification time, and that of the folders it is written into, would tell
someone holding the disk when a source sent it, to the millisecond, while the
database keeps only the hour. ``move_into_place`` sets them all to the start of the
current hour.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

SUFFIX = ".part"


@contextlib.contextmanager
def writing(path: Path) -> Iterator[BinaryIO]:
    """Create ``path`` (which must not exist) and hold its lock while it is written."""
    with open(path, "xb") as target:
        fcntl.flock(target.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield target


def remove_abandoned(directory: Path) -> int:
    """Remove every part in ``directory`` whose writer is gone; returns how many."""
    removed = 0
    for part in directory.glob(f"*{SUFFIX}"):
        try:
            fd = os.open(part, os.O_RDONLY)
        except OSError:
            continue  # renamed into place or removed meanwhile
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live process is writing it
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            part.unlink()
            removed += 1
    return removed


def move_into_place(part: Path, final: Path) -> None:
    """Rename a complete part to its final name, then set the access and modification
    times of the file, its folder, the store's root and the part's folder to the start
    of this hour."""
    final.parent.mkdir(exist_ok=True, mode=0o700)
    os.replace(part, final)
    hour = int(time.time()) // 3600 * 3600
    for path in (final, final.parent, final.parent.parent, part.parent):
        with contextlib.suppress(OSError):
            os.utime(path, (hour, hour))
