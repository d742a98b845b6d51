"""What a backup and a restore refuse: a cut or altered archive, a re-signed manifest,
a wrong key, a desk that is not empty, a disk that fills up. Each: a clear error,
nothing overwritten, no archive left half-written under its final name."""

from __future__ import annotations

import errno
import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.tags import AuditTag
from rapporteur.backups import archive, services, tasks
from rapporteur.backups.manifest import MANIFEST
from rapporteur.testing.cli import run_cli
from rapporteur.testing.vault import initialise
from rapporteur.vault import backup_keys, signing
from rapporteur.vault.selectors import current_desk_key
from rapporteur.vault.storage import AREAS, intake_files

# Committed rows: pg_dump reads them from another session, and SQLite's backup API
# cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk_with_files(stores, rapporteur_user):
    initialise(rapporteur_user)
    key = current_desk_key()
    return [intake_files.store(chunks=[os.urandom(100_000)], desk_key=key).name for _ in range(3)]


@pytest.fixture
def made(desk_with_files, backup_key, tmp_path) -> services.BackupMade:
    return services.create_backup(directory=tmp_path / "backups", public_key=backup_key.public_text)


def _copy(source: Path, target: Path, data: bytes | None = None) -> Path:
    target.write_bytes(source.read_bytes() if data is None else data)
    return target


