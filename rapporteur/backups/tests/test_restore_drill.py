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
from rapporteur.testing.canaries import CANARIES, read_in_process
from rapporteur.testing.cli import run_cli
from rapporteur.testing.intake import database_bytes

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


def _stored_ciphertext(root: Path) -> dict[str, bytes]:
    """Every stored file under ``root`` by its name (parts in ``incoming/`` aside)."""
    return {
        path.name: path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and "incoming" not in path.parts
    }


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


def _as_operator(data_dir: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(data_dir, *args, RAPPORTEUR_MODE="dev", RAPPORTEUR_DATABASE_URL=database_url)


def test_a_destroyed_desk_comes_back_from_its_backup(
    canary_desk, stores, backup_key, officer, fresh_database, tmp_path, settings
):
    for kind, canary in CANARIES.items():
        assert canary in canary_desk[kind], kind
    ciphertext_before = _stored_ciphertext(stores)
    assert len(ciphertext_before) == 3  # the attachment, the case document, the reply's
    plain_database = database_bytes()
    assert CANARIES["recommendation"].encode() in plain_database  # in clear in the database

    made = services.create_backup(directory=tmp_path / "backups", public_key=backup_key.public_text)

    assert made.files == 3
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.tag == AuditTag.BACKUP_CREATED
    archive_bytes = made.path.read_bytes()
    for canary in CANARIES.values():
        for needle in _encodings(canary):
            assert needle not in archive_bytes, needle
    for data in ciphertext_before.values():
        assert data[:4096] not in archive_bytes  # stored files are encrypted again

    # Destroy the desk: its files and its database.
    shutil.rmtree(stores)
    call_command("flush", interactive=False)

    restored = tmp_path / "restored"
    restored.mkdir(exist_ok=True)
    done = _as_operator(
        restored, fresh_database, "restore", str(made.path), "--key", str(backup_key.private_file)
    )
    assert done.returncode == 0, done.stderr
    assert "Restored 3 files" in done.stdout
    verified = _as_operator(restored, fresh_database, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "Audit log intact" in verified.stdout

    restored_stores = {
        name: data
        for folder in ("intake-files", "case-files", "reply-files")  # the defaults
        for name, data in _stored_ciphertext(restored / folder).items()
    }
    assert restored_stores == ciphertext_before
    assert read_in_process(restored, fresh_database, officer.username) == canary_desk
