"""Controlled vocabularies of the case desk: HURIDOCS micro-thesauri plus local terms."""

from rapporteur.cases.vocabularies.huridocs import (
    DESK_LISTS,
    LOCAL_LISTS,
    default_shared_data_dir,
    load_vocabularies,
    to_plain,
)
from rapporteur.cases.vocabularies.local_terms import desk_aliases
from rapporteur.cases.vocabularies.terms import Term, VocabularyError

__all__ = [
    "DESK_LISTS",
    "LOCAL_LISTS",
    "Term",
    "VocabularyError",
    "default_shared_data_dir",
    "desk_aliases",
    "load_vocabularies",
    "to_plain",
]
