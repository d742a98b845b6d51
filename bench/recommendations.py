"""Benchmark of the visits extraction and theme classification.

Run from the repository root: ``python bench/recommendations.py [--skip-themes]``
(``--skip-themes``: extraction and ingestion only, a few seconds).
Data come from ../shared/data (or $RAPPORTEUR_SHARED_DATA).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapporteur.visits.extraction import themes
from rapporteur.visits.extraction.recommendations import (
    extract,
    extract_recommendations,
    segments,
    split_states,
)
from rapporteur.visits.extraction.text import read_document

if TYPE_CHECKING:
    from rapporteur.visits.extraction.recommendations import Recommendation

TOWNS = ["Khujand", "Dushanbe", "Nairobi", "Ljubljana", "Bogota", "Kulob", "Bokhtar", "Istaravshan"]
FOUR = [
    "Human rights defenders",
    "Freedom of the press",
    "Civil society",
    "Freedom of association and peaceful assembly",
]


def fold(text: str) -> str:
    """Lower case without diacritics (UPR Info writes "vis-a-vis", the report "vis-à-vis")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def norm(text: str) -> str:
    """Letters and digits only, lower case: immune to PDF spacing, quotes, accents and case."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def stems(text: str) -> set[str]:
    """Tokens with a plural -s dropped from words of 4+ letters ("protocols" -> "protocol")."""
    return {
        t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t
        for t in tokens(text)
    }


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(ln) for ln in fh if ln.strip()]


def evaluate_slovenia(reports: Path) -> dict:
    gold = _jsonl(reports / "slovenia-upr-wg-2014-A_HRC_28_15.gold.jsonl")
    recs = extract_recommendations(read_document(reports / "slovenia-upr-wg-2014-A_HRC_28_15.pdf"))
    # Identical texts recur under different numbers ("Ratify ICRMW" is 115.8 and 115.10):
    # a text keys every gold row that has it, and the paragraph number picks among them.
    gold_by_text: dict[str, list[dict]] = {}
    for g in gold:
        gold_by_text.setdefault(norm(split_states(g["text"])[0]), []).append(g)
    hits = [_pick(_find(gold_by_text, norm(r.text)), r.paragraph) for r in recs]
    tp = sum(1 for h in hits if h)
    ids = sum(1 for r, h in zip(recs, hits, strict=True) if h and r.paragraph == h["id"])
    # the gold's own State field is empty or wrong ("ICRMW") for some rows whose text
    # ends with the States: those rows are left out of the State accuracy
    usable = [(r, h) for r, h in zip(recs, hits, strict=True) if h and _gold_states(h)]
    states = sum(1 for r, h in usable if r.recommending_states == _gold_states(h))
    return {
        "extracted": len(recs),
        "gold": len(gold),
        "precision": tp / max(1, len(recs)),
        "recall": len({id(h) for h in hits if h}) / len(gold),
        "paragraph_id_accuracy": ids / max(1, tp),
        "state_accuracy": states / max(1, len(usable)),
        "state_rows_scored": len(usable),
    }


def _gold_states(g: dict) -> list[str]:
    names = [s.strip() for x in g["recommending_states"] for s in x.split(",")]
    return [] if not names or any(re.fullmatch(r"[A-Z0-9-]{2,}", n) for n in names) else names


def _pick(rows: list[dict] | None, paragraph: str) -> dict | None:
    if not rows:
        return None
    return next((g for g in rows if g["id"] == paragraph), rows[0])


def _find(gold_by_text: dict, key: str):
    """Exact match on normalised text, else a near-identical one (ratio >= 0.97):
    the gold corrects typos of the report itself ("childre" -> "children")."""
    if key in gold_by_text:
        return gold_by_text[key]
    best = max(gold_by_text, key=lambda k: difflib.SequenceMatcher(None, k, key).quick_ratio())
    return gold_by_text[best] if difflib.SequenceMatcher(None, best, key).ratio() >= 0.97 else None


COMPILATION = "slovenia-un-compilation-2014-A_HRC_WG6_20_SVN_2"


def match_sentences(found: list[tuple[str, str]], gold: list[tuple[str, str]]) -> list[int | None]:
    """One-to-one matching of (paragraph, text) pairs on normalised text, best pairs first:
    equal texts, or a similarity ratio >= 0.9 (the gold removed footnote markers and
    keeps the text layer's split words, "inco rporated"), or an extracted sentence that is
    a whole sentence of a gold row joining two (>= 40 % of it, in the same paragraph).
    Returns, for each found pair, the index of its gold row or None."""
    pairs = []
    for i, (fp, ft) in enumerate(found):
        a = norm(ft)
        for j, (gp, gt) in enumerate(gold):
            b = norm(gt)
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if sm.real_quick_ratio() < 0.4:
                continue
            r = sm.ratio()
            if r < 0.9 and a and a in b and len(a) >= 0.4 * len(b) and fp == gp:
                r = 0.9
            if r >= 0.9:
                pairs.append((r, i, j))
    out: list[int | None] = [None] * len(found)
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if out[i] is None and j not in used:
            out[i], used = j, used | {j}
    return out


def evaluate_compilation(reports: Path, listing: list | None = None) -> dict:
    """The OHCHR compilation (prose) against its sentence gold (paragraph and text)."""
    gold = _jsonl(reports / f"{COMPILATION}.gold.jsonl")
    t0 = time.perf_counter()
    result = extract(read_document(reports / f"{COMPILATION}.pdf"))
    seconds = time.perf_counter() - t0
    recs = result.recommendations
    hits = match_sentences(
        [(r.paragraph, r.text) for r in recs], [(str(g["paragraph"]), g["text"]) for g in gold]
    )
    tp = sum(1 for h in hits if h is not None)
    para = sum(
        1
        for r, h in zip(recs, hits, strict=True)
        if h is not None and r.paragraph == str(gold[h]["paragraph"])
    )
    if listing is not None:
        for r, h in zip(recs, hits, strict=True):
            if h is None:
                listing.append(f"unmatched {r.paragraph}: {r.text!r}")
        for j in sorted(set(range(len(gold))) - {h for h in hits if h is not None}):
            listing.append(f"missed {gold[j]['paragraph']}: {gold[j]['text']!r}")
    return {
        "family": result.family,
        "extracted": len(recs),
        "gold": len(gold),
        "precision": tp / max(1, len(recs)),
        "recall": tp / len(gold),
        "paragraph_accuracy": para / max(1, tp),
        "with_body": sum(1 for r in recs if r.body) / max(1, len(recs)),
        "seconds": seconds,
    }


def kenya_units(recs: list[Recommendation]) -> list[tuple[str, str, Recommendation]]:
    """(segment text, State, recommendation) units. A UPR paragraph may join several
    recommendations, "A (Spain); B (Belgium); C (Argentina);": the extractor keeps the
    earlier "(State);" in the text and strips the last, whose States are then those of the
    recommendation not named by an earlier segment (all of them if every one was)."""
    units: list[tuple[str, str, Recommendation]] = []
    for r in recs:
        segs = segments(r.text)
        named = [s for _, ss in segs[:-1] for s in ss]
        for body, ss in segs:
            if not ss:  # the last segment: its States were stripped into recommending_states
                ss = [s for s in r.recommending_states if s not in named] or r.recommending_states
            units.extend((body, s, r) for s in ss)
    return units


def _same_state(gold_name: str, state: str) -> bool:
    # UPR Info shortens official names ("Venezuela" for "Bolivarian Republic of Venezuela"):
    # the gold name as whole words inside the report's name is the State
    return state.startswith(gold_name) or bool(re.search(rf"\b{re.escape(gold_name)}\b", state))


def kenya_strict(g: dict, body: str, state: str) -> bool:
    """Strict rule: a (segment, State) unit with equal normalised text, or - for rows UPR Info
    did not copy verbatim - a segment holding >= 80 % of the row's words."""
    if not _same_state(g["recommending_state"], state):
        return False
    if norm(body) == norm(g["text"]):
        return True
    gt = tokens(g["text"])
    return not g["found_verbatim_in_report_txt"] and len(gt & tokens(body)) / max(1, len(gt)) >= 0.8


def kenya_documented(g: dict, rec) -> bool:
    """Documented rule for rows UPR Info cut from a paragraph (one row per State or per
    instrument, or rewritten): the row is recalled by an extracted recommendation whose
    States include the row's State and whose text contains the row's normalised text or
    >= 80 % of its words (plural -s folded). Any row, verbatim or not."""
    if not any(_same_state(g["recommending_state"], s) for s in rec.recommending_states):
        return False
    if norm(g["text"]) in norm(rec.text):
        return True
    gt = stems(g["text"])
    return len(gt & stems(rec.text)) / max(1, len(gt)) >= 0.8


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def evaluate_kenya(reports: Path, listing: list | None = None) -> dict:
    """Kenya against UPR Info rows, by the strict and the documented rule (see above).
    Strict precision counts recommendations with a unit matching a gold row; documented
    precision counts recommendations that match no gold row at all under either rule.
    ``listing`` receives one line per strict miss and strict false positive."""
    gold = _jsonl(reports / "kenya-upr-wg-2010.gold.jsonl")
    recs = extract_recommendations(read_document(reports / "kenya-upr-wg-2010.pdf"))
    units = kenya_units(recs)
    found = [any(kenya_strict(g, b, s) for b, s, _ in units) for g in gold]
    verbatim = [f for f, g in zip(found, gold, strict=True) if g["found_verbatim_in_report_txt"]]
    unit_ok = [any(kenya_strict(g, b, s) for g in gold) for b, s, _ in units]
    para_ok = sum(
        1 for r in recs if any(ok for ok, (_, _, rr) in zip(unit_ok, units, strict=True) if rr is r)
    )
    doc_found = [
        f or any(kenya_documented(g, r) for r in recs) for f, g in zip(found, gold, strict=True)
    ]
    doc_verbatim = [
        f for f, g in zip(doc_found, gold, strict=True) if g["found_verbatim_in_report_txt"]
    ]
    doc_ok = [
        any(ok for ok, (_, _, rr) in zip(unit_ok, units, strict=True) if rr is r)
        or any(kenya_documented(g, r) for g in gold)
        for r in recs
    ]
    if listing is not None:
        for f, g in zip(found, gold, strict=True):
            if not f:
                text = g["text"].strip()
                near = max(units, key=lambda u: _ratio(u[0], text))
                doc = "recalled" if any(kenya_documented(g, r) for r in recs) else "missed"
                verb = g["found_verbatim_in_report_txt"]
                listing.append(
                    f"miss {g['recommending_state']} (verbatim={verb}, documented={doc}): "
                    f"{text!r}\n    nearest {near[2].paragraph} ({near[1]}): {near[0]!r}"
                )
        for ok, (b, s, r) in zip(unit_ok, units, strict=True):
            if not ok:
                doc = "matched" if any(kenya_documented(g, r) for g in gold) else "unmatched"
                listing.append(f"unmatched unit {r.paragraph} ({s}, documented={doc}): {b!r}")
    return {
        "extracted": len(recs),
        "units": len(units),
        "gold": len(gold),
        "precision": para_ok / max(1, len(recs)),
        "unit_precision": sum(unit_ok) / max(1, len(units)),
        "recall": sum(found) / len(gold),
        "recall_verbatim_rows": sum(verbatim) / max(1, len(verbatim)),
        "state_accuracy": sum(unit_ok) / max(1, len(units)),
        "documented_precision": sum(doc_ok) / max(1, len(recs)),
        "documented_recall": sum(doc_found) / len(gold),
        "documented_recall_verbatim_rows": sum(doc_verbatim) / max(1, len(doc_verbatim)),
    }


def bench_themes(data: Path) -> dict:
    rows = themes.load_upr_rows(data)
    train = [r for r in rows if r.session <= 10]
    test = [r for r in rows if r.session >= 11]
    gold, texts = [r.labels for r in test], [r.text for r in test]
    t0 = time.perf_counter()
    model = themes.train(train)
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = [[d["label"] for d in p] for p in model.predict(texts)]
    rate = len(texts) / (time.perf_counter() - t0)
    s = themes.scores(gold, pred, model.labels)
    base = themes.scores(
        gold, themes.predict_baseline(themes.train_baseline(train), texts), model.labels
    )
    return {
        "train_seconds": train_s,
        "test_rows": len(test),
        "micro_f1": s["micro_f1"],
        "macro_f1": s["macro_f1"],
        **{f"F1 {k}": s["per_label"].get(k, 0.0) for k in FOUR},
        "baseline_micro_f1": base["micro_f1"],
        "baseline_macro_f1": base["macro_f1"],
        "rec_per_s": rate,
    }


def _letters(n: int) -> str:
    """Page-specific letters, so no body line repeats across pages (digits would not do)."""
    out = ""
    while True:
        out += "abcdefghijklmnopqrstuvwxyz"[n % 26]
        n //= 26
        if not n:
            return out


def make_pdf(path: Path, pages: int, prose: bool = False) -> None:
    """A generated PDF: UPR paragraphs "1.1 ... (Norway);", or with ``prose`` the numbered
    paragraphs of concluding observations, each with a sub-item list and footnote markers."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for i in range(pages):
        page = writer.add_blank_page(612, 792)
        if prose:
            lines = [
                f"{i * 5 + k // 8 + 1}. As regards {TOWNS[k // 8 % len(TOWNS)]} ({_letters(i)}), "
                "the Committee recommends that the State party:"
                if k % 8 == 0
                else f"({'abcdefg'[k % 8 - 1]}) Release all defenders held in "
                f"{TOWNS[k % len(TOWNS)]}, file {_letters(i)};"
                # footnote markers glued to the text, numbered on as in UN documents (< 1000)
                + (str(i * 35 + k - k // 8) if i < 28 else "")
                for k in range(40)
            ]
        else:
            lines = [
                f"{i + 1}.{k + 1} The Government should release all defenders held in "
                f"{TOWNS[k % len(TOWNS)]}, file {_letters(i)} (Norway);"
                for k in range(40)
            ]
        body = "".join(
            f"BT /F1 10 Tf 72 {720 - 14 * k} Td ({line}) Tj ET\n" for k, line in enumerate(lines)
        )
        # a running head and a page number, as in UN documents, to be stripped
        head = f"A/HRC/99/{pages}" if not prose else "CAT/C/XYZ/CO/1"
        if prose and i == 0:
            head = "United Nations CAT/C/XYZ/CO/1"
        body = (
            f"BT /F1 10 Tf 72 760 Td ({head}) Tj ET\n"
            f"BT /F1 10 Tf 300 30 Td ({i + 1}) Tj ET\n" + body
        )
        stream = DecodedStreamObject()
        stream.set_data(body.encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    with open(path, "wb") as fh:
        writer.write(fh)


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    data = themes.shared_data_dir()
    reports = data / "reports"
    print("== Extraction vs gold ==")
    listing: list[str] = []
    for name, result in (
        ("slovenia-upr-wg-2014-A_HRC_28_15.pdf", evaluate_slovenia(reports)),
        ("kenya-upr-wg-2010.pdf", evaluate_kenya(reports, listing)),
    ):
        print(
            name,
            json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}),
        )
    print("Kenya, strict misses and unmatched units:")
    for line in listing:
        print("  " + line)
    prose_listing: list[str] = []
    result = evaluate_compilation(reports, prose_listing)
    print(
        f"{COMPILATION}.pdf (prose)",
        json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}),
    )
    print("Compilation, unmatched and missed sentences:")
    for line in prose_listing:
        print("  " + line)
    print("== Ingestion ==")
    seed = data.parent / "seed" / "end-of-mission-statement-tajikistan-2022.txt"
    t0 = time.perf_counter()
    n = len(extract_recommendations(read_document(seed)))
    print(f"seed statement: {n} recommendations in {time.perf_counter() - t0:.3f} s (target < 1 s)")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "hundred.pdf"
        make_pdf(pdf, 100)
        t0 = time.perf_counter()
        n = len(extract_recommendations(read_document(pdf)))
        print(f"generated 100-page PDF: {n} recommendations in {time.perf_counter() - t0:.2f} s")
        pdf = Path(tmp) / "hundred-prose.pdf"
        make_pdf(pdf, 100, prose=True)
        t0 = time.perf_counter()
        found = extract(read_document(pdf))
        print(
            f"generated 100-page concluding observations ({found.family}): "
            f"{len(found.recommendations)} recommendations in {time.perf_counter() - t0:.2f} s"
        )
    if "--skip-themes" not in argv:
        print("== Themes: train sessions 1-10, test 11-13 ==")
        for k, v in bench_themes(data).items():
            print(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
