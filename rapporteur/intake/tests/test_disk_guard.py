"""The file store keeps its free space: files are refused (507) when the store has,
or would have after the upload, less than ``INTAKE_MIN_FREE_MB`` free; checked
before a byte of a file is kept (the declared length), while it streams (the bytes
received) and before it is written (the service). Text alone is taken down to a
lower floor. Nothing partial is kept anywhere. The free-space function is patched:
no disk is filled."""

from __future__ import annotations

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.db import OperationalError
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from rapporteur.intake import diskspace, uploads
from rapporteur.intake.checks import file_store_has_room
from rapporteur.intake.models import Message, Submission
from rapporteur.testing.intake import receipt_in, return_with, submit
from rapporteur.testing.personas import sign_in
from rapporteur.vault import crypto
from rapporteur.vault.models import StoredFile
from rapporteur.vault.storage import database

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
NO_ROOM_FOR_FILES = "so it cannot receive files. Nothing was saved."
NO_ROOM_AT_ALL = "cannot receive anything. Nothing was saved."


class FreeSpace:
    """What ``diskspace.free_bytes`` answers: ``bytes``, or each of ``sequence`` in turn."""

    def __init__(self) -> None:
        self.bytes = 10_000 * MB
        self.sequence: list[int] = []
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.sequence.pop(0) if self.sequence else self.bytes


@pytest.fixture
def free(monkeypatch, settings, desk):  # type: ignore[no-untyped-def]
    settings.INTAKE_MIN_FREE_BYTES = 100 * MB
    settings.INTAKE_MIN_FREE_TEXT_BYTES = 10 * MB
    space = FreeSpace()
    monkeypatch.setattr(diskspace, "free_bytes", space)
    return space


def _file(size: int, name: str = "evidence.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x00" * size)


def _nothing_kept(settings) -> None:  # type: ignore[no-untyped-def]
    """No submission, no ciphertext, no part, nothing left in RAM."""
    assert not Submission.objects.exists()
    store = [p for p in settings.INTAKE_FILE_STORE.rglob("*") if p.is_file()]
    ram = list(settings.INTAKE_RAM_DIR.iterdir())
    assert store == [] and ram == [], (store, ram)


@pytest.mark.parametrize(
    "free_mb, file_mb",
    [
        (50, 1),  # already below the threshold
        (100.5, 1),  # above it, but not after this upload
    ],
)
def test_files_are_refused_when_the_store_is_short_and_nothing_is_kept(
    free, settings, free_mb, file_mb
):
    free.bytes = int(free_mb * MB)
    response = submit(Client(), files=[_file(int(file_mb * MB))], narrative="Kept narrative.")
    page = response.content.decode()
    assert response.status_code == 507
    assert NO_ROOM_FOR_FILES in page and "Kept narrative." in page
    _nothing_kept(settings)


def test_text_alone_is_taken_down_to_a_lower_floor(free, settings):
    free.bytes = 50 * MB  # no room for files, room for text
    assert receipt_in(submit(Client()))
    Submission.objects.all().delete()
    free.bytes = 5 * MB  # below the hard floor: nothing at all
    for url_name in ("intake:submit", "intake:meeting"):
        response = submit(Client(), url_name=url_name)
        assert response.status_code == 507 and NO_ROOM_AT_ALL in response.content.decode()
    _nothing_kept(settings)


def test_the_declared_length_is_checked_before_a_byte_of_a_file_is_kept(
    free, settings, monkeypatch
):
    opened: list[object] = []

    class CountingWorkdir(uploads.RamWorkdir):
        def __init__(self) -> None:
            super().__init__()
            opened.append(self)

    monkeypatch.setattr(uploads, "RamWorkdir", CountingWorkdir)
    free.bytes = 101 * MB  # 1 MB of room above the threshold; 2 MB declared
    response = submit(Client(), files=[_file(2 * MB)])
    assert response.status_code == 507
    assert opened == []  # refused from the request's length, before any file was written
    _nothing_kept(settings)


def test_room_taken_while_streaming_is_caught(free, settings):
    """Several uploads at once each pass the first check alone: the bytes received
    are checked again against the space left as each chunk arrives."""
    free.sequence = [10_000 * MB]  # the check of the declared length passes...
    free.bytes = 100 * MB  # ...then other uploads take the room
    response = submit(Client(), files=[_file(3 * MB)])
    assert response.status_code == 507 and NO_ROOM_FOR_FILES in response.content.decode()
    assert free.calls >= 2
    _nothing_kept(settings)


