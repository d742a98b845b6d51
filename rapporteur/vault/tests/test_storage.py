"""The encrypted file store of every area, on both backends (a folder per area, and
chunks in the database): files go in as ciphertext under generated names and come
back whole; a write that fails leaves nothing; a name it would not have generated is
refused before any path or query is built from it."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rapporteur.vault import crypto, storage
from rapporteur.vault.errors import CannotOpen
from rapporteur.vault.models import StoredChunk, StoredFile
from rapporteur.vault.storage import BadName, EncryptedStore

pytestmark = pytest.mark.django_db

CANARY = b"Canaryname Secretova, detained at the border"
DESK = crypto.generate_desk_keypair()
KEY = SimpleNamespace(version=1, public_key=DESK.public_key)  # what the store reads of a DeskKey
KEYS = {1: DESK.private_key}
HOURS = 3600
PIECE = crypto.CHUNK_SIZE
# A behaviour of the database backend alone (the fixture's other value left out).
DATABASE_ONLY = pytest.mark.parametrize("backend", ["database"], indirect=True)


@pytest.fixture(autouse=True, params=["folder", "database"])
def backend(request, settings, tmp_path):
    settings.INTAKE_FILE_STORE = tmp_path / "intake"
    settings.CASES_FILE_STORE = tmp_path / "cases"
    settings.COMMUNICATIONS_FILE_STORE = tmp_path / "replies"
    settings.FILE_STORAGE = request.param
    return request.param


def _kept(store: EncryptedStore) -> dict[str, bytes]:
    """Everything the backend holds for the area, parts and incomplete files
    included: {folder path or database name: raw bytes}."""
    files = sorted(p for p in store.root().rglob("*") if p.is_file())
    kept = {str(p.relative_to(store.root())): p.read_bytes() for p in files}
    for file in StoredFile.objects.filter(area=store.area):
        chunks = file.chunks.order_by("index").values_list("data", flat=True)
        kept[f"{file.name}{'' if file.complete else ' (incomplete)'}"] = b"".join(
            bytes(c) for c in chunks
        )
    return kept


def _kept_names(store: EncryptedStore) -> list[str]:
    return [key.rsplit("/", 1)[-1] for key in _kept(store)]


def _plain() -> bytes:
    """Larger than three chunks, with the canary in the first and the last."""
    return CANARY + bytes(range(256)) * (3 * crypto.CHUNK_SIZE // 256) + CANARY


def _age(store: EncryptedStore, name: str, *, hours: int, backend: str) -> None:
    """Make a stored file look written ``hours`` ago."""
    if backend == "folder":
        then = time.time() - hours * HOURS
        os.utime(store.path_for(name), (then, then))
    else:
        earlier = timezone.now() - timedelta(hours=hours)
        StoredFile.objects.filter(area=store.area, name=name).update(written_at=earlier)


@pytest.mark.parametrize("store", storage.AREAS, ids=repr)
def test_a_file_goes_round_the_store_of_each_area(store):
    data = _plain()
    pieces = [data[i : i + 10_000] for i in range(0, len(data), 10_000)]
    stored = store.store(chunks=pieces, desk_key=KEY)
    assert stored.size == len(data)
    assert _kept_names(store) == [stored.name]
    chunks = list(store.decrypted_chunks(stored.name, version=1, desk_keys=KEYS))
    assert b"".join(chunks) == data
    assert max(len(c) for c in chunks) == crypto.CHUNK_SIZE  # streamed, never whole


def test_the_folder_backend_keeps_a_file_under_its_area_folder(backend, settings):
    store = storage.case_files
    stored = store.store(chunks=[CANARY], desk_key=KEY)
    path = store.path_for(stored.name)
    assert path.parent.parent == store.root().resolve()
    assert path.is_relative_to(settings.CASES_FILE_STORE.resolve())
    assert path.is_file() is (backend == "folder")
    assert StoredFile.objects.exists() is (backend == "database")


@pytest.mark.parametrize("store", storage.AREAS, ids=repr)
def test_stored_bytes_are_ciphertext(store):
    stored = store.store(chunks=[_plain()], desk_key=KEY)
    kept = _kept(store)
    for raw in kept.values():
        assert CANARY not in raw and CANARY.lower() not in raw
        assert CANARY.decode().encode("utf-16-le") not in raw
    assert _kept_names(store) == [stored.name]  # no part left behind


@DATABASE_ONLY
def test_the_database_keeps_a_file_in_chunks_of_64_kib(backend):
    stored = storage.case_files.store(chunks=[_plain()], desk_key=KEY)
    file = StoredFile.objects.get(name=stored.name)
    sizes = list(file.chunks.order_by("index").values_list("data", flat=True))
    assert len(sizes) == 4 and {len(s) for s in sizes[:-1]} == {crypto.CHUNK_SIZE}
    assert file.complete and file.size == sum(len(s) for s in sizes)
    assert file.written_at.minute == file.written_at.second == 0  # the hour only


def test_a_file_is_read_from_an_open_file_in_chunks(tmp_path):
    source = tmp_path / "plain.bin"
    source.write_bytes(_plain())
    with open(source, "rb") as plain:
        stored = storage.case_files.store(chunks=storage.file_chunks(plain), desk_key=KEY)
    assert stored.size == len(_plain())
    with storage.case_files.open_encrypted(stored.name) as encrypted:
        assert (
            b"".join(
                crypto.iter_decrypted_chunks(fileobj_in=encrypted, private_key=DESK.private_key)
            )
            == _plain()
        )


@DATABASE_ONLY
def test_reading_fetches_one_chunk_at_a_time(backend):
    stored = storage.case_files.store(chunks=[_plain()], desk_key=KEY)
    with storage.case_files.open_encrypted(stored.name) as encrypted:
        whole = encrypted.read()
    with storage.case_files.open_encrypted(stored.name) as encrypted:
        first = encrypted.read(100)
        # Rows not fetched yet are read when asked for: gone now, they fail then.
        StoredChunk.objects.filter(file__name=stored.name, index__gte=2).delete()
        second = encrypted.read(crypto.CHUNK_SIZE)
        with pytest.raises(OSError):
            encrypted.read()
    assert first + second == whole[: 100 + crypto.CHUNK_SIZE]


def test_a_crash_during_a_write_leaves_no_file_under_a_final_name():
    store = storage.reply_files

    def cut_short():  # type: ignore[no-untyped-def]
        yield CANARY * 10_000  # several chunks already written to the part
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        store.store(chunks=cut_short(), desk_key=KEY)
    assert _kept(store) == {}


@DATABASE_ONLY
def test_a_write_inside_a_transaction_that_rolls_back_leaves_nothing(backend):
    with pytest.raises(RuntimeError), transaction.atomic():
        storage.case_files.store(chunks=[_plain()], desk_key=KEY)
        raise RuntimeError("the record that would name it failed")
    assert _kept(storage.case_files) == {}


def test_a_part_whose_writer_died_is_removed_in_every_area(backend):
    for store in storage.AREAS:
        store.store(chunks=[b"kept"], desk_key=KEY)
        if backend == "folder":
            (store.root() / "incoming" / f"{'a' * 32}.part").write_bytes(b"abandoned")
        else:  # what no transaction commits, as if it had
            file = StoredFile.objects.create(
                area=store.area, name="a" * 32, written_at=timezone.now()
            )
            StoredChunk.objects.create(file=file, index=0, data=b"abandoned")
    assert storage.remove_abandoned_parts() == len(storage.AREAS)
    for store in storage.AREAS:
        assert len(_kept(store)) == 1 and "a" * 32 not in _kept_names(store)
        assert list(store.names()) != ["a" * 32]


@pytest.mark.parametrize(
    "name",
    [
        "",
        "../../etc/passwd",
        "ab/" + "c" * 29,
        "A" * 32,
        "a" * 31,
        "a" * 33,
        "g" * 32,
        "a" * 31 + "\n",
    ],
)
def test_a_name_the_store_would_not_generate_is_refused(name):
    store = storage.intake_files
    with pytest.raises(BadName):
        store.path_for(name)
    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(BadName):
            store.open_encrypted(name)
        with pytest.raises(BadName):
            store.decrypted_chunks(name, version=1, desk_keys=KEYS)
        with pytest.raises(BadName):
            store.put_encrypted(name, [b"anything"])
        store.delete(name)  # quietly nothing
    assert len(queries) == 0
    assert _kept(store) == {}


def test_a_session_without_the_generation_cannot_open_a_file():
    stored = storage.case_files.store(chunks=[CANARY], desk_key=KEY)
    with pytest.raises(CannotOpen):
        storage.case_files.decrypted_chunks(stored.name, version=2, desk_keys=KEYS)


def test_a_missing_file_is_an_os_error_at_once():
    with pytest.raises(OSError):
        storage.case_files.decrypted_chunks("0" * 32, version=1, desk_keys=KEYS)


def test_a_cut_file_fails_at_its_end(backend):
    stored = storage.case_files.store(chunks=[_plain()], desk_key=KEY)
    if backend == "folder":
        path = storage.case_files.path_for(stored.name)
        path.write_bytes(path.read_bytes()[: -crypto.CHUNK_SIZE // 2])
    else:
        file = StoredFile.objects.get(name=stored.name)
        file.chunks.filter(index=3).delete()
        file.size = 3 * crypto.CHUNK_SIZE  # the rows the reader then expects
        file.save()
    with pytest.raises(crypto.DecryptionError):
        b"".join(storage.case_files.decrypted_chunks(stored.name, version=1, desk_keys=KEYS))


@DATABASE_ONLY
def test_a_file_deleted_while_it_is_read_fails_the_stream(backend):
    stored = storage.case_files.store(chunks=[_plain()], desk_key=KEY)
    chunks = storage.case_files.decrypted_chunks(stored.name, version=1, desk_keys=KEYS)
    next(chunks)
    storage.case_files.delete(stored.name)
    with pytest.raises(OSError):
        list(chunks)


def test_sealed_bytes_are_moved_in_as_they_are():
    envelope = crypto.seal_text(plaintext=CANARY, recipient_public_keys=[DESK.public_key])
    name = storage.reply_files.store_sealed(envelope)
    with storage.reply_files.open_encrypted(name) as stored:
        assert crypto.open_text(envelope=stored.read(), private_key=DESK.private_key) == CANARY
    storage.reply_files.delete(name)
    assert _kept(storage.reply_files) == {}


def test_deleting_a_file_reads_none_of_its_chunks(backend):
    stored = storage.case_files.store(chunks=[_plain()], desk_key=KEY)
    with CaptureQueriesContext(connection) as queries:
        storage.case_files.delete(stored.name)
    assert not any('"data"' in q["sql"] and "SELECT" in q["sql"] for q in queries)
    assert _kept(storage.case_files) == {}
    storage.case_files.delete(stored.name)  # already gone: no error


def test_names_lists_every_stored_file_and_put_encrypted_brings_one_back(
    backend, tmp_path, settings
):
    store = storage.case_files
    first = store.store(chunks=[b"one"], desk_key=KEY).name
    second = store.store(chunks=[b"two"], desk_key=KEY).name
    storage.intake_files.store(chunks=[b"another area"], desk_key=KEY)
    assert list(store.names()) == sorted([first, second])
    with store.open_encrypted(first) as stored:
        ciphertext = stored.read()
    # An empty store, as after a disaster
    if backend == "folder":
        settings.CASES_FILE_STORE = tmp_path / "elsewhere"
    else:
        StoredFile.objects.filter(area=store.area).delete()
    assert list(store.names()) == []
    store.put_encrypted(first, [ciphertext[:10], ciphertext[10:]])
    assert list(store.names()) == [first]
    assert b"".join(store.decrypted_chunks(first, version=1, desk_keys=KEYS)) == b"one"
    with pytest.raises(FileExistsError):
        store.put_encrypted(first, [b"anything"])
    with pytest.raises(BadName):
        store.put_encrypted("../../etc/passwd", [b"anything"])
    assert list(store.names()) == [first]
    assert b"".join(store.decrypted_chunks(first, version=1, desk_keys=KEYS)) == b"one"


def test_the_sweep_removes_old_files_no_record_names_and_keeps_the_rest(backend):
    store = storage.intake_files
    named_old = store.store(chunks=[b"named"], desk_key=KEY).name
    unnamed_old = store.store(chunks=[b"orphan"], desk_key=KEY).name
    unnamed_new = store.store(chunks=[b"being committed"], desk_key=KEY).name
    other_area = storage.case_files.store(chunks=[b"a case document"], desk_key=KEY).name
    for name in (named_old, unnamed_old):
        _age(store, name, hours=3, backend=backend)
    _age(storage.case_files, other_area, hours=3, backend=backend)
    assert store.sweep(known_names={named_old}) == 1
    assert sorted(store.names()) == sorted([named_old, unnamed_new])
    assert list(storage.case_files.names()) == [other_area]  # another area is not swept


@DATABASE_ONLY
@pytest.mark.parametrize("sizes", [[1], [PIECE], [3 * PIECE + 5], [7, PIECE, 2 * PIECE - 3, 1]])
def test_ciphertext_in_any_pieces_is_kept_in_rows_of_64_kib(backend, sizes):
    ciphertext = os.urandom(sum(sizes))
    pieces, start = [], 0
    for size in sizes:
        pieces.append(ciphertext[start : start + size])
        start += size
    storage.case_files.put_encrypted("b" * 32, pieces)
    rows = list(StoredChunk.objects.order_by("index").values_list("data", flat=True))
    assert b"".join(bytes(r) for r in rows) == ciphertext
    assert {len(r) for r in rows[:-1]} <= {PIECE} and 0 < len(rows[-1]) <= PIECE
    with storage.case_files.open_encrypted("b" * 32) as stored:
        assert stored.read() == ciphertext
