"""Backup fixtures: a desk holding one canary object of every kind (through the real
services), its stores under the test's folder, and a backup key pair."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from rapporteur.testing.canaries import build_canary_desk, opened_canaries
from rapporteur.testing.cases import ensure_vocabularies
from rapporteur.testing.seeds import reseed_migration_data
from rapporteur.testing.vault import initialise, use_fast_argon2, use_stores
from rapporteur.vault import backup_keys


@dataclass(frozen=True)
class BackupKey:
    public_text: str
    private_file: Path


@pytest.fixture
def backup_key(tmp_path) -> BackupKey:
    pair = backup_keys.new_key_pair()
    path = tmp_path / "backup.key"
    backup_keys.write_private_key(path, pair.private_key)
    return BackupKey(backup_keys.key_text(pair.public_key), path)


@pytest.fixture
def stores(settings, tmp_path):
    use_fast_argon2(settings)
    use_stores(settings, tmp_path / "stores")
    settings.INTAKE_RAM_DIR = tmp_path / "ram"
    settings.INTAKE_RAM_DIR.mkdir()
    return tmp_path / "stores"


@pytest.fixture
def file_storage(settings) -> str:
    """The file store's backend (a test module may run over both)."""
    return str(settings.FILE_STORAGE)


@pytest.fixture
def canary_desk(stores, file_storage, settings, rapporteur_user, officer) -> dict[str, str]:
    """The canary objects made; returns them opened with the officer's keys."""
    ensure_vocabularies()
    reseed_migration_data()
    initialise(rapporteur_user, officer)
    build_canary_desk(officer=officer, rapporteur=rapporteur_user, ram_dir=settings.INTAKE_RAM_DIR)
    return opened_canaries(officer)
