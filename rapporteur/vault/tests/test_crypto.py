"""Tests for rapporteur.vault.crypto (pure Python, no Django)."""

from __future__ import annotations

import io
import math

import pytest

from rapporteur.vault import crypto as c

FAST = c.FAST_PARAMS_FOR_TESTS


@pytest.fixture(scope="module")
def desk():
    return c.generate_desk_keypair()


@pytest.fixture(scope="module")
def other():
    return c.generate_desk_keypair()


@pytest.fixture
def compare_digest_calls(monkeypatch):
    """The argument pairs ``hmac.compare_digest`` is called with, as it keeps working."""
    calls = []
    real = c.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(c.hmac, "compare_digest", spy)
    return calls


def _encrypt_file(data: bytes, pubs: list[bytes], piece: int = 10_000) -> bytes:
    out = io.BytesIO()
    chunks = (data[i : i + piece] for i in range(0, len(data), piece))
    c.encrypt_chunks_to_file(chunks=chunks, fileobj_out=out, recipient_public_keys=pubs)
    return out.getvalue()


def _decrypt_file(blob: bytes, sk: bytes) -> bytes:
    out = io.BytesIO()
    c.decrypt_stream(fileobj_in=io.BytesIO(blob), fileobj_out=out, private_key=sk)
    return out.getvalue()


# ------------------------------------------------------------ text envelopes
def test_keypair_repr_hides_private_key(desk):
    assert desk.private_key.hex() not in repr(desk)
    assert "hidden" in repr(desk) and "hidden" in str(desk)
    assert len(desk.public_key) == len(desk.private_key) == 32
    assert c.public_key_from_private(private_key=desk.private_key) == desk.public_key


def test_text_roundtrip_str_and_bytes(desk):
    env = c.seal_text(plaintext="témoignage ✓", recipient_public_keys=[desk.public_key])
    assert env[0] == c.FORMAT_VERSION and env[1:2] == c.KIND_TEXT
    assert c.open_text(envelope=env, private_key=desk.private_key) == "témoignage ✓".encode()
    env = c.seal_text(plaintext=b"\x00\xff", recipient_public_keys=[desk.public_key])
    assert c.open_text(envelope=env, private_key=desk.private_key) == b"\x00\xff"


def test_text_empty_plaintext(desk):
    env = c.seal_text(plaintext=b"", recipient_public_keys=[desk.public_key])
    assert c.open_text(envelope=env, private_key=desk.private_key) == b""


def test_multi_recipient_each_opens_stranger_cannot(desk, other):
    stranger = c.generate_desk_keypair()
    env = c.seal_text(plaintext="reply", recipient_public_keys=[desk.public_key, other.public_key])
    for kp in (desk, other):
        assert c.open_text(envelope=env, private_key=kp.private_key) == b"reply"
    with pytest.raises(c.NotARecipient):
        c.open_text(envelope=env, private_key=stranger.private_key)


def test_fresh_data_key_each_time(desk):
    a = c.seal_text(plaintext="x", recipient_public_keys=[desk.public_key])
    b = c.seal_text(plaintext="x", recipient_public_keys=[desk.public_key])
    assert a != b


@pytest.mark.parametrize("where", ["ciphertext", "commitment", "slot", "count", "version", "kind"])
def test_tampered_text_envelope_raises(desk, where):
    env = bytearray(c.seal_text(plaintext="secret", recipient_public_keys=[desk.public_key]))
    pos = {
        "ciphertext": -1,
        "commitment": 5,
        "slot": 3 + 32 + 10,
        "count": 2,
        "version": 0,
        "kind": 1,
    }[where]
    env[pos] ^= 0x01
    with pytest.raises(c.CryptoError):
        c.open_text(envelope=bytes(env), private_key=desk.private_key)


def test_tampered_ciphertext_is_tampered_data(desk):
    env = bytearray(c.seal_text(plaintext="secret", recipient_public_keys=[desk.public_key]))
    env[-5] ^= 0x80
    with pytest.raises(c.TamperedData):
        c.open_text(envelope=bytes(env), private_key=desk.private_key)


