"""Known answers: blobs written by the format-1 code must keep opening.

``data/format_v1.json`` and ``data/stream_v1.bin`` were produced once, with fixed
keys, by ``rapporteur.vault.crypto`` as it stood before it became a package; they
are never regenerated. A change that alters any byte layout (envelopes, batch
records, streams, passphrase wrapping, staff wrapping, factor secrets, session
custody) or any derivation (recovery-code digests, codename lookup hashes, reply
keys, blind-index tokens) fails here, so data already stored stays readable.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rapporteur.vault import crypto as c

_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def kat() -> dict:
    return json.loads((_DATA / "format_v1.json").read_text(encoding="utf-8"))


def _hex(kat: dict, name: str) -> bytes:
    return bytes.fromhex(kat[name])


def test_text_envelope_opens_for_each_recipient(kat):
    envelope = _hex(kat, "text_envelope")
    expected = kat["text_plaintext"].encode("utf-8")
    for key in ("desk_private_key", "source_private_key"):
        assert c.open_text(envelope=envelope, private_key=_hex(kat, key)) == expected
        assert c.open_text_or_batch(envelope=envelope, private_key=_hex(kat, key)) == expected
    with pytest.raises(c.NotARecipient):
        c.open_text(envelope=envelope, private_key=_hex(kat, "staff_private_key"))


def test_batch_records_open(kat):
    desk = _hex(kat, "desk_private_key")
    blobs = [bytes.fromhex(b) for b in kat["batch_envelopes"]]
    for blob, plain in zip(blobs, kat["batch_plaintexts"], strict=True):
        assert c.open_batch_text(envelope=blob, private_key=desk) == plain.encode("utf-8")
        assert c.open_text_or_batch(envelope=blob, private_key=desk) == plain.encode("utf-8")


def test_stream_opens(kat):
    plain = bytes(i % 251 for i in range(kat["stream_plaintext_length"]))
    blob = (_DATA / "stream_v1.bin").read_bytes()
    for key in ("desk_private_key", "source_private_key"):
        chunks = c.iter_decrypted_chunks(fileobj_in=io.BytesIO(blob), private_key=_hex(kat, key))
        assert b"".join(chunks) == plain


def test_staff_custody_blobs_open(kat):
    staff = c.unwrap_private_key_with_passphrase(
        wrapped=_hex(kat, "passphrase_wrapped_staff_key"), passphrase=kat["passphrase"]
    )
    assert staff == _hex(kat, "staff_private_key")
    desk = c.unwrap_desk_key(
        wrapped=_hex(kat, "desk_key_wrapped_to_staff"), staff_private_key=staff
    )
    assert desk == _hex(kat, "desk_private_key")
    session = c.open_from_session(
        ciphertext=_hex(kat, "session_ciphertext"), session_key=_hex(kat, "session_key")
    )
    assert session == desk


def test_second_factor_blobs_open(kat):
    factor_key = c.unwrap_factor_key(
        wrapped=_hex(kat, "factor_key_wrapped"), password=kat["passphrase"]
    )
    assert factor_key == _hex(kat, "factor_key")
    secret = c.open_totp_secret(sealed=_hex(kat, "totp_sealed"), factor_key=factor_key)
    assert secret == _hex(kat, "totp_secret")
    digest = c.recovery_code_digest(code=kat["recovery_code"], salt=_hex(kat, "recovery_salt"))
    assert digest == _hex(kat, "recovery_digest")


def test_derivations_are_unchanged(kat):
    pepper, salt = _hex(kat, "pepper"), _hex(kat, "source_salt")
    lookup = c.codename_lookup_hash(codename=kat["codename"], pepper=pepper)
    assert lookup == kat["codename_lookup_hash"]
    pair = c.derive_source_keypair(
        codename=kat["codename"], salt=salt, params=c.FAST_PARAMS_FOR_TESTS
    )
    assert pair.public_key == _hex(kat, "source_public_key")
    tokens = c.blind_index_tokens(terms=kat["blind_index_terms"], index_key=_hex(kat, "index_key"))
    assert tokens == kat["blind_index_tokens"]


def test_derived_keys_are_the_label_token_under_the_private_key(kat):
    # The case index and the visits' document digests were keyed this way before
    # derived_key existed; stored tokens and digests depend on it.
    desk = _hex(kat, "desk_private_key")
    for label in ("rapporteur/cases/blind-index/words/v1", "rapporteur/visits/document-digest/v1"):
        expected = c.blind_index_tokens(terms=[label], index_key=desk)[0].encode()
        assert c.derived_key(label=label, private_key=desk) == expected
