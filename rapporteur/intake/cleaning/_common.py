"""Shared helpers for the cleaners."""

from __future__ import annotations

from typing import BinaryIO

CHUNK = 1 << 20  # copy in 1 MiB pieces so large files never sit whole in Python memory


class CannotClean(Exception):
    """The file cannot be cleaned; the message is the staff-facing note."""


class Unreadable(CannotClean):
    """The file is of a kind we clean but could not be read (damaged, truncated):
    nothing about it, hidden data included, can be vouched for."""


def copy_range(src, start: int, end: int, out: BinaryIO) -> None:
    """Write ``src[start:end]`` (an mmap or bytes) to ``out`` in bounded pieces."""
    while start < end:
        stop = min(start + CHUNK, end)
        out.write(src[start:stop])
        start = stop
