"""Metadata cleaning for files sent by defenders.

Public API (other modules code against exactly this):

    CleanResult, detect_kind(*, path, filename), name_mismatch(*, kind, filename),
    clean_file(*, path, filename, workdir)

No Django here: this package only reads a plaintext file and writes a cleaned copy into
a caller-provided (RAM-backed) work directory. It never raises for a hostile or damaged
file; such files come back with ``cleaned=False`` and a note, to be kept as sent and
flagged to staff. See docs/metadata-cleaning.md.
"""

from __future__ import annotations

from pathlib import Path

from .detect import DANGEROUS_KINDS, detect_kind, name_mismatch
from .inprocess import CleanResult, clean_in_process, cleaner_for
from .isolation import DEFAULT_LIMITS, clean_isolated

__all__ = [
    "DANGEROUS_KINDS",
    "CleanResult",
    "clean_file",
    "clean_in_process",
    "detect_kind",
    "name_mismatch",
]


def clean_file(*, path: Path, filename: str, workdir: Path, limits=None) -> CleanResult:
    """Write a metadata-free copy of ``path`` inside ``workdir``.

    The cleaning runs in a child process under hard limits of memory, CPU time, output
    size and wall time (see isolation.py): a file that breaks them comes back
    ``unreadable``, like a damaged one. Never raises for the file's content: any failure
    gives ``cleaned=False`` and a note, and no partial output is left behind.
    """
    path, workdir = Path(path), Path(workdir)
    if cleaner_for(detect_kind(path=path, filename=filename)) is None:
        return clean_in_process(path=path, filename=filename, workdir=workdir)
    return clean_isolated(
        path=path, filename=filename, workdir=workdir, limits=limits or DEFAULT_LIMITS
    )
