"""Tests of the visits extraction core (no Django)."""

import io
import sys
from pathlib import Path

import numpy as np
import pytest

from rapporteur.visits.extraction import themes
from rapporteur.visits.extraction.entities import document_entities
from rapporteur.visits.extraction.recommendations import extract_recommendations
from rapporteur.visits.extraction.text import (
    CorruptDocumentError,
    EncryptedDocumentError,
    NoTextError,
    UnsupportedDocumentError,
    read_document,
)
from rapporteur.visits.management.commands import visits as cli

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))
import recommendations as bench  # noqa: E402

DATA = themes.shared_data_dir()
SEED = DATA.parent / "seed" / "end-of-mission-statement-tajikistan-2022.txt"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data folder absent: {DATA}")
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed statement absent: {SEED}")


@needs_seed
def test_seed_statement_acceptance():
    recs = extract_recommendations(read_document(SEED))
    assert len(recs) == 7
    assert [r.addressee for r in recs].count("Government") == 6
    assert recs[-1].addressee == "Embassies and international organisations"
    names = {
        e["name"].lower()
        for e in document_entities(read_document(SEED))
        if e["kind"] == "instrument"
    }
    for law in [
        "law on public associations",
        "law on public associations (2015 amendments)",
        "law on preventing extremism",
        "law on combatting terrorism",
        "criminal code, article 307",
        "law on lawyers",
        "draft law on non-commercial organizations",
        "anti-discrimination law",
        "law on combatting money laundering and financing of terrorism",
        "law on the protection of human rights defenders",
    ]:
        assert law in names, law


@needs_data
def test_slovenia_precision_recall():
    r = bench.evaluate_slovenia(DATA / "reports")
    assert r["precision"] == 1.0 and r["recall"] == 1.0


@needs_data
def test_kenya_precision_recall():
    r = bench.evaluate_kenya(DATA / "reports")
    # strict: 0.993 / 0.976 / 0.986 (rows UPR Info cut per instrument cannot match a segment)
    assert r["precision"] >= 0.99 and r["recall"] >= 0.97 and r["recall_verbatim_rows"] >= 0.98
    # documented rule (row contained in, or 80 % of its words in, a recommendation of its State)
    assert r["documented_precision"] == 1.0 and r["documented_recall"] >= 0.995


def test_kenya_units_give_the_last_segment_its_states():
    from rapporteur.visits.extraction.recommendations import Recommendation

    rec = Recommendation(
        "Abolish X (Spain); establish Y (Belgium); abolish X",
        "103.1",
        22,
        "Government",
        ["Spain", "Belgium", "Ireland", "Austria"],
    )
    assert [(b, s) for b, s, _ in bench.kenya_units([rec])] == [
        ("Abolish X", "Spain"),
        ("establish Y", "Belgium"),
        ("abolish X", "Ireland"),
        ("abolish X", "Austria"),
    ]


def test_kenya_documented_rule_needs_the_state_and_the_words():
    from rapporteur.visits.extraction.recommendations import Recommendation

    rec = Recommendation(
        "Ratify the optional protocols to ICCPR", "102.3", 21, "Government", ["Austria"]
    )
    row = {"recommending_state": "Austria", "text": "Ratify the first Optional Protocol to ICCPR"}
    assert bench.kenya_documented(row, rec)
    assert not bench.kenya_documented({**row, "recommending_state": "Spain"}, rec)
    assert not bench.kenya_documented({**row, "text": "Ratify the CRPD and its protocol"}, rec)


