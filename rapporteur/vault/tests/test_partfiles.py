"""A part file is removed as soon as its writer is gone (kill -9 included), never
while a live process writes it."""

from __future__ import annotations

import signal
import subprocess
import sys

from rapporteur.vault import partfiles

WRITER = """
import sys, time
from pathlib import Path
from rapporteur.vault import partfiles
with partfiles.writing(Path(sys.argv[1])) as target:
    target.write(b"ciphertext")
    target.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_a_killed_writers_part_is_removed_at_once_and_a_live_ones_kept(tmp_path):
    part = tmp_path / "abc.part"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(part)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "writing"
        assert partfiles.remove_abandoned(tmp_path) == 0
        assert part.exists()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout.close()
    assert partfiles.remove_abandoned(tmp_path) == 1
    assert not part.exists()


def test_an_unlocked_part_of_any_age_is_removed(tmp_path):
    (tmp_path / "fresh.part").write_bytes(b"x")
    (tmp_path / "kept.bin").write_bytes(b"x")
    assert partfiles.remove_abandoned(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["kept.bin"]


def test_start_up_removes_parts_left_in_both_stores(tmp_path):
    """A fresh process (as a restarted server worker) removes abandoned parts."""
    intake, cases = tmp_path / "intake" / "incoming", tmp_path / "cases" / "incoming"
    for folder in (intake, cases):
        folder.mkdir(parents=True)
        (folder / "left.part").write_bytes(b"ciphertext")
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
            "RAPPORTEUR_MODE": "dev",
            "RAPPORTEUR_DATA_DIR": str(tmp_path),
            "RAPPORTEUR_INTAKE_FILE_STORE": str(tmp_path / "intake"),
            "RAPPORTEUR_CASES_FILE_STORE": str(tmp_path / "cases"),
            "RAPPORTEUR_INTAKE_RAM_DIR": str(tmp_path),
        },
        check=True,
        timeout=60,
    )
    assert list(intake.iterdir()) == [] and list(cases.iterdir()) == []