def _verify(path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("backup", "verify", str(path), *extra, stdout=out)
    return out.getvalue()


def _desk_state() -> tuple[int, list[list[str]]]:
    return AuditEntry.objects.count(), [sorted(store.names()) for store in AREAS]


def test_a_sound_archive_verifies_without_the_private_key(made):
    said = _verify(made.path)
    vendor = connection.vendor
    assert f"Archive intact: 3 files and the {vendor} database (4 encrypted parts)" in said
    assert made.key_fingerprint in said
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.tag == AuditTag.BACKUP_CREATED
    assert entry.extras["files"] == 3


def test_the_archive_is_a_tar_with_no_stored_file_in_clear(made, stores):
    with tarfile.open(made.path) as tar:
        names = tar.getnames()
    assert names[0] == "database.enc" and names[-2:] == ["manifest.json", "manifest.sig"]
    data = made.path.read_bytes()
    for path in stores.rglob("??/*"):
        assert path.read_bytes()[:2048] not in data


@pytest.mark.parametrize("keep", [600, 0.5, 0.99])
def test_a_cut_archive_fails_verify(made, tmp_path, keep):
    data = made.path.read_bytes()
    end = int(keep if keep > 1 else len(data) * keep)
    cut = _copy(made.path, tmp_path / "cut.tar", data[:end])
    with pytest.raises(CommandError, match="Archive BROKEN"):
        _verify(cut)


def test_a_changed_byte_in_a_part_fails_verify(made, tmp_path):
    data = bytearray(made.path.read_bytes())
    data[512 + 1000] ^= 0x01  # inside the database part
    with pytest.raises(CommandError, match=r"database\.enc does not match its SHA-256"):
        _verify(_copy(made.path, tmp_path / "flipped.tar", bytes(data)))


def _with_manifest(source: Path, target: Path, change, *, resign_with=None) -> Path:
    """A copy of the archive whose manifest is changed (and signed again with another
    key, as someone who altered the parts would)."""
    new_manifest = b""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old:
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == MANIFEST:
                body = json.loads(data)
                change(body)
                if resign_with is not None:
                    body["signer"] = signing.public_key_text(resign_with)
                data = json.dumps(body, indent=1, sort_keys=True).encode()
            if member.name == "manifest.sig" and resign_with is not None:
                data = signing.sign(resign_with, new_manifest).encode()
            if member.name == MANIFEST:
                new_manifest = data
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return target


def test_an_altered_manifest_fails_its_signature(made, tmp_path):
    def later(body):
        body["created_at"] = "2030-01-01T00:00:00+00:00"

    altered = _with_manifest(made.path, tmp_path / "altered.tar", later)
    with pytest.raises(CommandError, match="signature does not match"):
        _verify(altered)


def test_a_manifest_signed_again_by_another_key_is_caught_with_the_desks_key(
    made, tmp_path, settings
):
    from nacl.signing import SigningKey

    desk_signer = json.loads(_member(made.path, MANIFEST))["signer"]
    resigned = _with_manifest(
        made.path, tmp_path / "resigned.tar", lambda body: None, resign_with=SigningKey.generate()
    )
    assert "(this desk's signing key)" in _verify(made.path)  # on the desk: its own key, unasked
    with pytest.raises(CommandError, match="signed by another key"):
        _verify(resigned)
    # Elsewhere (no desk signing key on this machine) the archive is self-consistent:
    # only a known key tells, and the command says it was not checked.
    settings.DATA_DIR = tmp_path / "another-machine"
    assert "NOT CHECKED" in _verify(resigned)
    with pytest.raises(CommandError, match="signed by another key"):
        _verify(resigned, "--signer", desk_signer)


def _member(path: Path, name: str) -> bytes:
    with tarfile.open(path) as tar:
        return tar.extractfile(name).read()  # type: ignore[union-attr]


def test_a_wrong_key_is_refused_before_anything_changes(made, tmp_path):
    before = _desk_state()
    other = backup_keys.new_key_pair().private_key
    with pytest.raises(services.RestoreRefused, match="does not open the archive"):
        services.restore_archive(path=made.path, private_key=other)
    assert _desk_state() == before


def test_a_restore_onto_a_desk_in_use_is_refused(made, backup_key):
    before = _desk_state()
    key = backup_keys.read_private_key(backup_key.private_file)
    with pytest.raises(services.RestoreRefused, match="database is not empty"):
        services.restore_archive(path=made.path, private_key=key)
    assert _desk_state() == before


def _operator(data_dir: Path, *args: str):
    return run_cli(data_dir, *args, RAPPORTEUR_MODE="dev")


@pytest.mark.skipif(
    os.environ.get("RAPPORTEUR_DATABASE_URL", "").startswith("postgres"),
    reason="a fresh SQLite desk stands for an empty target; the drill covers PostgreSQL",
)
def test_a_restore_into_a_file_store_in_use_is_refused(made, backup_key, tmp_path):
    target = tmp_path / "target"
    occupied = target / "intake-files" / "ab"
    occupied.mkdir(parents=True)
    (occupied / ("ab" + "0" * 30)).write_bytes(b"\x01Sother desk's file")
    done = _operator(target, "restore", str(made.path), "--key", str(backup_key.private_file))
    assert done.returncode != 0
    assert "INTAKE_FILE_STORE" in done.stderr and "not empty" in done.stderr
    assert (occupied / ("ab" + "0" * 30)).read_bytes() == b"\x01Sother desk's file"
    assert not (target / "case-files").exists() or not any((target / "case-files").rglob("??/*"))


@pytest.mark.skipif(
    os.environ.get("RAPPORTEUR_DATABASE_URL", "").startswith("postgres"),
    reason="a fresh SQLite desk stands for an empty target; the drill covers PostgreSQL",
)
def test_a_cut_archive_is_refused_by_restore_and_nothing_is_written(made, backup_key, tmp_path):
    data = made.path.read_bytes()
    cut = _copy(made.path, tmp_path / "cut.tar", data[: len(data) - 3000])
    target = tmp_path / "target"
    done = _operator(target, "restore", str(cut), "--key", str(backup_key.private_file))
    assert done.returncode != 0
    assert "does not verify" in done.stderr and "Nothing was changed" in done.stderr
    assert not [p for p in target.rglob("??/*") if p.is_file()]


@pytest.mark.skipif(
    os.environ.get("RAPPORTEUR_DATABASE_URL", "").startswith("postgres"),
    reason="a fresh SQLite desk stands for an empty target; the drill covers PostgreSQL",
)
def test_a_part_that_fails_half_way_through_a_restore_is_undone(
    desk_with_files, backup_key, tmp_path, monkeypatch
):
    """The second file part encrypted to another key: the archive verifies (its
    manifest matches its bytes), the restore loads the database and one file, then
    cannot open the next: it removes both and says so."""
    real, other = backup_keys.encrypted_part, backup_keys.new_key_pair().public_key
    calls: list[int] = []

    def second_file_to_another_key(chunks, *, public_key):
        calls.append(1)
        return real(chunks, public_key=other if len(calls) == 3 else public_key)

    monkeypatch.setattr(backup_keys, "encrypted_part", second_file_to_another_key)
    made = services.create_backup(directory=tmp_path / "backups", public_key=backup_key.public_text)
    monkeypatch.undo()
    assert "Archive intact" in _verify(made.path)
    target = tmp_path / "target"
    done = _operator(target, "restore", str(made.path), "--key", str(backup_key.private_file))
    assert done.returncode != 0
    assert "stopped and was undone" in done.stderr
    assert not [p for p in target.rglob("??/*") if p.is_file()]
    assert not (target / "db.sqlite3").exists()


class _FillingDisk(io.FileIO):
    """A file on a disk that fills after 200 KB."""

    room = 200_000

    def write(self, data) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.name)
        return super().write(data)


