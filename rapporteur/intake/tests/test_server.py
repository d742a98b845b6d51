"""Against the production server (gunicorn) on loopback: a 300 MB upload keeps
the worker's memory flat, and kill -9 in the middle of an upload or of a
submission leaves no partial submission and no plaintext behind."""

from __future__ import annotations

import os
import re
import sqlite3
import time

import pytest

from rapporteur.testing.intake import VALID_ANSWERS
from rapporteur.testing.server import (
    PASSWORD,
    DeskServer,
    post_multipart,
    post_return,
    return_form,
)

MiB = 1024 * 1024
FIELDS = VALID_ANSWERS | {"narrative": "A large file follows."}
_CHECK = """
from rapporteur.intake import sealing
from rapporteur.vault.storage import intake_files
from rapporteur.intake.models import Attachment, Submission
from rapporteur.vault import sealing as vault_sealing
from rapporteur.vault.services import unlock_desk_keys
from rapporteur.accounts.models import User
keys = unlock_desk_keys(user=User.objects.get(username="officer"), passphrase={password!r})
for s in Submission.objects.all():
    vault_sealing.open_required(s, keys)
    for a in s.attachments.all():
        size = sum(len(c) for c in intake_files.decrypted_chunks(
            a.stored_name, version=a.desk_key.version, desk_keys=keys))
        print("file", a.pk, size)
    print("submission", s.pk, "ok")
"""


@pytest.fixture
def server(tmp_path):
    desk = DeskServer(tmp_path)
    desk.prepare()
    desk.start()
    yield desk
    desk.close()


def _submissions(server: DeskServer) -> int:
    with sqlite3.connect(server.database) as db:
        return db.execute("select count(*) from intake_submission").fetchone()[0]


def _ram_entries(server: DeskServer) -> list[str]:
    return sorted(os.listdir(server.ram))


def test_300_mb_upload_keeps_worker_memory_flat(server):
    # Warm the worker up (imports, first request) before taking the baseline.
    post_multipart(server, "/submit/", FIELDS, [("warm.bin", MiB, os.urandom(MiB))])
    (worker,) = server.worker_pids()
    with server.watching_memory(worker) as memory:
        status, body = post_multipart(
            server, "/submit/", FIELDS, [("big.bin", 300 * MiB, os.urandom(MiB))]
        )
    assert status == 200 and b'id="receipt"' in body
    print(
        f"worker RSS baseline {memory.baseline / 1024:.1f} MiB, growth {memory.growth_mib:.1f} MiB"
    )
    assert memory.growth_mib < 64
    assert _ram_entries(server) == []
    stored = [p for p in server.store.rglob("*") if p.is_file()]
    assert max(p.stat().st_size for p in stored) > 300 * MiB
    output = server.manage("shell", "-c", _CHECK.format(password=PASSWORD))
    assert f"file 2 {300 * MiB}" in output


def test_kill_mid_upload_and_mid_submission_leaves_nothing_partial(server):
    status, body = post_multipart(
        server, "/submit/", FIELDS, [("kept.bin", 2 * MiB, os.urandom(MiB))]
    )
    assert status == 200
    receipt = re.search(rb'id="receipt">([^<]+)<', body).group(1).decode()

    # 1. Mid-upload: part of a file is in the RAM work directory when the server dies.
    secret_block = b"PLAINTEXT-MARKER-" * 4096
    conn = post_multipart(
        server, "/submit/", FIELDS, [("half.bin", 64 * MiB, secret_block)], stop_after=8 * MiB
    )
    time.sleep(0.5)
    assert any(name.startswith("rapporteur-upload-") for name in _ram_entries(server))
    server.kill()
    conn.close()
    server.start()  # start-up sweeps abandoned work directories
    assert _ram_entries(server) == []
    assert _submissions(server) == 1

    # 2. Mid-submission: the whole body is sent and the server is killed while it
    # cleans, encrypts and records (before any answer).
    conn = post_multipart(
        server, "/submit/", FIELDS, [("whole.bin", 200 * MiB, secret_block)], answer=False
    )
    time.sleep(0.3)
    server.kill()
    conn.close()
    server.start()
    assert _ram_entries(server) == []
    count = _submissions(server)
    assert count in {1, 2}  # all of it, or nothing
    for path in server.store.rglob("*"):
        if path.is_file():
            assert b"PLAINTEXT-MARKER" not in path.read_bytes()[:1_000_000]
    output = server.manage("shell", "-c", _CHECK.format(password=PASSWORD))
    assert output.count(" ok") == count
    assert "file 1 2097152" in output

    # The completed one still opens from the source's side.
    status, _page = post_return(server, return_form(server), receipt)
    assert status == 302
    # Orphaned ciphertext from the killed submission goes at the next purge.
    server.manage("intake", "purge")


def test_kill_mid_write_into_the_database_leaves_no_partial_file(tmp_path):
    """With the database backend a file is one transaction: killed while its chunks
    are being written (they fill SQLite's write-ahead log), the server comes back
    with no file, no chunk and no submission of it."""
    desk = DeskServer(tmp_path)
    desk.env["RAPPORTEUR_FILE_STORAGE"] = "database"
    desk.prepare()
    desk.start()
    try:
        conn = post_multipart(
            desk, "/submit/", FIELDS, [("whole.bin", 200 * MiB, os.urandom(MiB))], answer=False
        )
        wal = desk.database.with_name(desk.database.name + "-wal")
        deadline = time.monotonic() + 60
        while not (wal.exists() and wal.stat().st_size > 50 * MiB):  # chunks, uncommitted
            assert time.monotonic() < deadline, "the write never began"
            time.sleep(0.02)
        desk.kill()
        conn.close()
        desk.start()
        with sqlite3.connect(desk.database) as db:
            files = db.execute("select count(*) from vault_storedfile").fetchone()[0]
            chunks = db.execute("select count(*) from vault_storedchunk").fetchone()[0]
        assert (files, chunks, _submissions(desk)) == (0, 0, 0)
    finally:
        desk.close()
