"""Start-up checks: the upload work directory must be in RAM, the memory limit on
the text of a post must hold every public form filled to its own limits, and the
file store should have the free space the public forms need to take files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core import checks
from django.core.checks import CheckMessage

from rapporteur.intake import diskspace
from rapporteur.intake.forms import FollowUpForm, MeetingRequestForm, ReceiptForm, SubmissionForm

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
def ram_dir_is_in_memory(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
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


# One character takes up to 4 bytes of UTF-8, and a URL-encoded byte up to 3 ("%D0").
WORST_BYTES_PER_CHARACTER = 12
FIELD_OVERHEAD = 256  # its name, a multipart boundary and headers
FORM_OVERHEAD = 8 * 1024  # CSRF and one-time tokens, the attempt ticket


def worst_case_post_bytes(form_class: type[forms.Form]) -> int:
    """The largest body of text fields a post within the form's own limits can have."""
    total = FORM_OVERHEAD
    for field in form_class.base_fields.values():
        longest = getattr(field, "max_length", None)
        if longest is None:  # a choice: its longest value; a file: not counted here
            choices = getattr(field, "choices", None) or []
            longest = max((len(str(value)) for value, _label in choices), default=0)
        total += FIELD_OVERHEAD + longest * WORST_BYTES_PER_CHARACTER
    return total


@checks.register()
def upload_limit_fits_public_forms(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:

    needed = max(
        worst_case_post_bytes(form)
        for form in (SubmissionForm, MeetingRequestForm, ReceiptForm, FollowUpForm)
    )
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and limit < needed:
        return [
            checks.Error(
                f"RAPPORTEUR_DATA_UPLOAD_MAX_MEMORY_SIZE ({limit}) is below what the public "
                f"forms accept ({needed} bytes at most): a source would lose answers.",
                hint=f"Set it to at least {needed}.",
                id="intake.E003",
            )
        ]
    return []


@checks.register()
def file_store_has_room(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:

    try:
        low = diskspace.is_low()
    except OSError:
        return []  # no store yet and no parent to measure: E001's kind of problem
    if not low:
        return []
    limit = settings.INTAKE_MIN_FREE_BYTES // (1024 * 1024)
    return [
        checks.Warning(
            f"The file store ({settings.INTAKE_FILE_STORE}) has {diskspace.free_mb()} MB "
            f"free, below RAPPORTEUR_INTAKE_MIN_FREE_MB ({limit}): the public forms refuse "
            "files (HTTP 507) until space is freed.",
            hint="Free space or enlarge the disk; see docs/operations.md.",
            id="intake.W004",
        )
    ]
