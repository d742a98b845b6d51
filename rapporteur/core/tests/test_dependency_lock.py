"""The hash-pinned lock files agree with pyproject.toml and requirements/constraints.txt,
and the check that says so (scripts/check-lock.py, run by `make test`) catches each way
they can drift apart."""

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "check-lock.py"


def load_checker():
    spec = importlib.util.spec_from_file_location("check_lock", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_lock"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


checker = load_checker()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the pin files to spoil."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    return tmp_path


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    path.write_text(changed, encoding="utf-8")


def pyproject(root: Path) -> Path:
    return root / "pyproject.toml"


def constraints(root: Path) -> Path:
    return root / "requirements" / "constraints.txt"


def lock(root: Path) -> Path:
    return root / "requirements" / "lock.txt"


def lock_dev(root: Path) -> Path:
    return root / "requirements" / "lock-dev.txt"


def bump_direct_pin_in_pyproject_only(root: Path) -> None:
    edit(pyproject(root), r'"pikepdf==[^"]+"', '"pikepdf==99.0.0"')


def bump_direct_pin_without_relocking(root: Path) -> None:
    edit(pyproject(root), r'"lxml==[^"]+"', '"lxml==99.0.0"')
    edit(constraints(root), r"^lxml==.*$", "lxml==99.0.0")


def bump_dev_pin_without_relocking(root: Path) -> None:
    edit(pyproject(root), r'"ruff==[^"]+"', '"ruff==99.0.0"')
    edit(constraints(root), r"^ruff==.*$", "ruff==99.0.0")


def bump_transitive_pin_without_relocking(root: Path) -> None:
    edit(constraints(root), r"^cffi==.*$", "cffi==99.0.0")


def strip_hashes_of_one_package(root: Path) -> None:
    edit(lock(root), r"^(asgiref==\S+) \\\n(?:\s+--hash=sha256:\w+(?: \\)?\n)+", r"\1\n")


def change_one_hash_in_the_dev_lock(root: Path) -> None:
    edit(lock_dev(root), r"(^django==\S+ \\\n\s+--hash=sha256:)\w{4}", r"\g<1>0000")


def add_a_pin_nothing_installs(root: Path) -> None:
    edit(constraints(root), r"\Z", "requests==2.0.0\n")


def add_a_package_constraints_do_not_pin(root: Path) -> None:
    entry = "six==1.16.0 \\\n    --hash=sha256:" + "a" * 64 + "\n"
    edit(lock(root), r"\Z", entry)


def redirect_the_index_from_the_lock(root: Path) -> None:
    edit(lock_dev(root), r"\A", "--extra-index-url https://example.org/simple\n")


def leave_a_direct_dependency_unpinned(root: Path) -> None:
    edit(pyproject(root), r'"qrcode==[^"]+"', '"qrcode>=8"')


def drop_the_build_backend_from_the_lock(root: Path) -> None:
    edit(pyproject(root), r'requires = \["setuptools>=69"\]', 'requires = ["flit_core>=3"]')


SPOILERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "pyproject and constraints differ": (bump_direct_pin_in_pyproject_only, "pikepdf"),
    "direct pin not relocked": (bump_direct_pin_without_relocking, "lock.txt has lxml"),
    "dev pin not relocked": (bump_dev_pin_without_relocking, "lock-dev.txt has ruff"),
    "transitive pin not relocked": (bump_transitive_pin_without_relocking, "cffi"),
    "package without hashes": (strip_hashes_of_one_package, "asgiref has no sha256"),
    "locks disagree on hashes": (change_one_hash_in_the_dev_lock, "differ on django"),
    "stale constraint": (add_a_pin_nothing_installs, "requests==2.0.0, which nothing"),
    "unconstrained locked package": (add_a_package_constraints_do_not_pin, "six"),
    "index option in a lock": (redirect_the_index_from_the_lock, "option '--extra-index-url"),
    "unpinned direct dependency": (leave_a_direct_dependency_unpinned, "qrcode>=8"),
    "build backend not locked": (drop_the_build_backend_from_the_lock, "lacks flit-core"),
}


def test_the_committed_pins_and_locks_agree():
    assert checker.check(ROOT) == []


def test_every_locked_package_carries_hashes_and_the_runtime_lock_is_inside_the_dev_lock():
    errors: list[str] = []
    runtime = checker.read_lock(lock(ROOT), errors)
    dev = checker.read_lock(lock_dev(ROOT), errors)
    assert errors == []
    assert {"django", "pynacl", "argon2-cffi", "setuptools"} <= runtime.keys()
    assert {"pytest", "pip-tools", "pip"} <= dev.keys() - runtime.keys()
    assert all(entry.hashes for entry in dev.values())


@pytest.mark.parametrize("spoil, expected", SPOILERS.values(), ids=SPOILERS.keys())
def test_each_kind_of_drift_is_reported(project, spoil, expected):
    assert checker.check(project) == []
    spoil(project)
    errors = checker.check(project)
    assert any(expected in error for error in errors), errors


def test_the_script_exits_non_zero_and_says_what_to_run(project):
    bump_transitive_pin_without_relocking(project)
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "cffi" in result.stderr
    assert "make lock" in result.stderr