def test_recipient_stripping_detected(desk, other):
    # Removing one recipient's slot (and fixing the count) breaks the AAD.
    env = c.seal_text(plaintext="x", recipient_public_keys=[desk.public_key, other.public_key])
    stripped = env[:2] + b"\x01" + env[3 : 3 + 32 + 80] + env[3 + 32 + 160 :]
    with pytest.raises(c.TamperedData):
        c.open_text(envelope=stripped, private_key=desk.private_key)


def test_key_commitment_checked_with_constant_time_compare(desk, compare_digest_calls):
    env = c.seal_text(plaintext="x", recipient_public_keys=[desk.public_key])
    c.open_text(envelope=env, private_key=desk.private_key)
    assert compare_digest_calls


def test_wrong_kind_rejected(desk):
    blob = c.wrap_desk_key_for_staff(
        desk_private_key=desk.private_key, staff_public_key=desk.public_key
    )
    with pytest.raises(c.UnsupportedFormat):
        c.open_text(envelope=blob, private_key=desk.private_key)
    with pytest.raises(c.UnsupportedFormat):
        c.open_text(envelope=b"", private_key=desk.private_key)


def test_recipient_limits(desk):
    with pytest.raises(ValueError):
        c.seal_text(plaintext="x", recipient_public_keys=[])
    with pytest.raises(ValueError):
        c.seal_text(plaintext="x", recipient_public_keys=[b"short"])
    with pytest.raises(ValueError):
        c.seal_text(plaintext="x", recipient_public_keys=[desk.public_key] * (c.MAX_RECIPIENTS + 1))


# ------------------------------------------------------------------ streams
@pytest.mark.parametrize(
    "size", [0, 1, c.CHUNK_SIZE - 1, c.CHUNK_SIZE, c.CHUNK_SIZE + 1, 3 * c.CHUNK_SIZE]
)
def test_stream_roundtrip_boundaries(desk, size):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    assert _decrypt_file(_encrypt_file(data, [desk.public_key]), desk.private_key) == data


def test_stream_5mb_in_64k_chunks(desk, other):
    data = c.nacl.utils.random(5 * 1024 * 1024)
    blob = _encrypt_file(data, [desk.public_key, other.public_key], piece=c.CHUNK_SIZE)
    chunks = list(
        c.iter_decrypted_chunks(fileobj_in=io.BytesIO(blob), private_key=other.private_key)
    )
    assert all(len(ch) <= c.CHUNK_SIZE for ch in chunks)
    assert len(chunks) == 80 and b"".join(chunks) == data
    assert _decrypt_file(blob, desk.private_key) == data


def test_stream_encryptor_buffers_to_fixed_chunks(desk):
    enc = c.StreamEncryptor(recipient_public_keys=[desk.public_key])
    head = enc.header()
    assert enc.update(b"a" * 100) == b""  # buffered, nothing emitted yet
    body = enc.update(b"b" * c.CHUNK_SIZE)
    assert len(body) == c.ENCRYPTED_CHUNK_SIZE
    tail = enc.finish()
    assert _decrypt_file(head + body + tail, desk.private_key) == b"a" * 100 + b"b" * c.CHUNK_SIZE
    assert "state hidden" in repr(enc)


def test_stream_encryptor_misuse(desk):
    enc = c.StreamEncryptor(recipient_public_keys=[desk.public_key])
    with pytest.raises(c.CryptoError):
        enc.update(b"x")  # header() not taken yet
    enc.header()
    enc.finish()
    with pytest.raises(c.CryptoError):
        enc.update(b"x")
    with pytest.raises(c.CryptoError):
        enc.finish()


def _layout(blob: bytes):
    head = c._preamble_len(blob[2]) + 24
    body = blob[head:]
    n = c.ENCRYPTED_CHUNK_SIZE
    return blob[:head], [body[i : i + n] for i in range(0, len(body), n)]


def test_stream_truncated_final_chunk_dropped(desk):
    blob = _encrypt_file(b"z" * (3 * c.CHUNK_SIZE + 10), [desk.public_key])
    head, chunks = _layout(blob)
    assert len(chunks) == 4
    with pytest.raises(c.TruncatedStream):
        _decrypt_file(head + b"".join(chunks[:-1]), desk.private_key)


