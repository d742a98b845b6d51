"""Every string the code marks for translation is translated in Russian and Tajik.

test_translations.py checks the entries the catalogues already hold; this module
checks the other direction: it extracts the marked strings from the sources the way
``makemessages`` does (templates through Django's ``templatize``, then GNU xgettext
with Django's keywords, contexts and plurals included) and looks each one up in what
gettext loads at run time. Django merges every catalogue it loads (Django's own, the
installed apps', the project's) into one, so a string counts as translated when any
of them has a non-empty, non-fuzzy translation for that msgid and context. The
project's catalogues are compiled afresh from the .po files into a temporary folder;
the working tree is never written to.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.utils.translation import templatize

ROOT = Path(__file__).resolve().parents[2]  # the rapporteur package
LANGUAGES = ("ru", "tg")
EXTENSIONS = {".py", ".html", ".txt"}  # makemessages' defaults for the django domain
SKIPPED_DIRS = {"tests", "testing", "migrations", "locale", "static", "__pycache__"}
# The keywords makemessages passes to xgettext for the django domain.
XGETTEXT = [
    "xgettext",
    "--language=Python",
    "--from-code=UTF-8",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--no-wrap",
    "--output=-",
]
# The parts of the package that are not an app of their own.
PROJECT = "project"
APPS = [*sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists()), PROJECT]

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (xgettext, msgfmt) is not installed; the project's set-up installs it",
)


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def parse_po(text: str) -> list[dict]:
    """The entries of a PO/POT text: msgctxt, msgid, msgid_plural, references, flags."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        entry: dict = {"refs": [], "flags": set()}
        field = None
        parts: dict[str, list[str]] = {}
        for line in block.splitlines():
            if line.startswith("#:"):
                entry["refs"].extend(line[2:].split())
            elif line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field:
                    parts[field].append(line)
            else:
                field, _, rest = line.partition(" ")
                parts[field] = [rest]
        if "msgid" not in parts:
            continue
        entry["msgctxt"] = _unquote(parts["msgctxt"]) if "msgctxt" in parts else None
        entry["msgid"] = _unquote(parts["msgid"])
        entry["msgid_plural"] = _unquote(parts["msgid_plural"]) if "msgid_plural" in parts else None
        if entry["msgid"]:
            entries.append(entry)
    return entries


def _app_of(reference: str) -> str:
    top = reference.split("/", 1)[0]
    return top if top in APPS and "/" in reference else PROJECT


@cache
def extracted() -> dict[str, list[dict]]:
    """The marked strings of the package, by the app whose code uses them."""
    sources = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if (
            path.suffix in EXTENSIONS
            and path.is_file()
            and not SKIPPED_DIRS.intersection(relative.parts[:-1])
        ):
            sources.append(relative)
    with tempfile.TemporaryDirectory(prefix="rapporteur-i18n-") as tmp:
        work = Path(tmp)
        inputs = []
        for relative in sources:
            if relative.suffix == ".py":
                inputs.append(str(ROOT / relative))
                continue
            # makemessages' preprocessing: the template as Python-like source.
            target = work / "templates" / f"{relative}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            text = (ROOT / relative).read_text(encoding="utf-8")
            target.write_text(templatize(text, origin=str(relative)), encoding="utf-8")
            inputs.append(str(target))
        listing = work / "files.txt"
        listing.write_text("\n".join(inputs), encoding="utf-8")
        result = subprocess.run(
            [*XGETTEXT, "--files-from", str(listing)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        output = result.stdout.replace(f"{work}/templates/", "").replace(f"{ROOT}/", "")
    output = re.sub(r"(\.html|\.txt)\.py:", r"\1:", output)
    by_app: dict[str, list[dict]] = {app: [] for app in APPS}
    for entry in parse_po(output):
        for app in sorted({_app_of(ref) for ref in entry["refs"]}):
            by_app[app].append(entry)
    return by_app


def _catalogue_keys(mo_file: Path) -> set:
    with mo_file.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key for key, value in catalogue.items() if key and value}


@cache
def translated(language: str) -> frozenset:
    """Keys ("msgid", "context\\x04msgid", or (msgid, n) for plurals) that gettext finds
    translated in `language`, over every catalogue it loads at run time."""
    keys: set = set()
    # Django's and the third-party apps' catalogues ship compiled.
    shipped = [Path(django.__file__).parent / "conf" / "locale"]
    shipped += [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if not config.name.startswith("rapporteur")
    ]
    for locale in shipped:
        mo_file = locale / language / "LC_MESSAGES" / "django.mo"
        if mo_file.exists():
            keys |= _catalogue_keys(mo_file)
    # The project's catalogues, compiled from the .po files as they are now.
    with tempfile.TemporaryDirectory(prefix="rapporteur-i18n-") as tmp:
        work = Path(tmp)
        for number, po_file in enumerate(
            sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))
        ):
            mo_file = work / f"{number}.mo"
            result = subprocess.run(
                ["msgfmt", "-o", str(mo_file), str(po_file)], capture_output=True, text=True
            )
            assert result.returncode == 0, result.stderr
            keys |= _catalogue_keys(mo_file)
    return frozenset(keys)


