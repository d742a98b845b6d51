"""The folder backend (the default): each area's ciphertext in its own folder, named
by a setting, as ``<root>/<first two characters>/<name>``.

A file is written to ``incoming/<name>.part``, flushed to disk, and renamed into
place only when complete (``vault.partfiles``), so a crash never leaves a
half-written file under a final name; a part whose writer died is recognised by its
lock being free, and removed. Paths are built only from checked names, and checked
again to stay inside the root.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from rapporteur.vault import partfiles
from rapporteur.vault.storage.base import BadName, check_name, is_valid


class FolderBackend:
    """The folder named by ``setting``, read at each use, so a test (or a new
    configuration) moves the store without a restart."""

    def __init__(self, setting: str) -> None:
        self.setting = setting

    def root(self) -> Path:
        return Path(getattr(settings, self.setting))

    def _incoming(self) -> Path:
        return self.root() / "incoming"

    def path_for(self, name: str) -> Path:
        """The path of a stored name. Raises ``BadName`` for anything this store
        would not have generated, before a path is built from it."""
        check_name(name)
        base = self.root().resolve()
        path = (base / name[:2] / name).resolve()
        if base not in path.parents:
            raise BadName("path leaves the store")
        return path

    def write(self, name: str, ciphertext: Iterable[bytes]) -> None:
        """Write to ``incoming/<name>.part`` (locked while written), flush to disk,
        rename into place; on any failure remove the part and raise."""
        final = self.path_for(name)
        if final.exists():
            raise FileExistsError(f"stored file {name} already exists")
        self._incoming().mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = self._incoming() / f"{name}{partfiles.SUFFIX}"
        try:
            with partfiles.writing(partial) as target:
                for piece in ciphertext:
                    target.write(piece)
                target.flush()
                os.fsync(target.fileno())
            partfiles.move_into_place(partial, final)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise

    def names(self) -> Iterator[str]:
        root = self.root()
        if not root.is_dir():
            return
        for folder in sorted(root.glob("??")):
            for path in sorted(folder.iterdir()):
                if is_valid(path.name):
                    yield path.name

    def open(self, name: str) -> BinaryIO:
        return open(self.path_for(name), "rb")

    def delete(self, name: str) -> None:
        with contextlib.suppress(OSError):
            self.path_for(name).unlink()

    def remove_abandoned_parts(self) -> int:
        return partfiles.remove_abandoned(self._incoming())

    def remove_unnamed(self, *, known_names: set[str], cutoff: float) -> int:
        """File times are rounded down to the hour (``partfiles.move_into_place``)."""
        removed = 0
        for path in self.root().glob("??/*"):
            try:
                stale = path.stat().st_mtime < cutoff
            except OSError:
                continue
            if path.name not in known_names and stale:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