def test_stream_exact_multiple_truncated(desk):
    # Exact multiple of CHUNK_SIZE: the final chunk is an empty TAG_FINAL one.
    blob = _encrypt_file(b"z" * (2 * c.CHUNK_SIZE), [desk.public_key])
    head, chunks = _layout(blob)
    assert len(chunks[-1]) == 17
    with pytest.raises(c.TruncatedStream):
        _decrypt_file(head + b"".join(chunks[:-1]), desk.private_key)


def test_stream_truncated_mid_chunk_and_header(desk):
    blob = _encrypt_file(b"z" * 1000, [desk.public_key])
    with pytest.raises(c.DecryptionError):
        _decrypt_file(blob[:-3], desk.private_key)
    with pytest.raises(c.TruncatedStream):
        _decrypt_file(blob[:40], desk.private_key)


def test_stream_reordered_chunks(desk):
    blob = _encrypt_file(bytes(range(256)) * 1024, [desk.public_key])  # 4 full chunks + final
    head, chunks = _layout(blob)
    chunks[1], chunks[2] = chunks[2], chunks[1]
    with pytest.raises(c.TamperedData):
        _decrypt_file(head + b"".join(chunks), desk.private_key)


def test_stream_tampered_chunk_header_and_trailing(desk):
    blob = _encrypt_file(b"q" * 5000, [desk.public_key])
    for pos in (-1, 3 + 1, len(blob) - 17 - 100, c._preamble_len(1) + 2):
        bad = bytearray(blob)
        bad[pos] ^= 0x04
        with pytest.raises(c.DecryptionError):
            _decrypt_file(bytes(bad), desk.private_key)
    with pytest.raises(c.TamperedData):
        _decrypt_file(blob + b"extra", desk.private_key)


def test_stream_stranger_and_text_cannot_mix(desk):
    blob = _encrypt_file(b"x", [desk.public_key])
    with pytest.raises(c.NotARecipient):
        _decrypt_file(blob, c.generate_desk_keypair().private_key)
    env = c.seal_text(plaintext="x", recipient_public_keys=[desk.public_key])
    with pytest.raises(c.UnsupportedFormat):
        _decrypt_file(env, desk.private_key)


def test_short_reads_are_handled(desk):
    class Trickle(io.RawIOBase):
        def __init__(self, data):
            self._b = io.BytesIO(data)

        def readable(self):
            return True

        def read(self, n=-1):
            return self._b.read(min(n, 777) if n and n > 0 else n)

    data = b"t" * (2 * c.CHUNK_SIZE + 5)
    out = io.BytesIO()
    c.decrypt_stream(
        fileobj_in=Trickle(_encrypt_file(data, [desk.public_key])),
        fileobj_out=out,
        private_key=desk.private_key,
    )
    assert out.getvalue() == data


# -------------------------------------------------------------- staff keys
def test_passphrase_wrap_roundtrip_and_params_recorded():
    staff = c.generate_staff_keypair()
    blob = c.wrap_private_key_with_passphrase(
        private_key=staff.private_key, passphrase="correct horse", params=FAST
    )
    assert c.wrapped_key_params(wrapped=blob) == FAST
    assert (
        c.unwrap_private_key_with_passphrase(wrapped=blob, passphrase="correct horse")
        == staff.private_key
    )


def test_default_argon2_parameters():
    assert c.Argon2Params(time_cost=3, memory_cost_kib=65536, parallelism=1) == c.DEFAULT_ARGON2


def test_wrong_passphrase():
    staff = c.generate_staff_keypair()
    blob = c.wrap_private_key_with_passphrase(
        private_key=staff.private_key, passphrase="a", params=FAST
    )
    with pytest.raises(c.WrongPassphrase, match="wrong passphrase"):
        c.unwrap_private_key_with_passphrase(wrapped=blob, passphrase="b")


def test_tampered_params_or_salt_fail_as_wrong_passphrase():
    staff = c.generate_staff_keypair()
    blob = c.wrap_private_key_with_passphrase(
        private_key=staff.private_key, passphrase="p", params=FAST
    )
    for pos in (5, 8, c._PW_HEADER.size - 1, len(blob) - 1):  # t_cost, m_cost, salt, box
        bad = bytearray(blob)
        bad[pos] ^= 0x02  # keeps costs in range: 1 -> 3 passes, 8 -> 520 KiB
        with pytest.raises(c.WrongPassphrase):
            c.unwrap_private_key_with_passphrase(wrapped=bytes(bad), passphrase="p")


