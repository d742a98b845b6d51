"""A fresh data folder, made by a command run from a permissive shell (umask 022),
ends up 0700 and everything in it 0600/0700: the SQLite database, the secret key
file, the stores and their files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


def _run(data: Path, *args: str) -> None:
    env = {
        **os.environ,
        "RAPPORTEUR_MODE": "dev",
        "RAPPORTEUR_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
    }
    env.pop("RAPPORTEUR_DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); "
            "from rapporteur.cli import main; main(['rapporteur', *sys.argv[1:]])",
            *args,
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        timeout=300,
    )


def test_command_on_fresh_data_dir_leaves_nothing_readable_by_others(tmp_path):
    data = tmp_path / "data"
    _run(data, "migrate", "-v", "0")
    _run(data, "intake", "purge")
    assert (data / "rapporteur.sqlite3").exists()
    assert (data / "secret-key").exists()
    paths = [data, *data.rglob("*")]
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path, oct(mode))


def test_existing_world_readable_data_dir_is_tightened(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    _run(data, "check")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
