"""Start-up checks: the upload work directory must be in RAM."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks

_RAM_FILESYSTEMS = {"tmpfs", "ramfs"}


def filesystem_of(path: Path) -> str:
    """The type of the file system holding ``path``, from /proc/mounts."""
    best, kind = "", ""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        inside = len(parts) >= 3 and (resolved + "/").startswith(parts[1].rstrip("/") + "/")
        if inside and len(parts[1]) >= len(best):
            best, kind = parts[1], parts[2]
    return kind


@checks.register()
def ram_dir_is_in_memory(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    path = Path(settings.INTAKE_RAM_DIR)
    if not path.is_dir():
        return [
            checks.Error(
                f"RAPPORTEUR_INTAKE_RAM_DIR ({path}) does not exist.",
                hint="Point it at a tmpfs directory such as /dev/shm.",
                id="intake.E001",
            )
        ]
    if filesystem_of(path) not in _RAM_FILESYSTEMS:
        level = checks.Error if settings.PRODUCTION else checks.Warning
        return [
            level(
                f"RAPPORTEUR_INTAKE_RAM_DIR ({path}) is not on a RAM file system: uploads "
                "would reach persistent disk in clear before encryption.",
                hint="Point it at a tmpfs directory such as /dev/shm.",
                id="intake.E002",
            )
        ]
    return []