def test_absurd_params_in_blob_rejected_before_hashing():
    staff = c.generate_staff_keypair()
    blob = bytearray(
        c.wrap_private_key_with_passphrase(
            private_key=staff.private_key, passphrase="p", params=FAST
        )
    )
    blob[6:10] = (2**31).to_bytes(4, "big")  # 2 TiB memory cost
    with pytest.raises(c.UnsupportedFormat):
        c.unwrap_private_key_with_passphrase(wrapped=bytes(blob), passphrase="p")


def test_passphrase_unicode_normalised():
    staff = c.generate_staff_keypair()
    blob = c.wrap_private_key_with_passphrase(
        private_key=staff.private_key, passphrase="caf\u00e9", params=FAST
    )
    assert (
        c.unwrap_private_key_with_passphrase(wrapped=blob, passphrase="cafe\u0301")
        == staff.private_key
    )
    with pytest.raises(ValueError):
        c.wrap_private_key_with_passphrase(
            private_key=staff.private_key, passphrase="", params=FAST
        )


def test_passphrase_change_keeps_same_private_key():
    staff = c.generate_staff_keypair()
    old = c.wrap_private_key_with_passphrase(
        private_key=staff.private_key, passphrase="old", params=FAST
    )
    new = c.rewrap_with_new_passphrase(
        wrapped=old, old_passphrase="old", new_passphrase="new", params=FAST
    )
    assert new != old
    assert c.unwrap_private_key_with_passphrase(wrapped=new, passphrase="new") == staff.private_key
    with pytest.raises(c.WrongPassphrase):
        c.unwrap_private_key_with_passphrase(wrapped=new, passphrase="old")
    with pytest.raises(c.WrongPassphrase):
        c.rewrap_with_new_passphrase(
            wrapped=old, old_passphrase="nope", new_passphrase="x", params=FAST
        )


def test_desk_key_wrapped_to_staff(desk):
    alice, bob = c.generate_staff_keypair(), c.generate_staff_keypair()
    w = c.wrap_desk_key_for_staff(
        desk_private_key=desk.private_key, staff_public_key=alice.public_key
    )
    assert c.unwrap_desk_key(wrapped=w, staff_private_key=alice.private_key) == desk.private_key
    with pytest.raises(c.NotARecipient):
        c.unwrap_desk_key(wrapped=w, staff_private_key=bob.private_key)


def test_full_staff_chain(desk):
    # passphrase -> staff key -> desk key -> content
    staff = c.generate_staff_keypair()
    stored = c.wrap_private_key_with_passphrase(
        private_key=staff.private_key, passphrase="pw", params=FAST
    )
    wrapped_desk = c.wrap_desk_key_for_staff(
        desk_private_key=desk.private_key, staff_public_key=staff.public_key
    )
    env = c.seal_text(plaintext="case 42", recipient_public_keys=[desk.public_key])
    staff_sk = c.unwrap_private_key_with_passphrase(wrapped=stored, passphrase="pw")
    desk_sk = c.unwrap_desk_key(wrapped=wrapped_desk, staff_private_key=staff_sk)
    assert c.open_text(envelope=env, private_key=desk_sk) == b"case 42"


# ----------------------------------------------------------------- sessions
def test_session_custody(desk):
    stored, cookie_key = c.seal_for_session(secret=desk.private_key)
    assert desk.private_key not in stored and len(cookie_key) == 32
    assert c.open_from_session(ciphertext=stored, session_key=cookie_key) == desk.private_key
    with pytest.raises(c.InvalidSessionKey):
        c.open_from_session(ciphertext=stored, session_key=bytes(32))
    _, other_key = c.seal_for_session(secret=desk.private_key)
    with pytest.raises(c.InvalidSessionKey):
        c.open_from_session(ciphertext=stored, session_key=other_key)


# ---------------------------------------------------------------- codenames
def test_codename_entropy_at_least_80_bits():
    assert len(c.CODENAME_WORDLIST) == len(set(c.CODENAME_WORDLIST)) == 1024
    assert c.CODENAME_ENTROPY_BITS >= 80
    name = c.generate_codename()
    assert len(name.split()) == c.CODENAME_WORDS
    assert c.CODENAME_WORDS * math.log2(len(set(c.CODENAME_WORDLIST))) >= 80
    assert all(w in c.CODENAME_WORDLIST for w in name.split())
    with pytest.raises(ValueError):
        c.generate_codename(words=7)
    assert len(c.generate_codename(words=10).split()) == 10


