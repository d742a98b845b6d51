"""Every interface string has a Russian and a Tajik translation, in every catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))
_ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)', re.M
)


def untranslated(text: str) -> list[str]:
    missing = []
    for match in _ENTRY.finditer(text):
        msgid = "".join(line.strip()[1:-1] for line in match.group(1).splitlines())
        if not msgid:
            continue  # the header
        strings = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', match.group(2))
        if any(not "".join(s.strip()[1:-1] for s in group.splitlines()) for group in strings):
            missing.append(msgid)
    return missing


def test_both_languages_have_catalogues():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"ru", "tg"} <= languages


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(catalogue):
    text = catalogue.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 2)[-1], "fuzzy entries are not used by gettext"
    assert untranslated(text) == []


def test_the_checker_finds_gaps():
    sample = 'msgid "Done"\nmsgstr ""\n\nmsgid "Yes"\nmsgstr "Да"\n\n'
    sample += 'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "a"\nmsgstr[1] ""\n'
    assert untranslated(sample) == ["Done", "%(n)s file"]
