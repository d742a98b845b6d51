"""The restore drill: a desk with a canary object of every kind is backed up, its
database and file stores destroyed, and the archive restored by the console command
onto a fresh data directory and a fresh database (SQLite: a new file; PostgreSQL: a
throw-away database made here). Every canary comes back byte-identical and opens
with the desk key; the audit chain holds; the archive holds no canary in clear."""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.backups import services
from rapporteur.testing.canaries import CANARIES, read_in_process, stored_digests
from rapporteur.testing.cli import run_cli
from rapporteur.testing.intake import database_bytes
from rapporteur.vault.storage import AREAS

pytestmark = pytest.mark.django_db(transaction=True)


def _encodings(text: str) -> list[bytes]:
    return [
        text.encode(),
        text.lower().encode(),
        text.upper().encode(),
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
        text.lower().encode("utf-16-le"),
    ]


@pytest.fixture(params=["folder", "database"])
def file_storage(request, settings) -> str:
    """Both backends of the file store: files in folders (the archive holds them as
    parts) or in the database (its dump carries them)."""
    settings.FILE_STORAGE = request.param
    return request.param


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[str]:
    """The URL of a database no one has used: a new SQLite file, or a PostgreSQL
    database created here (and dropped after)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"restore_drill_{secrets.token_hex(4)}"
    admin = connection.settings_dict
    host, port = admin.get("HOST") or "127.0.0.1", admin.get("PORT") or 5432
    user = admin.get("USER") or "postgres"
    dsn = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _as_operator(
    data_dir: Path, database_url: str, backend: str, *args: str
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        data_dir,
        *args,
        RAPPORTEUR_MODE="dev",
        RAPPORTEUR_DATABASE_URL=database_url,
        RAPPORTEUR_FILE_STORAGE=backend,
    )


def test_a_destroyed_desk_comes_back_from_its_backup(
    canary_desk, file_storage, stores, backup_key, officer, fresh_database, tmp_path
):
    for kind, canary in CANARIES.items():
        assert canary in canary_desk[kind], kind
    ciphertext_before = stored_digests()
    assert len(ciphertext_before) == 3  # the attachment, the case document, the reply's
    plain_database = database_bytes()
    assert CANARIES["recommendation"].encode() in plain_database  # in clear in the database

    made = services.create_backup(directory=tmp_path / "backups", public_key=backup_key.public_text)

    file_parts = 3 if file_storage == "folder" else 0  # else in the database's part
    assert made.files == file_parts
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.tag == AuditTag.BACKUP_CREATED
    archive_bytes = made.path.read_bytes()
    for canary in CANARIES.values():
        for needle in _encodings(canary):
            assert needle not in archive_bytes, needle
    for store in AREAS:
        for name in store.names():
            with store.open_encrypted(name) as stored:
                assert stored.read(4096) not in archive_bytes  # encrypted once more

    # Destroy the desk: its files and its database.
    shutil.rmtree(stores, ignore_errors=True)
    call_command("flush", interactive=False)

    restored = tmp_path / "restored"
    restored.mkdir(exist_ok=True)
    operator = (restored, fresh_database, file_storage)
    done = _as_operator(*operator, "restore", str(made.path), "--key", str(backup_key.private_file))
    assert done.returncode == 0, done.stderr
    assert f"Restored {file_parts} files" in done.stdout
    verified = _as_operator(*operator, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "Audit log intact" in verified.stdout

    backend = {"RAPPORTEUR_FILE_STORAGE": file_storage}
    assert read_in_process(restored, fresh_database, "--digests", **backend) == ciphertext_before
    opened = read_in_process(restored, fresh_database, officer.username, **backend)
    assert opened == canary_desk
