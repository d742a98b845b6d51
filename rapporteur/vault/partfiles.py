"""Ciphertext being written: ``<name>.part`` files that hold a lock while they grow.

Both encrypted stores write a file under ``incoming/<name>.part`` and rename it into
place when complete. The writer holds an exclusive ``flock`` on the part for as long
as it writes; the kernel releases it when the process ends, ``kill -9`` included.
So a part whose lock can be taken has no writer left, and is removed at once (at
start-up and by the purge), without waiting for a grace period: an abandoned part is
ciphertext no record will ever name.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
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