def test_codenames_are_random():
    assert len({c.generate_codename() for _ in range(200)}) == 200


def test_codename_lookup_hash_normalisation():
    pepper = bytes(range(32))
    name = c.generate_codename()
    h = c.codename_lookup_hash(codename=name, pepper=pepper)
    messy = "  " + "   ".join(w.upper() for w in name.split()) + "\t\n"
    assert c.codename_lookup_hash(codename=messy, pepper=pepper) == h
    assert len(h) == 64
    assert c.codename_lookup_hash(codename=name, pepper=bytes(32)) != h  # keyed
    assert c.verify_codename_lookup_hash(codename=messy, pepper=pepper, expected=h)
    assert not c.verify_codename_lookup_hash(
        codename=c.generate_codename(), pepper=pepper, expected=h
    )


def test_verify_uses_constant_time_compare(compare_digest_calls):
    c.verify_codename_lookup_hash(codename="a b", pepper=bytes(16), expected="00")
    assert compare_digest_calls


def test_derive_source_keypair_deterministic_and_replies(desk):
    name, salt = c.generate_codename(), c.new_salt()
    src = c.derive_source_keypair(codename=name, salt=salt, params=FAST)
    again = c.derive_source_keypair(codename=name.upper() + " ", salt=salt, params=FAST)
    assert src == again and "hidden" in repr(src)
    assert c.derive_source_keypair(codename=name, salt=c.new_salt(), params=FAST) != src
    reply = c.seal_text(
        plaintext="we received it", recipient_public_keys=[desk.public_key, src.public_key]
    )
    assert c.open_text(envelope=reply, private_key=again.private_key) == b"we received it"
    assert c.open_text(envelope=reply, private_key=desk.private_key) == b"we received it"
    guess = c.derive_source_keypair(codename=c.generate_codename(), salt=salt, params=FAST)
    with pytest.raises(c.NotARecipient):
        c.open_text(envelope=reply, private_key=guess.private_key)


# -------------------------------------------------------------- blind index
def test_blind_index_tokens():
    key = bytes(range(32))
    toks = c.blind_index_tokens(terms=["torture", "detention", "torture"], index_key=key)
    assert len(toks) == 3 and toks[0] == toks[2] != toks[1]
    assert all(len(t) == 32 and int(t, 16) >= 0 for t in toks)  # 16 bytes hex
    assert c.blind_index_tokens(terms=["torture"], index_key=bytes(32)) != toks[:1]
    # Domain separation: a token never equals the codename hash of the same string.
    assert c.codename_lookup_hash(codename="torture", pepper=key)[:32] != toks[0]
    with pytest.raises(ValueError):
        c.blind_index_tokens(terms=["x"], index_key=b"short")


def test_large_single_update_and_type_guards(desk):
    data = b"L" * (40 * c.CHUNK_SIZE + 3)
    enc = c.StreamEncryptor(recipient_public_keys=[desk.public_key])
    blob = enc.header() + enc.update(memoryview(data)) + enc.finish()
    assert _decrypt_file(blob, desk.private_key) == data
    with pytest.raises(TypeError):
        c.seal_text(plaintext=5, recipient_public_keys=[desk.public_key])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        c.seal_for_session(secret=32)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        c.derive_source_keypair(codename="   ", salt=c.new_salt(), params=FAST)


def test_production_argon2_params_work_once():
    # One real-cost run (~0.1-0.3 s) so the shipped constants are exercised.
    staff = c.generate_staff_keypair()
    blob = c.wrap_private_key_with_passphrase(private_key=staff.private_key, passphrase="pw")
    assert c.wrapped_key_params(wrapped=blob) == c.DEFAULT_ARGON2
    assert c.unwrap_private_key_with_passphrase(wrapped=blob, passphrase="pw") == staff.private_key


# ------------------------------------------------------------ batch envelopes
def _preamble(blob: bytes) -> int:
    return 3 + c.COMMIT_BYTES + blob[2] * c.SEALED_KEY_BYTES