def missing(entries: list[dict], language: str) -> list[dict]:
    known = translated(language)
    gaps = []
    for entry in entries:
        key = entry["msgid"]
        if entry["msgctxt"] is not None:
            key = f"{entry['msgctxt']}\x04{key}"
        if (key, 0) not in known if entry["msgid_plural"] else key not in known:
            gaps.append(entry)
    return gaps


def _describe(entry: dict) -> str:
    text = repr(entry["msgid"])
    if entry["msgctxt"] is not None:
        text = f"[{entry['msgctxt']}] {text}"
    if entry["msgid_plural"]:
        text += f" / {entry['msgid_plural']!r}"
    return f"{text} ({', '.join(entry['refs'])})"


@needs_gettext
@pytest.mark.parametrize("app", APPS)
def test_every_marked_string_is_translated(app):
    entries = extracted()[app]
    gaps = {language: missing(entries, language) for language in LANGUAGES}
    report = []
    for entry in entries:
        languages = [language for language in LANGUAGES if entry in gaps[language]]
        if languages:
            report.append(f"{_describe(entry)}: no {' or '.join(languages)}")
    assert not report, f"{len(report)} strings used in {app} are not translated:\n" + "\n".join(
        report
    )


@needs_gettext
def test_the_extraction_sees_contexts_plurals_and_templates():
    entries = [e for app_entries in extracted().values() for e in app_entries]
    assert any(e["msgctxt"] for e in entries)
    assert any(e["msgid_plural"] for e in entries)
    assert any(".html:" in ref for e in entries for ref in e["refs"])
    assert any(e["msgid"] == "English" for e in extracted()[PROJECT])  # settings.LANGUAGES


def test_the_parser_reads_contexts_plurals_and_continued_lines():
    text = (
        '#: a/b.py:1 c.html:2\n#, python-format\nmsgctxt "noun"\nmsgid ""\n"Change "\n'
        '"\\"this\\""\nmsgstr ""\n\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n'
    )
    first, second = parse_po(text)
    assert (first["msgctxt"], first["msgid"], first["refs"]) == (
        "noun",
        'Change "this"',
        ["a/b.py:1", "c.html:2"],
    )
    assert "python-format" in first["flags"]
    assert (second["msgid"], second["msgid_plural"]) == ("%(n)s file", "%(n)s files")


@needs_gettext
def test_the_lookup_finds_gaps():
    def entry(msgid, msgctxt=None, plural=None):
        return {"msgid": msgid, "msgctxt": msgctxt, "msgid_plural": plural, "refs": []}

    known = entry("Password")  # translated by Django's own catalogue too
    unknown = entry("No catalogue has this sentence.")
    unknown_context = entry("Password", msgctxt="no such context")
    unknown_plural = entry("%(n)s unheard-of thing", plural="%(n)s unheard-of things")
    for language in LANGUAGES:
        assert missing([known, unknown, unknown_context, unknown_plural], language) == [
            unknown,
            unknown_context,
            unknown_plural,
        ]
