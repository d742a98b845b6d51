#!/usr/bin/env python3
"""Check that the pins in pyproject.toml, requirements/constraints.txt and the hash-pinned
lock files (requirements/lock.txt, requirements/lock-dev.txt) agree.

The lock files are what installs (`pip install --require-hashes`); pyproject.toml and the
constraints are what people edit. A pin changed in one place and not regenerated into the
lock (`make lock`) would leave CI testing one thing and a server installing another, so
any disagreement fails `make test`. Offline and standard library only.

Usage: scripts/check-lock.py [--root DIR]   (exit 1 with one line per disagreement)
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;\\]+)")
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})\b")


def normalise(name: str) -> str:
    """PEP 503: `PyNaCl`, `pynacl` and `py_nacl` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Locked:
    version: str
    hashes: set[str] = field(default_factory=set)


def read_pins(lines: list[str], where: str, errors: list[str]) -> dict[str, str]:
    """`name==version` requirement lines (pyproject or constraints) as {name: version}."""
    pins: dict[str, str] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if match is None:
            errors.append(f"{where}: '{line}' is not pinned with ==")
            continue
        pins[normalise(match.group(1))] = match.group(3)
    return pins


def read_lock(path: Path, errors: list[str]) -> dict[str, Locked]:
    """A pip-compile lock: `name==version \\` followed by its `--hash=sha256:` lines."""
    entries: dict[str, Locked] = {}
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            # An option such as --index-url or --find-links would change where files come from.
            errors.append(f"{path.name}: option '{line[:60]}' (the lock holds pins only)")
            continue
        match = PIN.match(line)
        if match is None:
            errors.append(f"{path.name}: '{line[:60]}' is not pinned with ==")
            continue
        name = normalise(match.group(1))
        entries[name] = Locked(match.group(3), set(HASH.findall(line)))
        if not entries[name].hashes:
            errors.append(f"{path.name}: {name} has no sha256 hash")
    return entries


@dataclass
class Pins:
    runtime: dict[str, str]
    dev: dict[str, str]
    build: set[str]
    constraints: dict[str, str]
    lock: dict[str, Locked]
    lock_dev: dict[str, Locked]


def read_all(root: Path, errors: list[str]) -> Pins:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    constraints = (root / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    return Pins(
        runtime=read_pins(project["project"]["dependencies"], "pyproject dependencies", errors),
        dev=read_pins(extras["dev"], "pyproject dev extras", errors),
        build={
            normalise(match.group(1))
            for requirement in project["build-system"]["requires"]
            if (match := NAME.match(requirement))
        },
        constraints=read_pins(constraints.splitlines(), "constraints.txt", errors),
        lock=read_lock(root / "requirements" / "lock.txt", errors),
        lock_dev=read_lock(root / "requirements" / "lock-dev.txt", errors),
    )


def check_wanted(
    wanted: dict[str, str | None], lock_name: str, entries: dict[str, Locked]
) -> list[str]:
    """Every direct and build dependency is in the lock, at the version pyproject pins."""
    errors = []
    for name, version in wanted.items():
        if name not in entries:
            errors.append(f"{lock_name} lacks {name} (run make lock)")
        elif version is not None and entries[name].version != version:
            found = entries[name].version
            errors.append(f"{lock_name} has {name}=={found}, pyproject pins {version}")
    return errors


def check_locked(
    lock_name: str, entries: dict[str, Locked], constraints: dict[str, str]
) -> list[str]:
    """Every locked package, direct or transitive, is the version constraints.txt pins."""
    errors = []
    for name, locked in entries.items():
        pinned = constraints.get(name)
        if pinned is None:
            errors.append(f"{lock_name} has {name}=={locked.version}, constraints.txt has no pin")
        elif pinned != locked.version:
            errors.append(
                f"{lock_name} has {name}=={locked.version}, constraints.txt pins {pinned}"
            )
    return errors


def check(root: Path) -> list[str]:
    errors: list[str] = []
    pins = read_all(root, errors)
    for name, version in {**pins.runtime, **pins.dev}.items():
        if pins.constraints.get(name) != version:
            pinned = pins.constraints.get(name)
            errors.append(f"pyproject pins {name}=={version}, constraints.txt pins {pinned}")
    build: dict[str, str | None] = dict.fromkeys(pins.build)
    errors += check_wanted({**pins.runtime, **build}, "lock.txt", pins.lock)
    errors += check_wanted({**pins.runtime, **pins.dev, **build}, "lock-dev.txt", pins.lock_dev)
    errors += check_locked("lock.txt", pins.lock, pins.constraints)
    errors += check_locked("lock-dev.txt", pins.lock_dev, pins.constraints)
    for name, locked in pins.lock.items():
        if pins.lock_dev.get(name) != locked:
            errors.append(f"lock.txt and lock-dev.txt differ on {name}")
    for name, version in pins.constraints.items():
        if name not in pins.lock_dev:
            errors.append(f"constraints.txt pins {name}=={version}, which nothing installs")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    errors = check(parser.parse_args().root)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(
            "Change the pins, then run `make lock` to regenerate the lock files.", file=sys.stderr
        )
    else:
        print("pyproject.toml, constraints.txt and the lock files agree")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
