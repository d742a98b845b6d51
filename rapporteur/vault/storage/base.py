"""What both backends of the file store share: generated names, checked before a
backend sees them, and the operations a backend provides (``Backend``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Protocol

_NAME = re.compile(r"^[0-9a-f]{32}$")


class BadName(ValueError):
    """A stored name that is not one this store generates."""


def new_name() -> str:
    """A fresh name: 32 random hex characters (128 bits, never reused)."""
    return secrets.token_hex(16)


def is_valid(name: str) -> bool:
    return bool(_NAME.fullmatch(name or ""))


def check_name(name: str) -> str:
    """``name`` itself, or ``BadName`` for anything this store would not have generated
    (so no name, from the database or anywhere else, reaches a path or a query)."""
    if not is_valid(name):
        raise BadName("not a stored file name")
    return name


class Backend(Protocol):
    """Where the ciphertext of one area lives. Names reach it already checked."""

    def write(self, name: str, ciphertext: Iterable[bytes]) -> None:
        """Keep ``ciphertext`` under ``name``, all or nothing: on any failure nothing
        is left under the name and the error is raised; ``FileExistsError`` when the
        name is taken."""

    def names(self) -> Iterator[str]:
        """Every complete stored name, in a stable order."""

    def open(self, name: str) -> BinaryIO:
        """The ciphertext, read lazily; ``OSError`` (at once) when it is gone."""

    def delete(self, name: str) -> None:
        """Remove a stored file; one already gone is no error."""

    def remove_abandoned_parts(self) -> int:
        """Remove partial files whose writer is gone; returns how many."""

    def remove_unnamed(self, *, known_names: set[str], cutoff: float) -> int:
        """Remove complete files written before ``cutoff`` (a Unix time) that are not
        in ``known_names``; returns how many."""
