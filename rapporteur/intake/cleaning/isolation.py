"""Run one cleaning in a child process with hard limits, so a hostile file fails itself.

The parsers under the cleaners (libxml2, libjpeg, libtiff, qpdf, zlib) are fast on
ordinary files, but a file built against one of them can still ask for minutes of CPU or
gigabytes of memory. The child gets an address-space, CPU-time and file-size limit and
the parent a wall-clock timeout; a child that is stopped, or dies, gives the same result
as an unreadable file (not cleaned; kept only if the source asked to keep originals).

The child is started from a fork server (never forked from a web worker holding keys and
database connections), gets only the file's path inside the RAM work directory, and
writes into a private sub-directory that is removed whatever happens.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import secrets
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from .detect import detect_kind, name_mismatch
from .inprocess import CleanResult, clean_in_process

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 1536 * MB  # address space of the child, beyond the mapped input
    cpu_seconds: int = 60
    wall_seconds: float = 90.0
    output_bytes: int = 2048 * MB  # largest file the child may write


DEFAULT_LIMITS = Limits()
NOT_CLEANED_IN_LIMITS = "the file is too large or too complex to clean safely"

_context = multiprocessing.get_context("forkserver")
# Preload only the cleaners: the default would re-import the web server's __main__.
_context.set_forkserver_preload(["rapporteur.intake.cleaning"])


def _child(conn, limits: Limits, path: str, filename: str, privdir: str) -> None:
    # The JPEG, PNG, WebP and GIF cleaners memory-map the input: its size is address
    # space the child needs on top of its working budget.
    address_space = limits.memory_bytes + os.path.getsize(path)
    for which, value in (
        (resource.RLIMIT_AS, address_space),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.output_bytes),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(which, (value, value))
    # The format modules (the parsers) load in this child only when it cleans, under
    # the limits above.
    result = clean_in_process(path=Path(path), filename=filename, workdir=Path(privdir))
    conn.send(result)
    conn.close()


def clean_isolated(*, path: Path, filename: str, workdir: Path, limits: Limits, target=None):
    """Clean ``path`` in a child process; the result's output lies in ``workdir``."""
    privdir = workdir / f"cleaning-{secrets.token_hex(16)}"
    privdir.mkdir(mode=0o700)
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(
        target=target or _child,
        args=(sender, limits, str(path), filename, str(privdir)),
        daemon=True,
    )
    try:
        child.start()
        sender.close()
        result = None
        if receiver.poll(limits.wall_seconds):
            with contextlib.suppress(EOFError, OSError):
                result = receiver.recv()
        if result is None:
            kind = detect_kind(path=path, filename=filename)
            claimed = name_mismatch(kind=kind, filename=filename)
            return CleanResult(kind, False, [], path, NOT_CLEANED_IN_LIMITS, True, claimed)
        if result.cleaned:
            final = workdir / result.path.name
            result.path.rename(final)
            result = replace(result, path=final)
        return result
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
        shutil.rmtree(privdir, ignore_errors=True)