def test_batch_roundtrip_and_one_sealed_key_per_batch(desk):
    sealer = c.BatchSealer(recipient_public_keys=[desk.public_key])
    blobs = [sealer.seal("témoignage ✓"), sealer.seal(b"\x00\xff"), sealer.seal(b"")]
    assert all(b[0] == c.FORMAT_VERSION and b[1:2] == c.KIND_BATCH_TEXT for b in blobs)
    opened = [c.open_batch_text(envelope=b, private_key=desk.private_key) for b in blobs]
    assert opened == ["témoignage ✓".encode(), b"\x00\xff", b""]
    # One key, sealed once: the preamble is shared; each record has its own nonce.
    assert len({b[: _preamble(b)] for b in blobs}) == 1
    n = _preamble(blobs[0])
    assert len({b[n : n + 24] for b in blobs}) == 3
    assert sealer.seal("x") != sealer.seal("x")
    assert "hidden" in repr(sealer)


def test_batches_have_distinct_keys(desk):
    a = c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("x")
    b = c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("x")
    assert a[: _preamble(a)] != b[: _preamble(b)]


def test_batch_wrong_key_is_not_a_recipient(desk, other):
    blob = c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("secret")
    with pytest.raises(c.NotARecipient):
        c.open_batch_text(envelope=blob, private_key=other.private_key)


@pytest.mark.parametrize("where", ["ciphertext", "nonce", "commitment", "slot", "count", "kind"])
def test_tampered_batch_blob_raises(desk, where):
    blob = bytearray(c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("secret"))
    n = _preamble(bytes(blob))
    pos = {"ciphertext": -1, "nonce": n + 3, "commitment": 5, "slot": 3 + 32 + 10,
           "count": 2, "kind": 1}[where]  # fmt: skip
    blob[pos] ^= 0x01
    with pytest.raises(c.CryptoError):
        c.open_batch_text(envelope=bytes(blob), private_key=desk.private_key)


def test_mixing_blobs_across_batches_fails(desk):
    first = c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("first batch")
    second = c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("second batch")
    n = _preamble(first)
    # A record's nonce and ciphertext on another batch's (valid) preamble.
    with pytest.raises(c.TamperedData):
        c.open_batch_text(envelope=second[:n] + first[n:], private_key=desk.private_key)
    # One batch's commitment with another batch's sealed key.
    spliced = first[: 3 + c.COMMIT_BYTES] + second[3 + c.COMMIT_BYTES :]
    with pytest.raises(c.TamperedData):
        c.open_batch_text(envelope=spliced, private_key=desk.private_key)


def test_batch_and_single_envelopes_are_distinct_kinds(desk):
    single = c.seal_text(plaintext="old", recipient_public_keys=[desk.public_key])
    batch = c.BatchSealer(recipient_public_keys=[desk.public_key]).seal("new")
    with pytest.raises(c.UnsupportedFormat):
        c.open_text(envelope=batch, private_key=desk.private_key)
    with pytest.raises(c.UnsupportedFormat):
        c.open_batch_text(envelope=single, private_key=desk.private_key)
    # Readers of records accept both: old single envelopes stay readable.
    assert c.open_text_or_batch(envelope=single, private_key=desk.private_key) == b"old"
    assert c.open_text_or_batch(envelope=batch, private_key=desk.private_key) == b"new"
    with pytest.raises(c.UnsupportedFormat):
        c.open_text_or_batch(envelope=b"\x01S" + bytes(200), private_key=desk.private_key)


def test_batch_is_bounded(desk, monkeypatch):
    sealer = c.BatchSealer(recipient_public_keys=[desk.public_key])
    monkeypatch.setattr(sealer, "MAX_BATCH_RECORDS", 2)
    sealer.seal("a")
    sealer.seal("b")
    with pytest.raises(c.CryptoError):
        sealer.seal("c")


# ------------------------------------------------------- second-factor secrets
def test_factor_key_opens_only_with_its_password():
    key = c.new_factor_key()
    blob = c.wrap_factor_key(factor_key=key, password="the password", params=FAST)
    assert key not in blob and len(key) == c.KEY_BYTES
    assert c.unwrap_factor_key(wrapped=blob, password="the password") == key
    for wrong in ("the Password", "the password ", "x"):
        with pytest.raises(c.WrongPassphrase):
            c.unwrap_factor_key(wrapped=blob, password=wrong)


