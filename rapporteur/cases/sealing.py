"""The case desk's own encryption intents: the blind index (terms and tokens) and
its documents' files. Records are sealed and opened with ``rapporteur.vault.sealing``.

Nothing here calls a primitive directly; each function says who can decrypt.
Blind-index tokens need the desk *private* keys of a signed-in, unlocked member of
staff; encrypting a file needs only the desk *public* key.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapporteur.cases import names
from rapporteur.vault import crypto

# Labels of the two index keys derived from each desk private key. Distinct keys
# for whole words and trigrams: a leak of one says nothing about the other.
_WORD_KEY_LABEL = "rapporteur/cases/blind-index/words/v1"
_MIN_WORD = 3  # narrative words shorter than this are not indexed (и, на, ва, of...)


def index_keys(desk_keys: dict[int, bytes]) -> dict[int, bytes]:
    """{desk key version: blind-index key}. Each index key is a keyed BLAKE2b of a
    fixed label under that generation's desk *private* key, so it exists only in
    the memory of an unlocked session: the database and the server's settings
    alone cannot compute or test a token."""
    return {
        version: crypto.derived_key(label=_WORD_KEY_LABEL, private_key=key)
        for version, key in desk_keys.items()
    }


def name_terms(text: str) -> list[str]:
    """Index terms of a name or place: per-word skeletons and the sorted whole."""
    return names.search_terms(text or "")


def narrative_terms(text: str) -> list[str]:
    """Index terms of free text: each distinct word's skeleton, 3 letters or more.
    Word order and repetitions are not kept (tokens are stored as a set)."""
    words = names.skeleton(text or "").split()
    return list(dict.fromkeys(w for w in words if len(w) >= _MIN_WORD))


def tokens(*, terms: Iterable[str], index_key: bytes) -> list[str]:
    """Keyed hashes of normalised terms; equal terms give equal tokens."""
    unique = list(dict.fromkeys(terms))
    return crypto.blind_index_tokens(terms=unique, index_key=index_key) if unique else []