def test_a_body_longer_than_it_declared_is_caught_while_streaming(free, settings):
    """The first check trusts the declared length; a client whose body runs past it
    (a server that passes such bodies on) is stopped at the first chunk beyond it."""
    request = HttpRequest()
    handler = uploads.RamUploadHandler(request)
    handler.handle_raw_input(None, {}, 1000, b"boundary")
    handler.new_file("attachments", "a.bin", "application/octet-stream", None)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"\x00" * handler.chunk_size, 0)
    assert uploads.state_for(request).error == "no_space"
    uploads.state_for(request).close()
    _nothing_kept(settings)


def test_a_disk_that_fills_while_writing_keeps_no_part(free, settings, monkeypatch):
    real = crypto.iter_encrypted_chunks
    calls = []

    def fills_up(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        if len(calls) == 1:
            yield from real(**kwargs)
            return
        yield b"\x00" * 4096
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(crypto, "iter_encrypted_chunks", fills_up)
    response = submit(Client(), files=[_file(1000, "one.bin"), _file(1000, "two.bin")])
    assert response.status_code == 507 and NO_ROOM_FOR_FILES in response.content.decode()
    assert len(calls) == 2  # the first file was written, then removed again
    _nothing_kept(settings)


def test_a_follow_up_with_files_is_refused_the_same(free, settings):
    receipt = receipt_in(submit(Client()))
    source = Client()
    return_with(source, receipt)
    free.bytes = 50 * MB
    response = source.post(
        reverse("intake:conversation"), {"text": "More.", "attachments": [_file(1000)]}
    )
    assert response.status_code == 507 and NO_ROOM_FOR_FILES in response.content.decode()
    assert not Message.objects.exists()
    assert [p for p in settings.INTAKE_FILE_STORE.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    "language, words",
    [
        ("ru", "не хватает места"),
        ("tg", "ҷой намерасад"),
    ],
)
def test_the_refusal_is_in_the_source_language(free, settings, language, words):
    free.bytes = 50 * MB
    client = Client()
    client.cookies["django_language"] = language
    response = submit(client, files=[_file(1000)])
    page = response.content.decode()
    assert response.status_code == 507 and words in page
    assert NO_ROOM_FOR_FILES not in page
    _nothing_kept(settings)


def test_staff_and_the_start_up_check_are_warned(free, officer, administrator, analyst):
    dashboard = reverse("core:dashboard")
    assert file_store_has_room(None) == []
    assert "Storage is low" not in sign_in(Client(), officer).get(dashboard).content.decode()
    free.bytes = 50 * MB
    assert [w.id for w in file_store_has_room(None)] == ["intake.W004"]
    for user in (officer, administrator):
        page = sign_in(Client(), user).get(dashboard).content.decode()
        assert "Storage is low: 50 MB free" in page
    # An analyst can do nothing about it, and the figure is not theirs to see.
    assert "Storage is low" not in sign_in(Client(), analyst).get(dashboard).content.decode()


def test_the_database_backend_is_not_measured(free, settings, officer):
    """Its files are on the database server's disk, which the desk cannot see: a full
    folder refuses nothing and warns no one."""
    settings.FILE_STORAGE = "database"
    free.bytes = 0
    response = submit(Client(), files=[_file(1000)])
    assert receipt_in(response)
    assert StoredFile.objects.filter(area="intake", complete=True).count() == 1
    assert file_store_has_room(None) == []
    page = sign_in(Client(), officer).get(reverse("core:dashboard")).content.decode()
    assert "Storage is low" not in page
    assert free.calls == 0


def test_a_database_that_fills_while_writing_is_answered_as_a_full_disk(
    free, settings, monkeypatch
):
    settings.FILE_STORAGE = "database"

    def fills_up(rows):  # type: ignore[no-untyped-def]
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(database, "_insert_chunks", fills_up)
    response = submit(Client(), files=[_file(1000)], narrative="Kept narrative.")
    assert response.status_code == 507 and NO_ROOM_FOR_FILES in response.content.decode()
    assert not Submission.objects.exists() and not StoredFile.objects.exists()