def test_factor_key_rewrap_keeps_the_key_under_the_new_password_only():
    key = c.new_factor_key()
    old = c.wrap_factor_key(factor_key=key, password="old", params=FAST)
    new = c.rewrap_factor_key(wrapped=old, old_password="old", new_password="new", params=FAST)
    assert c.unwrap_factor_key(wrapped=new, password="new") == key
    with pytest.raises(c.WrongPassphrase):
        c.unwrap_factor_key(wrapped=new, password="old")
    with pytest.raises(c.WrongPassphrase):
        c.rewrap_factor_key(wrapped=old, old_password="wrong", new_password="new", params=FAST)


def test_a_factor_key_blob_and_a_staff_key_blob_are_not_interchangeable():
    secret = c.new_factor_key()
    factor_blob = c.wrap_factor_key(factor_key=secret, password="p", params=FAST)
    staff_blob = c.wrap_private_key_with_passphrase(private_key=secret, passphrase="p", params=FAST)
    with pytest.raises(c.UnsupportedFormat):
        c.unwrap_private_key_with_passphrase(wrapped=factor_blob, passphrase="p")
    with pytest.raises(c.UnsupportedFormat):
        c.unwrap_factor_key(wrapped=staff_blob, password="p")


@pytest.mark.parametrize("length", [10, 20, 32, 40, 64])
def test_totp_secret_opens_only_with_its_factor_key(length):
    key, other_key = c.new_factor_key(), c.new_factor_key()
    secret = bytes(range(1, length + 1))
    sealed = c.seal_totp_secret(secret=secret, factor_key=key)
    assert secret not in sealed
    assert c.open_totp_secret(sealed=sealed, factor_key=key) == secret
    with pytest.raises(c.DecryptionError):
        c.open_totp_secret(sealed=sealed, factor_key=other_key)
    for pos in (2, len(sealed) // 2, len(sealed) - 1):
        bad = bytearray(sealed)
        bad[pos] ^= 0x01
        with pytest.raises(c.DecryptionError):
            c.open_totp_secret(sealed=bytes(bad), factor_key=key)


def test_sealing_the_same_secret_twice_gives_different_blobs():
    key = c.new_factor_key()
    secret = c.new_totp_secret()
    assert c.seal_totp_secret(secret=secret, factor_key=key) != c.seal_totp_secret(
        secret=secret, factor_key=key
    )


def test_other_blobs_are_refused_as_totp_secrets():
    key = c.new_factor_key()
    for blob in (
        c.seal_for_session(secret=b"x" * 20)[0],
        c.wrap_factor_key(factor_key=key, password="p", params=FAST),
        b"",
        b"\x01O",
    ):
        with pytest.raises(c.UnsupportedFormat):
            c.open_totp_secret(sealed=blob, factor_key=key)


def test_recovery_code_digest_depends_on_code_and_salt_only():
    salt, other_salt = (c.new_recovery_code_salt(params=FAST) for _ in range(2))
    digest = c.recovery_code_digest(code="abcdefghjkmnpqrs", salt=salt)
    assert len(digest) == 32
    assert digest == c.recovery_code_digest(code="abcdefghjkmnpqrs", salt=salt)
    assert digest != c.recovery_code_digest(code="abcdefghjkmnpqrt", salt=salt)
    assert digest != c.recovery_code_digest(code="abcdefghjkmnpqrs", salt=other_salt)
    assert b"abcdefghjkmnpqrs" not in salt + digest


def test_recovery_code_salt_refuses_absurd_costs_and_other_blobs():
    salt = bytearray(c.new_recovery_code_salt(params=FAST))
    salt[6:10] = (2**31).to_bytes(4, "big")
    with pytest.raises(c.UnsupportedFormat):
        c.recovery_code_digest(code="abc", salt=bytes(salt))
    staff_blob = c.wrap_private_key_with_passphrase(
        private_key=c.new_factor_key(), passphrase="p", params=FAST
    )
    with pytest.raises(c.UnsupportedFormat):
        c.recovery_code_digest(code="abc", salt=staff_blob)
