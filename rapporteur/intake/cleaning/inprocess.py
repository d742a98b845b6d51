"""The cleaning itself, in the calling process and without limits.

``clean_file`` (the package's door) runs ``clean_in_process`` in a child process
under the limits of ``isolation``; tests call it directly to measure a cleaner's own
memory. The format modules are imported when first needed, so that importing the
package stays cheap.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ._common import CannotClean, Unreadable
from .detect import detect_kind, name_mismatch

logger = logging.getLogger("rapporteur.intake.cleaning")

NOT_CLEANABLE_NOTE = "this file type cannot be cleaned; it is kept as sent"


@dataclass(frozen=True)
class CleanResult:
    kind: str  # "jpeg", "png", "webp", "tiff", "gif", "pdf", "docx", ... or "unknown"
    cleaned: bool  # False: cannot be cleaned; the file is kept as it is and flagged to staff
    removed: list[str] = field(hash=False)  # plain-English names of what was removed
    path: Path  # the cleaned file (the input path itself when cleaned is False)
    note: str = ""  # why not cleaned, when cleaned is False
    # A kind we clean whose file could not be read (damaged): nothing can be vouched for.
    unreadable: bool = False
    # What the name claims when the content is something else (see name_mismatch).
    claimed_kind: str | None = None


_SUFFIX = {
    "jpeg": ".jpg",
    "png": ".png",
    "webp": ".webp",
    "gif": ".gif",
    "tiff": ".tif",
    "pdf": ".pdf",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "pptx": ".pptx",
    "odt": ".odt",
    "ods": ".ods",
    "odp": ".odp",
    "odg": ".odg",
}


def cleaner_for(kind: str):
    # Imported lazily so that importing the API stays cheap.
    from . import images, office, pdf

    return {
        "jpeg": images.clean_jpeg,
        "png": images.clean_png,
        "webp": images.clean_webp,
        "gif": images.clean_gif,
        "tiff": images.clean_tiff,
        "pdf": pdf.clean_pdf,
        "docx": office.clean_ooxml,
        "xlsx": office.clean_ooxml,
        "pptx": office.clean_ooxml,
        "odt": office.clean_odf,
        "ods": office.clean_odf,
        "odp": office.clean_odf,
        "odg": office.clean_odf,
    }.get(kind)


def clean_in_process(*, path: Path, filename: str, workdir: Path) -> CleanResult:
    """The cleaning itself, in the calling process and without limits: for the child
    process of ``clean_file``, and for tests that measure a cleaner's own memory."""
    path = Path(path)
    workdir = Path(workdir)
    kind = detect_kind(path=path, filename=filename)
    claimed = name_mismatch(kind=kind, filename=filename)
    cleaner = cleaner_for(kind)
    if cleaner is None:
        note = "unknown file type; " if kind == "unknown" else ""
        return CleanResult(kind, False, [], path, note + NOT_CLEANABLE_NOTE, claimed_kind=claimed)

    out = workdir / f"cleaned-{secrets.token_hex(16)}{_SUFFIX[kind]}"
    try:
        # "xb": never overwrite, never follow a pre-planted name.
        with open(out, "xb"):
            pass
        removed = cleaner(path, out, workdir)
    except Unreadable as exc:
        _unlink(out)
        return CleanResult(kind, False, [], path, str(exc), True, claimed)
    except CannotClean as exc:
        _unlink(out)
        return CleanResult(kind, False, [], path, str(exc), claimed_kind=claimed)
    except MemoryError:
        _unlink(out)
        note = "file too large to clean in memory"
        return CleanResult(kind, False, [], path, note, claimed_kind=claimed)
    except Exception as exc:  # hostile input must never crash the intake
        _unlink(out)
        logger.info("metadata cleaning failed for a %s file: %s", kind, type(exc).__name__)
        note = f"damaged or unreadable {kind.upper()} file"
        return CleanResult(kind, False, [], path, note, True, claimed)
    return CleanResult(kind, True, _dedupe(removed), out, claimed_kind=claimed)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _unlink(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()
