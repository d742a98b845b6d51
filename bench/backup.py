"""Backup and restore benchmark: a desk of N submissions and M megabytes of stored
files, backed up, verified and restored by the console commands, each in a process
of its own; printed: time, archive size and the peak memory (RSS) of each step.

    .venv/bin/python bench/backup.py [--submissions 1000] [--megabytes 500]
                                     [--file-mb 5] [--postgres URL_OF_AN_EMPTY_DATABASE]

The issue's target is 10,000 submissions and 5 GB (``--submissions 10000
--megabytes 5000``). Files are random bytes stored through the intake's store
(encrypted to the desk key as they are written), each an attachment of one
submission. Memory must stay flat whatever the size: every step streams in 64 KiB
chunks, so its peak RSS is that of an idle ``rapporteur check`` plus a few MiB.
SQLite by default, in a temporary folder, files in folders (``--file-storage
database``: in the database, carried by its dump); with ``--postgres``, the desk is made in
that (empty) database and restored into a second one, ``<name>_restored``, which the
benchmark creates and drops.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MAKE_DESK = """
import os, django
django.setup()
from django.db import transaction
from rapporteur.accounts.permissions import Role
from rapporteur.intake.models import Attachment
from rapporteur.testing.intake import arrivals
from rapporteur.testing.personas import make_staff
from rapporteur.testing.vault import initialise
from rapporteur.vault import sealing
from rapporteur.vault.selectors import current_desk_key
from rapporteur.vault.storage import intake_files

initialise(make_staff(Role.RAPPORTEUR, "rapporteur"))
key = current_desk_key()
submissions = []
for start in range(0, {submissions}, 1000):
    submissions += arrivals(min(1000, {submissions} - start))
chunk = os.urandom(64 * 1024)

def random_file(size):
    left = size
    while left > 0:
        yield chunk[: min(left, len(chunk))]
        left -= len(chunk)

files, left = 0, {megabytes} * 1024 * 1024
while left > 0:
    size = min(left, {file_mb} * 1024 * 1024)
    name = intake_files.store(chunks=random_file(size), desk_key=key).name
    Attachment.objects.create(
        submission=submissions[files % len(submissions)], stored_name=name, desk_key=key,
        meta_envelope=sealing.seal_record(data={{"filename": "f.bin", "size": size}}, desk_key=key),
    )
    files += 1
    left -= size
print(files)
"""


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "RAPPORTEUR_MODE": "dev",
        "RAPPORTEUR_DATA_DIR": str(data_dir),
        "RAPPORTEUR_DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
        "RAPPORTEUR_INTAKE_MIN_FREE_MB": "1",
    }


def _step(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS MiB, stdout), the RSS read by /usr/bin/time-like wait4."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, *args], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors
        )
        assert process.stdout is not None
        out = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        errors.seek(0)
        err = errors.read()
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args[:4])} failed:\n{err.decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def _postgres(url: str, sql: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as pg:
        pg.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--megabytes", type=int, default=500)
    parser.add_argument("--file-mb", type=int, default=5)
    parser.add_argument("--postgres", default="", help="URL of an empty PostgreSQL database")
    parser.add_argument(
        "--file-storage", choices=("folder", "database"), default="folder", help="store backend"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backup-bench-") as work:
        folder = Path(work)
        source_url = options.postgres or f"sqlite:///{folder / 'desk' / 'desk.sqlite3'}"
        target_url = f"sqlite:///{folder / 'restored' / 'desk.sqlite3'}"
        if options.postgres:
            target_url = options.postgres + "_restored"
            _postgres(options.postgres, f'CREATE DATABASE "{target_url.rsplit("/", 1)[1]}"')
        try:
            _bench(folder, source_url, target_url, options)
        finally:
            if options.postgres:
                _postgres(
                    options.postgres,
                    f'DROP DATABASE IF EXISTS "{target_url.rsplit("/", 1)[1]}" WITH (FORCE)',
                )


def _bench(folder: Path, source_url: str, target_url: str, options: argparse.Namespace) -> None:
    desk = _env(folder / "desk", source_url)
    restored = _env(folder / "restored", target_url)
    desk["RAPPORTEUR_FILE_STORAGE"] = restored["RAPPORTEUR_FILE_STORAGE"] = options.file_storage
    (folder / "restored").mkdir()
    cli = ("-m", "rapporteur.cli")
    _step(desk, *cli, "migrate", "-v0")
    made, _rss, files = _step(
        desk,
        "-c",
        _MAKE_DESK.format(
            submissions=options.submissions, megabytes=options.megabytes, file_mb=options.file_mb
        ),
    )
    print(
        f"desk: {options.submissions} submissions, {files.strip()} files, "
        f"{options.megabytes} MB of files, {'PostgreSQL' if options.postgres else 'SQLite'}, "
        f"files in the {options.file_storage}; "
        f"made in {made:.1f} s"
    )
    _idle_s, idle_rss, _ = _step(desk, *cli, "check")
    print(f"idle command (rapporteur check): peak RSS {idle_rss:.0f} MiB")
    keyfile = folder / "backup.key"
    _s, _r, said = _step(desk, *cli, "backup", "keygen", "--out", str(keyfile))
    desk["RAPPORTEUR_BACKUP_PUBLIC_KEY"] = said.split("RAPPORTEUR_BACKUP_PUBLIC_KEY=")[1].strip()
    backup_s, backup_rss, _ = _step(desk, *cli, "backup", "create", "--to", str(folder / "out"))
    (archive,) = (folder / "out").glob("*.tar")
    size = archive.stat().st_size
    print(
        f"backup:  {backup_s:7.1f} s  {size / 2**20:9.1f} MiB archive "
        f"({size / (options.megabytes * 2**20):.3f} x the files)  peak RSS {backup_rss:.0f} MiB  "
        f"{size / 2**20 / backup_s:.0f} MiB/s"
    )
    verify_s, verify_rss, _ = _step(desk, *cli, "backup", "verify", str(archive))
    print(f"verify:  {verify_s:7.1f} s  peak RSS {verify_rss:.0f} MiB")
    restore_s, restore_rss, _ = _step(
        restored, *cli, "restore", str(archive), "--key", str(keyfile)
    )
    print(f"restore: {restore_s:7.1f} s  peak RSS {restore_rss:.0f} MiB (verify, write, checks)")


if __name__ == "__main__":
    main()
