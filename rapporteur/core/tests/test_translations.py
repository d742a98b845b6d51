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


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_passes_gettext_checks(catalogue):
    """Plural forms as declared, format strings matching the original (GNU msgfmt)."""
    import subprocess

    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _plain_entries(text: str) -> dict[str, str]:
    """msgid -> msgstr of the entries without context or plural forms."""
    entries = {}
    for block in text.split("\n\n"):
        if "msgctxt" in block or "msgid_plural" in block:
            continue
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if match:
            entries[match.group(1)] = match.group(2).strip()
    return entries


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_catalogues_agree_on_shared_strings(language):
    """gettext merges the catalogues: one msgid shows one translation everywhere, so two
    apps translating it differently means one of them is silently overridden. A string
    whose meaning differs between uses needs a context (pgettext)."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for catalogue in (c for c in CATALOGUES if c.parts[-3] == language):
        for msgid, msgstr in _plain_entries(catalogue.read_text(encoding="utf-8")).items():
            if msgid.strip() == '""':
                continue
            first = seen.setdefault(msgid, (msgstr, str(catalogue.relative_to(ROOT))))
            if first[0] != msgstr:
                clashes.append((msgid.strip(), first[1], str(catalogue.relative_to(ROOT))))
    assert clashes == []
