"""The database in and out of an archive, streamed: SQLite through its online backup
API, PostgreSQL through ``pg_dump --format=custom`` and ``pg_restore`` on pipes.
Nothing here holds a whole database in memory.

SQLite's backup API writes a database, not a stream: the snapshot goes to a
temporary file beside the live database (same folder, same protection: it is no
more in clear than the database itself), is read out, and removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

CHUNK = 64 * 1024


class DatabaseStepFailed(Exception):
    """pg_dump or pg_restore failed, or the database is not one a restore may fill."""


def vendor() -> str:
    return connection.vendor


def migration_state() -> dict[str, list[str]]:
    """The applied migrations, by app (what a restore's ``migrate`` starts from)."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def is_empty() -> bool:
    """True when the database has no table at all (a fresh, never migrated one)."""
    return not connection.introspection.table_names()


def dump() -> Iterator[bytes]:
    """The database's bytes, in chunks: a consistent snapshot taken while it runs."""
    if connection.vendor == "sqlite":
        return _sqlite_snapshot()
    if connection.vendor == "postgresql":
        return _pg_dump()
    raise DatabaseStepFailed(f"cannot back up a {connection.vendor} database")


def load(chunks: Iterable[bytes]) -> None:
    """Fill the (empty) database from ``dump``'s bytes: all of it or, on any error,
    nothing (SQLite: a new file renamed into place; PostgreSQL: one transaction)."""
    if connection.vendor == "sqlite":
        _sqlite_load(chunks)
    else:
        _pg_restore(chunks)


def undo_load() -> None:
    """Empty again a database ``load`` filled (a later step of the restore failed):
    only ever called on a database that was empty before."""
    connection.close()
    if connection.vendor == "sqlite":
        for path in _sqlite_files():
            with contextlib.suppress(OSError):
                path.unlink()
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def _in_memory() -> bool:
    name = str(connection.settings_dict["NAME"])
    return name == ":memory:" or name.startswith("file:")


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if _in_memory():
        raise DatabaseStepFailed("cannot restore into an in-memory SQLite database")
    return Path(name)


def _sqlite_files() -> list[Path]:
    path = _sqlite_path()
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _snapshot_folder() -> Path:
    name = str(connection.settings_dict["NAME"])
    return Path(settings.DATA_DIR) if _in_memory() else Path(name).parent


def _sqlite_snapshot() -> Iterator[bytes]:
    if connection.in_atomic_block:
        # The backup API would wait for this connection's own write lock forever.
        raise DatabaseStepFailed("a SQLite backup cannot run inside a transaction")
    connection.ensure_connection()
    source: Any = connection.connection
    with tempfile.NamedTemporaryFile(
        dir=_snapshot_folder(), prefix=".backup-", suffix=".sqlite3"
    ) as snapshot:
        target = sqlite3.connect(snapshot.name)
        try:
            source.backup(target)
        finally:
            target.close()
        with open(snapshot.name, "rb") as copy:
            while chunk := copy.read(CHUNK):
                yield chunk


def _sqlite_load(chunks: Iterable[bytes]) -> None:
    path = _sqlite_path()
    connection.close()
    partial = path.with_name(path.name + ".restoring")
    try:
        with open(partial, "xb") as target:
            for chunk in chunks:
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        _check_sqlite(partial)
        for leftover in _sqlite_files():  # the empty database and its journal
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.rename(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def _check_sqlite(path: Path) -> None:
    try:
        check = sqlite3.connect(path)
        try:
            (result,) = check.execute("PRAGMA quick_check").fetchone()
        finally:
            check.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseStepFailed(f"the restored database is not readable: {error}") from None
    if result != "ok":
        raise DatabaseStepFailed(f"the restored database fails its check: {result}")


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    found = shutil.which(program)
    if found is None:
        raise DatabaseStepFailed(f"{program} is not installed (PostgreSQL's client programs)")
    db = connection.settings_dict
    arguments = [
        found,
        "--no-owner",
        "--no-privileges",
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PGPASSWORD": db.get("PASSWORD") or ""}
    return arguments, env


def _failure(program: str, errors: IO[bytes]) -> DatabaseStepFailed:
    errors.seek(0)
    tail = errors.read()[-2000:].decode("utf-8", "replace").strip()
    return DatabaseStepFailed(f"{program} failed: {tail}")


def _pg_dump() -> Iterator[bytes]:
    arguments, env = _pg_command("pg_dump")
    name = str(connection.settings_dict["NAME"])
    # Level 1: with files in the database (bytea, dumped as hex) it keeps the dump
    # near the files' size at 2.4 times the speed of the default level
    # (bench/backup.py: 500 MB, 21 s and 1.17x against 50 s and 1.14x; none: 2x).
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own database
            [*arguments, "--format=custom", "--compress=1", name],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        assert process.stdout is not None  # noqa: S101 - Popen made it a pipe
        try:
            with process.stdout:
                while chunk := process.stdout.read(CHUNK):
                    yield chunk
            if process.wait() != 0:
                raise _failure("pg_dump", errors)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _pg_restore(chunks: Iterable[bytes]) -> None:
    arguments, env = _pg_command("pg_restore")
    name = str(connection.settings_dict["NAME"])
    connection.close()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own database
            [*arguments, "--single-transaction", "--exit-on-error", "--dbname", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        assert process.stdin is not None  # noqa: S101 - Popen made it a pipe
        try:
            for chunk in chunks:
                process.stdin.write(chunk)
            process.stdin.close()
        except BrokenPipeError:
            pass  # pg_restore stopped early: its status and message say why
        except BaseException:
            process.kill()  # a cut part: the transaction is never committed
            process.wait()
            raise
        if process.wait() != 0:
            raise _failure("pg_restore", errors)
