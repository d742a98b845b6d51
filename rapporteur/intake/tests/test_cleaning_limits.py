"""Hostile files fail themselves: every cleaner returns or refuses within a bounded
time and memory, and never raises. No Django; every file is built here.

``hypothesis`` is not installed, so the property test is a seeded random mutation of
valid sample files (flipped, deleted and repeated byte ranges) in plain pytest."""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from rapporteur.intake.cleaning import CleanResult, clean_file
from rapporteur.intake.cleaning.isolation import NOT_CLEANED_IN_LIMITS, Limits, clean_isolated
from rapporteur.intake.tests.test_cleaning import _docx, _gps_exif, _pdf_bytes, _picture

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TIME_BOUND = 20.0  # seconds; the regex cleaner took minutes on the files below


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    d = tmp_path / "work"
    d.mkdir()
    return d


def _timed_clean(path: Path, filename: str, workdir: Path, **kw) -> tuple[CleanResult, float]:
    start = time.monotonic()
    result = clean_file(path=path, filename=filename, workdir=workdir, **kw)
    return result, time.monotonic() - start


def _rsids_docx(*, closed_document: bool) -> bytes:
    """A DOCX whose settings part repeats ``<w:rsids>`` 40,000 times (about 400 KB)
    without a closing tag: inside an XML comment (well-formed) or bare (malformed).
    The old ``<w:rsids>.*?</w:rsids>`` rewrite scanned to the end from every one."""
    repeated = "<w:rsids>" * 40_000
    body = f"<!--{repeated}-->" if closed_document else repeated
    settings = f"<w:settings {W}>{body}<w:rsids><w:rsidRoot w:val='00A1'/></w:rsids></w:settings>"
    return _docx(extra={"word/settings.xml": settings.encode()})


@pytest.mark.parametrize("closed_document", [True, False])
def test_docx_repeating_unclosed_rsids_cleans_in_bounded_time(tmp_path, workdir, closed_document):
    src = tmp_path / "hostile.docx"
    src.write_bytes(_rsids_docx(closed_document=closed_document))

    result, seconds = _timed_clean(src, "hostile.docx", workdir)

    assert seconds < TIME_BOUND, seconds
    if closed_document:
        assert result.cleaned, result.note
        assert "editing session identifiers" in result.removed
        with zipfile.ZipFile(result.path) as zf:
            assert b"00A1" not in zf.read("word/settings.xml")
    else:  # not well-formed: treated like any damaged file
        assert not result.cleaned and result.unreadable and result.path == src


def test_multipage_tiff_over_the_pixel_budget_is_refused(tmp_path, workdir):
    """Three bilevel pages of 72 M pixels: a small file, 216 M pixels decoded. Pillow's
    per-frame limit lets each page through; the budget across pages does not."""
    page = Image.new("1", (12_000, 6_000))
    src = tmp_path / "pages.tif"
    page.save(src, format="TIFF", save_all=True, append_images=[page, page], compression="group4")
    assert src.stat().st_size < 1 << 20

    result, seconds = _timed_clean(src, "pages.tif", workdir)

    assert seconds < TIME_BOUND, seconds
    assert not result.cleaned and result.unreadable, result
    assert "too many pages or pixels" in result.note
    assert list(workdir.iterdir()) == []


# ------------------------------------------------------------------ isolation


def _hang(conn, *_args) -> None:
    while True:
        time.sleep(1)


def _allocate(conn, limits, *_args) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def _jpeg(tmp_path: Path) -> Path:
    buf = io.BytesIO()
    _picture().save(buf, "JPEG", exif=_gps_exif())
    src = tmp_path / "photo.jpg"
    src.write_bytes(buf.getvalue())
    return src


@pytest.mark.parametrize("target", [_hang, _allocate])
def test_cleaner_that_hangs_or_hoards_is_stopped_and_reported(tmp_path, workdir, target):
    src = _jpeg(tmp_path)
    limits = Limits(memory_bytes=512 << 20, wall_seconds=3.0)
    start = time.monotonic()

    result = clean_isolated(
        path=src, filename="photo.jpg", workdir=workdir, limits=limits, target=target
    )

    assert time.monotonic() - start < 10
    assert not result.cleaned and result.unreadable and result.path == src
    assert result.note == NOT_CLEANED_IN_LIMITS and result.kind == "jpeg"
    assert list(workdir.iterdir()) == []  # the child's private directory is gone


def test_real_cleaner_past_its_wall_time_is_stopped(tmp_path, workdir):
    src = tmp_path / "hostile.docx"
    src.write_bytes(_rsids_docx(closed_document=True))

    result, _ = _timed_clean(src, "hostile.docx", workdir, limits=Limits(wall_seconds=0.001))

    assert not result.cleaned and result.note == NOT_CLEANED_IN_LIMITS
    assert list(workdir.iterdir()) == []


# ------------------------------------------------------------------ mutation


def _samples() -> dict[str, bytes]:
    out = {}
    for fmt, name in (("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")):
        buf = io.BytesIO()
        _picture().save(buf, fmt)
        out[name] = buf.getvalue()
    buf = io.BytesIO()
    _picture().save(buf, "TIFF", save_all=True, append_images=[_picture()])
    out["a.tif"] = buf.getvalue()
    out["a.pdf"] = _pdf_bytes()
    out["a.docx"] = _docx()
    return out


def _mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(b))
        size = rng.randint(1, 64)
        how = rng.choice(("flip", "delete", "repeat", "zero"))
        if how == "flip":
            for i in range(at, min(at + size, len(b))):
                b[i] = rng.randrange(256)
        elif how == "delete":
            del b[at : at + size]
        elif how == "repeat":
            b[at:at] = b[at : at + size] * rng.randint(2, 200)
        else:
            b[at : at + size] = bytes(size)
        if not b:
            b = bytearray(b"\0")
    return bytes(b)


@pytest.mark.parametrize("name", sorted(_samples()))
def test_mutated_files_clean_or_refuse_within_bounds(tmp_path, workdir, name):
    sample = _samples()[name]
    rng = random.Random(f"rapporteur-{name}")
    limits = Limits(memory_bytes=768 << 20, cpu_seconds=10, wall_seconds=15.0)
    for round_ in range(12):
        src = tmp_path / f"{round_}-{name}"
        src.write_bytes(_mutate(sample, rng))
        result, seconds = _timed_clean(src, name, workdir, limits=limits)
        assert isinstance(result, CleanResult)
        assert seconds < TIME_BOUND, (round_, seconds)
        assert result.note != NOT_CLEANED_IN_LIMITS, round_
        left = set(workdir.iterdir())
        assert left == ({result.path} if result.cleaned else set()), left
        if result.cleaned:
            result.path.unlink()
