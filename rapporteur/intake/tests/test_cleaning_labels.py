"""Every name a cleaner can report reaches the source in Russian and Tajik."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from rapporteur.intake import cleaning
from rapporteur.intake.labels import KIND_LABELS, KNOWN, removed_label

_CLEANING = Path(cleaning.__file__).parent
# Reported through a variable or a default rather than a literal the walk below sees.
_INDIRECT = {"revision authors", "custom document information"}


def _reported_names() -> set[str]:
    """String literals in the cleaners where a report name can stand: dictionary
    values, list items, ``removed.append(...)`` arguments, ``(key, name)`` pairs.
    File suffixes, kinds and identifiers found there are left out."""
    names: set[str] = set()
    for path in _CLEANING.rglob("*.py"):  # the package and its format modules
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                candidates = node.values
            elif isinstance(node, ast.List | ast.Tuple):
                candidates = node.elts
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append":
                candidates = node.args
            else:
                continue
            for item in candidates:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    names.add(item.value)
    kinds = set(KIND_LABELS)  # the kinds detect_kind gives, not report names
    identifiers = {n for n in names if "_" in n or (n[:1].isupper() and " " not in n)}
    paths = {n for n in names if any(ch in n for ch in "/.[")}
    return (names - kinds - identifiers - paths) | _INDIRECT


def test_every_reported_name_is_known():
    reported = {n.removesuffix(" (embedded picture)") for n in _reported_names()}
    assert reported - KNOWN == set()


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_every_known_name_is_translated(language):
    with translation.override(language):
        untranslated = sorted(n for n in KNOWN if removed_label(n) == n)
        embedded = removed_label("author (embedded picture)")
    assert untranslated == []
    assert "embedded" not in embedded and "(" in embedded
