"""Build the upgrade fixture: a desk made by an earlier release's code and migrations,
which ``rapporteur/core/tests/test_upgrade.py`` migrates with the current code.

    .venv/bin/python scripts/upgrade-fixture.py REVISION

REVISION (a commit, tag or branch: the previous release) is checked out in a
temporary ``git worktree`` beside this one, run with the same ``.venv``: its
``rapporteur migrate`` makes a fresh SQLite desk, then the canary desk of
``rapporteur/testing/canaries.py`` (this tree's file, run against that revision's
code) fills it: staff, the desk key, a submission with an attachment, a case with a
document, a letter with a reply and its document, a recommendation. Written to
``rapporteur/core/tests/fixtures/upgrade/``: ``desk.sqlite3.gz`` (vacuumed),
``stores.tar.gz`` (the three encrypted file stores), ``counts.json`` (rows per model
as that release counted them) and ``README.md`` (the revision, the members and their
password).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"
FIXTURE = ROOT / "rapporteur" / "core" / "tests" / "fixtures" / "upgrade"
STORES = ("intake-files", "case-files", "reply-files")

_BUILD = """
import json, runpy, sys
import django
django.setup()
from django.test import override_settings
from rapporteur.accounts.permissions import Role
from rapporteur.testing.personas import make_staff
from rapporteur.testing.vault import initialise
from rapporteur.vault.crypto import FAST_PARAMS_FOR_TESTS

canaries = runpy.run_path(sys.argv[1])
fast = dict(
    VAULT_ARGON2_TIME_COST=FAST_PARAMS_FOR_TESTS.time_cost,
    VAULT_ARGON2_MEMORY_KIB=FAST_PARAMS_FOR_TESTS.memory_cost_kib,
    VAULT_ARGON2_PARALLELISM=FAST_PARAMS_FOR_TESTS.parallelism,
)
with override_settings(**fast):
    rapporteur = make_staff(Role.RAPPORTEUR, "rapporteur")
    officer = make_staff(Role.OFFICER, "officer")
    initialise(rapporteur, officer)
    ram = __import__("pathlib").Path(sys.argv[2])
    canaries["build_canary_desk"](officer=officer, rapporteur=rapporteur, ram_dir=ram)
print(json.dumps(canaries["model_counts"]()))
"""


def _run(tree: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [str(ROOT / ".venv" / "bin" / "python"), *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{args[:3]} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def main(revision: str) -> None:
    commit = subprocess.run(  # noqa: S603 - git, fixed arguments
        [GIT, "-C", str(ROOT), "rev-parse", revision],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="upgrade-fixture-") as work:
        tree, data = Path(work) / "tree", Path(work) / "data"
        subprocess.run(  # noqa: S603 - git, fixed arguments
            [GIT, "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True
        )
        try:
            (tree / ".venv").symlink_to(ROOT / ".venv")
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "RAPPORTEUR_MODE": "dev",
                "RAPPORTEUR_DATA_DIR": str(data),
                "RAPPORTEUR_DATABASE_URL": f"sqlite:///{data / 'desk.sqlite3'}",
                "RAPPORTEUR_INTAKE_RAM_DIR": str(Path(work) / "ram"),
                "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
            }
            (Path(work) / "ram").mkdir()
            _run(tree, env, "-m", "rapporteur.cli", "migrate", "-v0")
            counts = _run(
                tree,
                env,
                "-c",
                _BUILD,
                str(ROOT / "rapporteur/testing/canaries.py"),
                str(Path(work) / "ram"),
            )
            _write(data, json.loads(counts.strip().splitlines()[-1]), commit)
        finally:
            subprocess.run(  # noqa: S603 - git, fixed arguments
                [GIT, "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
            )


def _write(data: Path, counts: dict[str, int], commit: str) -> None:
    FIXTURE.mkdir(parents=True, exist_ok=True)
    database = sqlite3.connect(data / "desk.sqlite3")
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.execute("PRAGMA journal_mode=DELETE")
    database.execute("VACUUM")
    database.close()
    with (
        open(data / "desk.sqlite3", "rb") as plain,
        gzip.GzipFile(FIXTURE / "desk.sqlite3.gz", "wb", mtime=0) as packed,
    ):
        shutil.copyfileobj(plain, packed)
    with tarfile.open(FIXTURE / "stores.tar.gz", "w:gz") as tar:
        for store in STORES:
            if (data / store).exists():
                tar.add(data / store, arcname=store, filter=_without_parts)
    (FIXTURE / "counts.json").write_text(json.dumps(counts, indent=1, sort_keys=True) + "\n")
    (FIXTURE / "README.md").write_text(README.format(commit=commit))


def _without_parts(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    if "/incoming" in member.name or member.name.endswith(".part"):
        return None
    member.uid = member.gid = 0
    member.uname = member.gname = ""
    member.mtime = 0
    return member


README = """# Upgrade fixture

A desk made by the code and migrations of commit `{commit}` (the previous release), by
`scripts/upgrade-fixture.py {commit}`. `test_upgrade.py` copies it, runs `rapporteur
migrate` with the current code and checks every object is still there and opens.

- `desk.sqlite3.gz`: the SQLite database (gzip).
- `stores.tar.gz`: the encrypted file stores (`intake-files/`, `case-files/`,
  `reply-files/`), as under the data directory.
- `counts.json`: rows per model, as that release counted them.

Members: `rapporteur` and `officer`, both holding the desk key; password (sign-in and
desk key) `correct horse battery staple` (test-only, `rapporteur/testing/personas.py`).
The objects carry the canary strings of `rapporteur/testing/canaries.py`.
Refresh at each release: see "Upgrades" in `docs/operations.md`.
"""


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
