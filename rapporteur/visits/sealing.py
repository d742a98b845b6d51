"""The visits desk's own encryption intent: keyed digests of documents' content.
Meetings are sealed and opened with ``rapporteur.vault.sealing``.

Nothing here calls a primitive directly. A digest needs the desk *private* keys
of a signed-in, unlocked session.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapporteur.vault import crypto

# Label of the key, derived from each desk private key, that makes documents'
# content digests. Its own label: a digest says nothing about a case's index.
_DOCUMENT_DIGEST_LABEL = "rapporteur/visits/document-digest/v1"


def document_digests(*, content_sha256: str, desk_keys: Mapping[int, bytes]) -> dict[int, str]:
    """{desk key version: keyed digest of a document's content}, to recognise a file
    ingested before without keeping its plain SHA-256: with a plain hash, whoever
    holds the database could confirm a guessed document. The key is a keyed
    BLAKE2b of a fixed label under the generation's desk *private* key, so only an
    unlocked session can compute or test a digest (as the cases' blind index).
    Equal files give equal digests under the same generation."""
    digests = {}
    for version, private_key in desk_keys.items():
        key = crypto.derived_key(label=_DOCUMENT_DIGEST_LABEL, private_key=private_key)
        digests[version] = crypto.blind_index_tokens(terms=[content_sha256], index_key=key)[0]
    return digests
