"""Uploads that never reach persistent disk in clear.

``RamUploadHandler`` replaces Django's handlers (which keep small files in memory
and write large ones to a plaintext temporary file on disk): every file streams,
64 KiB at a time, into a private work directory on a RAM-backed file system
(``INTAKE_RAM_DIR``, /dev/shm by default). There it is cleaned, then encrypted
into the file store, then the work directory is removed.

Each work directory holds a lock file locked by its owner process. A process
killed mid-upload releases the lock; ``sweep_abandoned_workdirs`` (run at start-up
and by the purge command) removes every directory whose lock is free.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NoReturn, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.signals import request_finished
from django.http import HttpRequest

from rapporteur.intake import diskspace

logger = logging.getLogger(__name__)
PREFIX = "rapporteur-upload-"
_LOCK = ".lock"
# Work directories opened by the request this thread is serving.
_open_here = threading.local()


class RamWorkdir:
    """A private directory in RAM, owned (locked) by this process until closed."""

    def __init__(self) -> None:
        base = Path(settings.INTAKE_RAM_DIR)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))  # mode 0700
        self._lock = os.open(self.path / _LOCK, os.O_CREAT | os.O_RDWR | os.O_EXCL, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _tracked().add(self)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self._lock)
        _tracked().discard(self)


def _tracked() -> set[RamWorkdir]:
    if not hasattr(_open_here, "dirs"):
        _open_here.dirs = set()
    return _open_here.dirs


def _close_leftovers(**kwargs: object) -> None:
    # Whatever path a request took (an error raised half-way through parsing, a
    # refused form token), its plaintext is gone when it ends.
    for workdir in list(_tracked()):
        workdir.close()


request_finished.connect(_close_leftovers, dispatch_uid="intake-ram-workdirs")


def sweep_abandoned_workdirs() -> int:
    """Remove work directories whose owner process is gone; returns how many."""
    base = Path(settings.INTAKE_RAM_DIR)
    removed = 0
    with contextlib.suppress(OSError):
        for candidate in base.glob(PREFIX + "*"):
            try:
                fd = os.open(candidate / _LOCK, os.O_RDWR)
            except OSError:
                # No lock file: the owner died between mkdtemp and creating it.
                shutil.rmtree(candidate, ignore_errors=True)
                removed += 1
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live process owns it
            finally:
                os.close(fd)
            shutil.rmtree(candidate, ignore_errors=True)
            removed += 1
    return removed


class RamUploadedFile(UploadedFile):
    """A received file, in clear, in the request's RAM work directory.

    Django closes every uploaded file when the response is finished, whatever
    happened (an error page, a refused form token); closing removes the file, and
    the last file closed removes the work directory.
    """

    def __init__(
        self, *, path: Path, name: str, content_type: str, size: int, state: UploadState
    ) -> None:
        super().__init__(
            file=open(path, "rb"),  # noqa: SIM115 - closed with the request's files
            name=name,
            content_type=content_type,
            size=size,
        )
        self.ram_path = path
        self._state: UploadState | None = state
        state.open_files += 1

    def temporary_file_path(self) -> str:
        return str(self.ram_path)

    def close(self) -> None:
        super().close()
        if self._state is not None:
            with contextlib.suppress(OSError):
                self.ram_path.unlink()
            self._state.open_files -= 1
            if self._state.open_files <= 0:
                self._state.close()
            self._state = None


@dataclass
class UploadState:
    """What the handler saw, for the view to turn into a message for the source."""

    workdir: RamWorkdir | None = None
    files: int = 0
    total_bytes: int = 0
    error: str = ""  # "too_large", "too_many" or "no_space"
    paths: list[Path] = field(default_factory=list)
    open_files: int = 0
    declared_bytes: int = 0  # the request's Content-Length

    def close(self) -> None:
        if self.workdir is not None:
            self.workdir.close()
            self.workdir = None


_STATE_ATTR = "_intake_upload"


def state_for(request: HttpRequest) -> UploadState:
    state: UploadState | None = getattr(request, _STATE_ATTR, None)
    if state is None:
        state = UploadState()
        setattr(request, _STATE_ATTR, state)
    return state


class RamUploadHandler(FileUploadHandler):
    """Streams each uploaded file into RAM; enforces the size and count limits and
    the free space kept on the file store (``diskspace``).

    On a limit it stops reading files (``StopUpload`` without resetting the
    connection: Django discards the rest of the body), keeping the text fields
    sent before the files, so the form comes back with a clear error.
    """

    chunk_size = 64 * 1024

    def _upload_state(self) -> UploadState:
        # Django builds the handlers of a request with that request.
        return state_for(cast(HttpRequest, self.request))

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self._upload_state().declared_bytes = max(0, int(content_length or 0))
        return None

    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: dict[str, bytes] | None = None,
    ) -> None:
        super().new_file(
            field_name, file_name, content_type, content_length, charset, content_type_extra
        )
        state = self._upload_state()
        if state.error:
            raise StopUpload(connection_reset=False)
        state.files += 1
        if state.files > settings.INTAKE_MAX_FILES:
            state.error = "too_many"
            if state.open_files <= 0:
                state.close()
            raise StopUpload(connection_reset=False)
        if state.files == 1 and not diskspace.room_for_files(state.declared_bytes):
            # Before a byte of any file is kept: the whole body, as declared, would
            # leave the store short.
            state.error = "no_space"
            raise StopUpload(connection_reset=False)
        if state.workdir is None:
            state.workdir = RamWorkdir()
        # A generated name: the source's file name is never a path on this server.
        self._path = state.workdir.path / f"upload-{state.files:03d}"
        self._fd = os.open(self._path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        self._size = 0
        state.paths.append(self._path)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        state = self._upload_state()
        state.total_bytes += len(raw_data)
        if state.total_bytes > settings.INTAKE_MAX_UPLOAD_BYTES:
            self._stop(state, "too_large")
        # What was received so far, not what was declared: more than declared, or
        # room taken meanwhile by other uploads, is caught here.
        if state.total_bytes > state.declared_bytes or not diskspace.room_for_files(
            state.total_bytes
        ):
            self._stop(state, "no_space")
        view = memoryview(raw_data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self._size += len(raw_data)
        return None

    def _stop(self, state: UploadState, error: str) -> NoReturn:
        """Stop reading files: this one's bytes go at once, the others with the request."""
        state.error = error
        os.close(self._fd)
        with contextlib.suppress(OSError):
            self._path.unlink()
        self._fd = -1
        if state.open_files <= 0:
            state.close()  # no finished file will close it later
        raise StopUpload(connection_reset=False)

    def file_complete(self, file_size: int) -> RamUploadedFile | None:
        if self._fd < 0:
            return None
        os.close(self._fd)
        self._fd = -1
        return RamUploadedFile(
            path=self._path,
            name=self.file_name or "file",
            content_type=self.content_type or "application/octet-stream",
            size=self._size,
            state=self._upload_state(),
        )

    def upload_interrupted(self) -> None:
        # The client went away mid-file: nothing of this request is kept.
        if getattr(self, "_fd", -1) >= 0:
            os.close(self._fd)
            self._fd = -1
        state = self._upload_state()
        if state.open_files <= 0:
            state.close()
