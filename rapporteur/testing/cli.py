"""The console command (``python -m rapporteur.cli``) run as an operator runs it: a
process of its own, its data directory and SQLite database under ``data_dir``, and
only the environment given here (never the test run's settings)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(data_dir: Path, *args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    """``rapporteur <args>`` with ``env_overrides`` added to the environment; the
    output is captured as text, and a run over two minutes fails the test."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "RAPPORTEUR_DATA_DIR": str(data_dir),
        "RAPPORTEUR_DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - our own console command, arguments from the test
        [sys.executable, "-m", "rapporteur.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
