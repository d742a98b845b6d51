"""The encrypted file store of every area: files go in as ciphertext under generated
names and come back whole; a write that fails leaves nothing; a name it would not
have generated is refused before any path is built."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from rapporteur.vault import crypto, storage
from rapporteur.vault.errors import CannotOpen
from rapporteur.vault.storage import BadName, EncryptedStore

CANARY = b"Canaryname Secretova, detained at the border"
DESK = crypto.generate_desk_keypair()
KEY = SimpleNamespace(version=1, public_key=DESK.public_key)  # what the store reads of a DeskKey
KEYS = {1: DESK.private_key}


@pytest.fixture(autouse=True)
def _stores(settings, tmp_path):
    settings.INTAKE_FILE_STORE = tmp_path / "intake"
    settings.CASES_FILE_STORE = tmp_path / "cases"
    settings.COMMUNICATIONS_FILE_STORE = tmp_path / "replies"


def _files(store: EncryptedStore) -> list:
    return sorted(p for p in store.root().rglob("*") if p.is_file())


def _plain() -> bytes:
    """Larger than three chunks, with the canary in the first and the last."""
    return CANARY + bytes(range(256)) * (3 * crypto.CHUNK_SIZE // 256) + CANARY


@pytest.mark.parametrize("store", storage.AREAS, ids=repr)
def test_a_file_goes_round_the_store_of_each_area(store, settings):
    data = _plain()
    pieces = [data[i : i + 10_000] for i in range(0, len(data), 10_000)]
    stored = store.store(chunks=pieces, desk_key=KEY)
    assert stored.size == len(data)
    path = store.path_for(stored.name)
    assert path.parent.parent == store.root().resolve()
    assert path.is_relative_to(getattr(settings, store.setting).resolve())
    chunks = list(store.decrypted_chunks(stored.name, version=1, desk_keys=KEYS))
    assert b"".join(chunks) == data
    assert max(len(c) for c in chunks) == crypto.CHUNK_SIZE  # streamed, never whole


@pytest.mark.parametrize("store", storage.AREAS, ids=repr)
def test_stored_bytes_are_ciphertext(store):
    stored = store.store(chunks=[_plain()], desk_key=KEY)
    for path in _files(store):
        raw = path.read_bytes()
        assert CANARY not in raw and CANARY.lower() not in raw
        assert CANARY.decode().encode("utf-16-le") not in raw
    assert _files(store) == [store.path_for(stored.name)]  # no part left behind


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


def test_a_crash_during_a_write_leaves_no_file_under_a_final_name():
    store = storage.reply_files

    def cut_short():  # type: ignore[no-untyped-def]
        yield CANARY * 10_000  # several chunks already written to the part
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        store.store(chunks=cut_short(), desk_key=KEY)
    assert _files(store) == []


def test_a_part_whose_writer_died_is_removed_in_every_area():
    for store in storage.AREAS:
        store.store(chunks=[b"kept"], desk_key=KEY)
        (store.root() / "incoming" / f"{'a' * 32}.part").write_bytes(b"abandoned")
    assert storage.remove_abandoned_parts() == len(storage.AREAS)
    for store in storage.AREAS:
        assert [p.parent.name == "incoming" for p in _files(store)] == [False]


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
    with pytest.raises(BadName):
        store.open_encrypted(name)
    with pytest.raises(BadName):
        store.decrypted_chunks(name, version=1, desk_keys=KEYS)
    store.delete(name)  # quietly nothing


def test_a_session_without_the_generation_cannot_open_a_file():
    stored = storage.case_files.store(chunks=[CANARY], desk_key=KEY)
    with pytest.raises(CannotOpen):
        storage.case_files.decrypted_chunks(stored.name, version=2, desk_keys=KEYS)


def test_a_missing_file_is_an_os_error_at_once():
    with pytest.raises(OSError):
        storage.case_files.decrypted_chunks("0" * 32, version=1, desk_keys=KEYS)


def test_a_cut_file_fails_at_its_end():
    stored = storage.case_files.store(chunks=[_plain()], desk_key=KEY)
    path = storage.case_files.path_for(stored.name)
    path.write_bytes(path.read_bytes()[: -crypto.CHUNK_SIZE // 2])
    with pytest.raises(crypto.DecryptionError):
        b"".join(storage.case_files.decrypted_chunks(stored.name, version=1, desk_keys=KEYS))


def test_sealed_bytes_are_moved_in_as_they_are():
    envelope = crypto.seal_text(plaintext=CANARY, recipient_public_keys=[DESK.public_key])
    name = storage.reply_files.store_sealed(envelope)
    with storage.reply_files.open_encrypted(name) as stored:
        assert crypto.open_text(envelope=stored.read(), private_key=DESK.private_key) == CANARY
    storage.reply_files.delete(name)
    assert _files(storage.reply_files) == []


def test_names_lists_every_stored_file_and_put_encrypted_brings_one_back(tmp_path, settings):
    store = storage.case_files
    first = store.store(chunks=[b"one"], desk_key=KEY).name
    second = store.store(chunks=[b"two"], desk_key=KEY).name
    assert sorted(store.names()) == sorted([first, second])
    with store.open_encrypted(first) as stored:
        ciphertext = stored.read()
    settings.CASES_FILE_STORE = tmp_path / "elsewhere"  # an empty store, as after a disaster
    assert list(store.names()) == []
    store.put_encrypted(first, [ciphertext[:10], ciphertext[10:]])
    assert list(store.names()) == [first]
    assert b"".join(store.decrypted_chunks(first, version=1, desk_keys=KEYS)) == b"one"
    with pytest.raises(FileExistsError):
        store.put_encrypted(first, [b"anything"])
    with pytest.raises(BadName):
        store.put_encrypted("../../etc/passwd", [b"anything"])
    assert list(store.names()) == [first]