def test_a_disk_that_fills_during_a_backup_leaves_no_archive(
    desk_with_files, backup_key, tmp_path, monkeypatch
):
    monkeypatch.setattr(archive, "_open_new", lambda path: _FillingDisk(path, "xb"))
    folder = tmp_path / "backups"
    before = AuditEntry.objects.count()
    with pytest.raises(services.BackupFailed, match="No space left on device"):
        services.create_backup(directory=folder, public_key=backup_key.public_text)
    assert list(folder.iterdir()) == []
    assert AuditEntry.objects.count() == before


def test_a_public_key_that_is_not_one_is_refused(desk_with_files, tmp_path):
    with pytest.raises(services.BackupFailed, match="not base64"):
        services.create_backup(directory=tmp_path / "backups", public_key="not a key!")
    assert not (tmp_path / "backups").exists()


def test_keygen_writes_the_private_key_for_its_owner_only_and_never_over_another(tmp_path):
    out = io.StringIO()
    key_file = tmp_path / "offline.key"
    call_command("backup", "keygen", "--out", str(key_file), stdout=out)
    assert key_file.stat().st_mode & 0o777 == 0o600
    public = out.getvalue().split("RAPPORTEUR_BACKUP_PUBLIC_KEY=")[1].strip()
    private = backup_keys.read_private_key(key_file)
    assert backup_keys.key_from_text(public) == backup_keys.public_half(private)
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("backup", "keygen", "--out", str(key_file), stdout=io.StringIO())
    assert backup_keys.read_private_key(key_file) == private


def test_the_daily_job_backs_up_and_keeps_the_newest(
    desk_with_files, backup_key, tmp_path, settings
):
    settings.BACKUP_DIR = tmp_path / "daily"
    settings.BACKUP_PUBLIC_KEY = backup_key.public_text
    settings.BACKUP_KEEP = 2
    settings.BACKUP_DIR.mkdir()
    oldest = settings.BACKUP_DIR / "rapporteur-backup-20200101T000000Z.tar"
    older = settings.BACKUP_DIR / "rapporteur-backup-20200102T000000Z.tar"
    for path in (oldest, older):
        path.write_bytes(b"an older archive")
    killed = settings.BACKUP_DIR / "rapporteur-backup-20200103T000000Z.tar.part"
    killed.write_bytes(b"a backup killed half-way")
    os.utime(killed, (0, 0))
    assert tasks.backups_are_on()
    tasks.back_up_desk.call()
    kept = sorted(p.name for p in settings.BACKUP_DIR.iterdir())
    assert len(kept) == 2 and kept[0] == older.name  # the killed one's part removed too
    assert "Archive intact" in _verify(settings.BACKUP_DIR / kept[1])
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.extras["removed"] == 1


def test_the_daily_job_is_off_without_its_settings(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_PUBLIC_KEY = ""
    assert not tasks.backups_are_on()
