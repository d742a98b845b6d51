"""The archive's container: a plain tar file (readable by ``tar tvf``), each member a
part already encrypted by the caller, its SHA-256 and size counted as it is written.

A part's encrypted size is known only once it has been written (a ``pg_dump`` is a
stream), while a tar header comes before its data. So the writer leaves a blank
header block, streams the part, then goes back and fills the header in: one pass,
constant memory, no temporary copy. The archive is written to ``<final>.part`` and
renamed only when complete and flushed, so a failure (a full disk) never leaves a
half-written archive under the final name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

BLOCK = tarfile.BLOCKSIZE
READ_SIZE = 64 * 1024


class ArchiveError(Exception):
    """An archive that cannot be read as one (cut short, altered, not an archive)."""


@dataclass(frozen=True)
class Part:
    name: str
    size: int
    sha256: str


def _header(name: str, size: int) -> bytes:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = 0  # the manifest says when; member times would only repeat it
    header = info.tobuf(format=tarfile.GNU_FORMAT)
    if len(header) != BLOCK:  # a name too long for one block: ours never are
        raise ValueError(f"part name too long: {name}")
    return header


def _open_new(path: Path) -> BinaryIO:
    """A new file, never one that exists (a second backup writing at the same time)."""
    return open(path, "xb")


class ArchiveWriter:
    """Writes parts into ``<final>.part``; ``close`` renames it into place.

    Use as a context manager: leaving it on an error removes the part file."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.partial = final.with_name(final.name + ".part")
        self._file: BinaryIO = _open_new(self.partial)
        self.parts: list[Part] = []

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            self.abandon()

    def add(self, name: str, chunks: Iterable[bytes]) -> Part:
        """Stream ``chunks`` in as member ``name``; returns its size and SHA-256."""
        start = self._file.tell()
        self._file.write(bytes(BLOCK))
        digest, size = hashlib.sha256(), 0
        for chunk in chunks:
            self._file.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        self._file.write(bytes(-size % BLOCK))
        end = self._file.tell()
        self._file.seek(start)
        self._file.write(_header(name, size))
        self._file.seek(end)
        part = Part(name=name, size=size, sha256=digest.hexdigest())
        self.parts.append(part)
        return part

    def close(self) -> Path:
        """End the archive, flush it to disk and rename it to its final name."""
        self._file.write(bytes(2 * BLOCK))
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        if self.final.exists():
            raise FileExistsError(f"{self.final} already exists")
        os.rename(self.partial, self.final)
        return self.final

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            self.partial.unlink()


class HashingReader:
    """A member's reader that counts and hashes what is read through it, so a part is
    checked against the manifest as it is decrypted, in the same single pass."""

    def __init__(self, fileobj: IO[bytes], *, expected: Part) -> None:
        self._file = fileobj
        self._digest = hashlib.sha256()
        self._size = 0
        self.expected = expected

    def read(self, size: int = -1, /) -> bytes:
        try:
            piece = self._file.read(size)
        except (tarfile.TarError, OSError) as error:
            raise ArchiveError(f"part {self.expected.name} cannot be read ({error})") from None
        self._digest.update(piece)
        self._size += len(piece)
        return piece

    def check(self) -> None:
        """Raise ``ArchiveError`` unless all read was the expected size and SHA-256."""
        if self._file.read(1) or self._size != self.expected.size:
            raise ArchiveError(f"part {self.expected.name} is not the size the manifest says")
        if self._digest.hexdigest() != self.expected.sha256:
            raise ArchiveError(f"part {self.expected.name} does not match the manifest")


def read_parts(path: Path) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    """Each member of the archive with a reader of its bytes, in order. Raises
    ``ArchiveError`` for what is not a tar file or is cut short in a header; a
    member cut short shows as a wrong size when read."""
    try:
        with tarfile.open(path, mode="r:") as archive:
            for member in archive:
                if not member.isfile():
                    raise ArchiveError(f"unexpected entry {member.name!r} in the archive")
                reader = archive.extractfile(member)
                if reader is None:  # pragma: no cover - isfile() members always have one
                    raise ArchiveError(f"cannot read {member.name!r}")
                yield member, reader
    except (tarfile.TarError, EOFError) as error:
        raise ArchiveError(f"not a complete archive ({error})") from None


def measure(fileobj: IO[bytes], *, name: str) -> Part:
    """The size and SHA-256 of a member's bytes, read in 64 KiB pieces."""
    digest, size = hashlib.sha256(), 0
    try:
        while piece := fileobj.read(READ_SIZE):
            digest.update(piece)
            size += len(piece)
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError(f"part {name} cannot be read ({error})") from None
    return Part(name=name, size=size, sha256=digest.hexdigest())


def read_whole(fileobj: IO[bytes], *, name: str) -> bytes:
    """A small member's bytes (the manifest, its signature)."""
    try:
        return fileobj.read()
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError(f"{name} cannot be read ({error})") from None