def test_docx_input(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Recommendations", level=1)
    d.add_paragraph(
        "The Government should repeal article 307 of the Criminal Code.", style="List Bullet"
    )
    d.add_paragraph(
        "Parliament should adopt the Law on Human Rights Defenders.", style="List Bullet"
    )
    path = tmp_path / "r.docx"
    d.save(path)
    recs = extract_recommendations(read_document(path))
    assert [r.addressee for r in recs] == ["Government", "Parliament"]
    assert "Criminal Code, article 307" in recs[0].instruments


@pytest.mark.parametrize("prefix", ["w", "ns0"])
def test_docx_pages_follow_page_breaks_whatever_the_prefix(tmp_path, prefix):
    """Explicit and rendered page breaks count, matched by namespace: a writer may bind
    WordprocessingML to any prefix."""
    import zipfile

    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("Recommendations")
    explicit = d.add_paragraph()
    explicit.add_run().add_break(WD_BREAK.PAGE)
    explicit.add_run("The Government should repeal article 307.")
    d.add_paragraph("Parliament should adopt the law.")  # Word rendered a new page here
    d.add_paragraph("A line break is not a page.").runs[0].add_break(WD_BREAK.LINE)
    d.add_paragraph("Embassies should observe trials.")
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "r.docx"
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                text = data.decode().replace(
                    "<w:t>Parliament", "<w:lastRenderedPageBreak/><w:t>Parliament"
                )
                for old, new in (
                    ("xmlns:w=", f"xmlns:{prefix}="),
                    ("<w:", f"<{prefix}:"),
                    ("</w:", f"</{prefix}:"),
                    (" w:", f" {prefix}:"),
                ):
                    text = text.replace(old, new)
                data = text.encode()
            zout.writestr(item, data)
    pages = {p.text: p.page for p in read_document(path)}
    assert list(pages.values()) == [1, 2, 3, 3, 3], pages


def test_html_input(tmp_path):
    path = tmp_path / "r.html"
    path.write_text(
        "<html><body><h2>Recommendations</h2><ul><li>The authorities should release "
        "all detained journalists.</li><li>Embassies should observe trials.</li></ul>"
        "<script>var x = 'should';</script></body></html>",
        encoding="utf-8",
    )
    recs = extract_recommendations(read_document(path))
    assert [r.addressee for r in recs] == [
        "Government",
        "Embassies and international organisations",
    ]


def test_prose_recommendations(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(
        "Report\n\nThe Special Rapporteur urges the Government to amend the law. It was raining.\n",
        encoding="utf-8",
    )
    recs = extract_recommendations(read_document(path))
    assert len(recs) == 1 and recs[0].text.startswith("The Special Rapporteur urges")


def _blank_pdf(path, password=None):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(612, 792)
    if password:
        w.encrypt(password)
    with open(path, "wb") as fh:
        w.write(fh)


def test_bad_files(tmp_path):
    _blank_pdf(tmp_path / "scan.pdf")
    _blank_pdf(tmp_path / "locked.pdf", password="secret")
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 40)
    cases = {
        "scan.pdf": NoTextError,
        "locked.pdf": EncryptedDocumentError,
        "bad.docx": CorruptDocumentError,
        "noise.bin": UnsupportedDocumentError,
    }
    for name, exc in cases.items():
        with pytest.raises(exc):
            read_document(tmp_path / name)
        err = io.StringIO()
        assert cli.extract_main([str(tmp_path / name)], io.StringIO(), err) != 0
        assert err.getvalue().startswith("error:") and "Traceback" not in err.getvalue()


@needs_data
@pytest.mark.parametrize("revision", [4, 6])
def test_aes_encrypted_pdfs(tmp_path, revision):
    """AES (revision 4: AES-128, 6: AES-256): a report restricted by an owner password
    only reads as the plain one; one that needs a password to open is refused with a
    clear message and exit code 2, never a traceback."""
    import pikepdf

    source = DATA / "reports" / "slovenia-upr-wg-2014-A_HRC_28_15.pdf"
    expected = [r.text for r in extract_recommendations(read_document(source))]
    for name, user in (("restricted.pdf", ""), ("locked.pdf", "secret")):
        with pikepdf.open(source) as pdf:
            encryption = pikepdf.Encryption(user=user, owner="owner", aes=True, R=revision)
            pdf.save(tmp_path / name, encryption=encryption)
    restricted = read_document(tmp_path / "restricted.pdf")
    assert [r.text for r in extract_recommendations(restricted)] == expected
    with pytest.raises(EncryptedDocumentError):
        read_document(tmp_path / "locked.pdf")
    err = io.StringIO()
    assert cli.extract_main([str(tmp_path / "locked.pdf")], io.StringIO(), err) == 2
    assert "password-protected" in err.getvalue() and "Traceback" not in err.getvalue()


def test_500_page_pdf(tmp_path):
    path = tmp_path / "big.pdf"
    bench.make_pdf(path, 500)
    recs = extract_recommendations(read_document(path))
    assert (
        len(recs) == 500 * 40
        and recs[-1].page == 500
        and recs[-1].recommending_states == ["Norway"]
    )


@needs_data
def test_classifier_small_model(tmp_path):
    rows = [r for r in themes.load_upr_rows() if r.session in (9, 10, 11)]
    model = themes.train(rows, tune_sessions=1)
    model.save(tmp_path / "m")
    out = io.StringIO()
    stdin = io.StringIO(
        "Protect human rights defenders from harassment\n\nAbolish the death penalty\n"
    )
    assert cli.classify_main(["--model", str(tmp_path / "m")], stdin, out, io.StringIO()) == 0
    lines = [__import__("json").loads(x) for x in out.getvalue().splitlines()]
    assert len(lines) == 3 and lines[1]["themes"] == []
    assert lines[0]["themes"][0]["label"] == "Human rights defenders"
    assert "Death penalty" in [t["label"] for t in lines[2]["themes"]]
    assert all(0 < t["confidence"] <= 1 and t["source"] for t in lines[0]["themes"])


def test_catch_all_labels_give_way_to_specific_ones():
    # "General" stands alone in all its rows, "Justice" never does
    y = np.array([[1, 0, 0]] * 12 + [[0, 1, 1]] * 12)
    assert themes.exclusive_labels(y) == [0]
    model = themes.ThemeModel(
        ["General", "Justice", "Detention"],
        None,
        None,
        np.zeros((3, 1)),
        np.zeros(3),
        np.zeros(3),
        exclusive=[0],
    )
    both = model._from_margins(np.array([0.9, 0.2, -0.5]))
    assert [d["label"] for d in both] == ["Justice"]
    alone = model._from_margins(np.array([0.9, -0.2, -0.5]))
    assert [d["label"] for d in alone] == ["General"]


def test_public_defenders_are_not_read_as_human_rights_defenders():
    text = themes.normalise("Pay the Public Defenders and protect human rights defenders")
    assert text == "pay the publicdefenders and protect human rights defenders"
