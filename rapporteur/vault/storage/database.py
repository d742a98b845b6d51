"""The database backend (``RAPPORTEUR_FILE_STORAGE=database``, for PostgreSQL): each
file's ciphertext in ``vault.StoredChunk`` rows of 64 KiB, so app hosts keep no
state and the database's replication and backups carry every file.

ALL OR NOTHING: a file and its chunks are written in one transaction (a savepoint
when the caller already holds one, so they then commit or roll back with the
caller's record). A failure rolls it back; a crash ends the transaction, which the
database rolls back. ``StoredFile.complete`` is set last, in that transaction, so
an incomplete file visible to another connection has no writer left and is removed
by ``remove_abandoned_parts``. On SQLite this holds the write lock while a file is
written: the backend is meant for PostgreSQL.

NEVER WHOLE IN MEMORY: chunks are inserted 1 MiB at a time as the ciphertext
arrives, and read back one query per chunk as the reader asks for them.

Chunks go in and out by plain SQL on Django's connection (in its transaction),
through psycopg's binary protocol on PostgreSQL: the ORM's cursor there sends and
receives bytes as hex text, which made a 300 MB upload five times slower.
"""

from __future__ import annotations

import contextlib
import errno
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

import psycopg
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from rapporteur.vault import crypto
from rapporteur.vault.models import StoredChunk, StoredFile

PIECE = crypto.CHUNK_SIZE  # bytes of ciphertext per row
_ROWS_PER_INSERT = 16  # 1 MiB held at most while writing
_DISK_FULL = "53100"  # PostgreSQL's SQLSTATE disk_full


def _pieces(ciphertext: Iterable[bytes]) -> Iterator[bytes]:
    """The ciphertext re-cut into ``PIECE`` bytes (the last one shorter, none empty):
    a reader then knows from the size alone how many rows a file has."""
    pending = b""
    for block in ciphertext:
        view = memoryview(pending + block if pending else block)
        start = 0
        while len(view) - start >= PIECE:
            yield bytes(view[start : start + PIECE])
            start += PIECE
        pending = bytes(view[start:])
    if pending:
        yield pending


def _disk_full(error: DatabaseError) -> bool:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == _DISK_FULL or "database or disk is full" in str(
        error
    )


@contextlib.contextmanager
def _chunk_cursor() -> Iterator[Any]:
    """A cursor on Django's connection (so in its transaction) that passes bytes as
    they are: psycopg's own, in binary, on PostgreSQL; Django's elsewhere. Errors
    come as Django's (``DatabaseError``)."""
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with psycopg.Cursor(connection.connection) as cursor:
                cursor.format = psycopg.pq.Format.BINARY
                yield cursor
        else:
            with connection.cursor() as cursor:
                yield cursor


def _chunk_sql(template: str) -> str:
    return template.format(
        table=connection.ops.quote_name(StoredChunk._meta.db_table),
        index=connection.ops.quote_name("index"),
    )


def _insert_chunks(rows: Sequence[tuple[int, int, bytes]]) -> None:
    """(file id, index, data) rows, in one round trip."""
    if rows:
        sql = "INSERT INTO {table} (file_id, {index}, data) VALUES (%s, %s, %s)"
        with _chunk_cursor() as cursor:
            cursor.executemany(_chunk_sql(sql), rows)


def _fetch_chunk(file_id: int, index: int) -> bytes | None:
    sql = "SELECT data FROM {table} WHERE file_id = %s AND {index} = %s"
    with _chunk_cursor() as cursor:
        cursor.execute(_chunk_sql(sql), [file_id, index])
        row = cursor.fetchone()
    return None if row is None else bytes(row[0])


def _this_hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class ChunkReader(io.RawIOBase):
    """A stored file's ciphertext, fetched one chunk (one query) at a time as it is
    read. A chunk missing while the file is read (deleted meanwhile) is an
    ``OSError``, so a streamed download is aborted rather than cut short."""

    def __init__(self, file_id: int, size: int) -> None:
        super().__init__()
        self._file_id = file_id
        self._count = -(-size // PIECE)
        self._next = 0
        self._held = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self._held:
            if self._next >= self._count:
                return 0
            self._held = memoryview(self._fetch(self._next))
            self._next += 1
        count = min(len(buffer), len(self._held))
        buffer[:count] = self._held[:count]
        self._held = self._held[count:]
        return count

    def _fetch(self, index: int) -> bytes:
        data = _fetch_chunk(self._file_id, index)
        if data is None:
            raise FileNotFoundError(errno.ENOENT, "a chunk of the stored file is gone")
        return data


class DatabaseBackend:
    """The files of one ``area`` in ``vault.StoredFile`` and ``vault.StoredChunk``."""

    def __init__(self, area: str) -> None:
        self.area = area

    def _files(self) -> QuerySet[StoredFile]:
        return StoredFile.objects.filter(area=self.area)

    def write(self, name: str, ciphertext: Iterable[bytes]) -> None:
        try:
            with transaction.atomic():
                self._write(name, ciphertext)
        except DatabaseError as error:
            if _disk_full(error):
                raise OSError(errno.ENOSPC, "the database has no space left") from error
            raise

    def _write(self, name: str, ciphertext: Iterable[bytes]) -> None:
        if self._files().filter(name=name).exists():
            raise FileExistsError(f"stored file {name} already exists")
        file = StoredFile.objects.create(area=self.area, name=name, written_at=_this_hour())
        rows: list[tuple[int, int, bytes]] = []
        for index, piece in enumerate(_pieces(ciphertext)):
            rows.append((file.pk, index, piece))
            file.size += len(piece)
            if len(rows) == _ROWS_PER_INSERT:
                _insert_chunks(rows)
                rows = []
        _insert_chunks(rows)
        file.complete = True
        file.save(update_fields=["size", "complete"])

    def names(self) -> Iterator[str]:
        names = self._files().filter(complete=True).order_by("name")
        yield from names.values_list("name", flat=True).iterator()

    def open(self, name: str) -> BinaryIO:
        found = self._files().filter(name=name, complete=True).values_list("pk", "size").first()
        if found is None:
            raise FileNotFoundError(errno.ENOENT, f"stored file {name} is gone")
        return io.BufferedReader(ChunkReader(*found), buffer_size=PIECE)

    def delete(self, name: str) -> None:
        _delete(self._files().filter(name=name))

    def remove_abandoned_parts(self) -> int:
        return _delete(self._files().filter(complete=False))

    def remove_unnamed(self, *, known_names: set[str], cutoff: float) -> int:
        before = datetime.fromtimestamp(cutoff, tz=UTC)
        stale = self._files().filter(complete=True, written_at__lt=before)
        unnamed = [name for name in stale.values_list("name", flat=True) if name not in known_names]
        return sum(_delete(self._files().filter(name=name)) for name in unnamed)


def _delete(files: QuerySet[StoredFile]) -> int:
    """Delete ``files`` and their chunks; returns how many files. The chunks go by one
    DELETE each (Django's fast delete: no signal listens to them), none is read."""
    _total, by_model = files.delete()
    return by_model.get(StoredFile._meta.label, 0)
