"""Ingestion through the Django service: the acceptance case, shared reports, other
formats, and bad files that must store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from rapporteur.audit.models import AuditEntry
from rapporteur.testing.visits import make_visit
from rapporteur.visits.models import Document, Paragraph, Recommendation, Review
from rapporteur.visits.services import ingestion, recommendations

pytestmark = pytest.mark.django_db

SHARED = settings.VISITS_SHARED_DIR
SEED = SHARED / "seed" / "end-of-mission-statement-tajikistan-2022.txt"
REPORTS = SHARED / "data" / "reports"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"shared seed absent: {SEED}")
needs_reports = pytest.mark.skipif(not REPORTS.is_dir(), reason=f"shared data absent: {REPORTS}")


def _ingest(desk_keys, user, visit, path: Path, **kw):
    data = path.read_bytes()
    return ingestion.ingest_document(
        acting_user=user, visit=visit, name=path.name, chunks=[data], desk_keys=desk_keys, **kw
    )


def _nothing_stored():
    assert Document.objects.count() == 0
    assert Paragraph.objects.count() == 0
    assert Recommendation.objects.count() == 0
    assert not AuditEntry.objects.filter(tag="visits:document:ingest").exists()


@needs_seed
def test_acceptance_case_seven_recommendations_as_suggestions(officer, desk_keys):
    visit = make_visit()
    result = _ingest(desk_keys, officer, visit, SEED)
    recs = list(visit.recommendations.all())
    assert result.found == 7 and len(recs) == 7
    assert [r.addressee for r in recs].count("Government") == 6
    assert recs[-1].addressee == "Embassies and international organisations"
    assert all(r.review == Review.SUGGESTED for r in recs)
    assert result.document.paragraphs.count() > 40
    instruments = {i.lower() for r in recs for i in r.instruments}
    assert "law on the protection of human rights defenders" in instruments
    if settings.VISITS_THEMES_MODEL.with_suffix(".npz").exists():
        first = recs[0].theme_links.select_related("theme").first()
        assert first is not None and not first.accepted and first.confidence is not None
        labels = {link.theme.label for r in recs for link in r.theme_links.all()}
        assert "Human rights defenders" in labels
    assert AuditEntry.objects.filter(tag="visits:document:ingest").count() == 1


@needs_seed
def test_bulk_accept_makes_suggestions_final(officer, desk_keys):
    visit = make_visit()
    _ingest(desk_keys, officer, visit, SEED)
    assert recommendations.accept_all(acting_user=officer, visit=visit) == 7
    assert set(visit.recommendations.values_list("review", flat=True)) == {Review.ACCEPTED}
    assert not visit.recommendations.filter(theme_links__accepted=False).exists()
    assert AuditEntry.objects.filter(tag="visits:recommendation:accept").count() == 7


@needs_reports
@pytest.mark.parametrize(
    ("name", "at_least"),
    [("slovenia-upr-wg-2014-A_HRC_28_15.pdf", 160), ("kenya-upr-wg-2010.pdf", 140)],
)
def test_shared_upr_reports(officer, name, at_least, desk_keys):
    visit = make_visit(country_code="SI" if "slovenia" in name else "KE")
    result = _ingest(desk_keys, officer, visit, REPORTS / name, kind="upr")
    assert result.found >= at_least
    rec = visit.recommendations.first()
    assert rec.mechanism == "upr" and rec.recommending_states and rec.page >= 1


def test_docx_and_html(officer, tmp_path, desk_keys):
    import docx

    d = docx.Document()
    d.add_heading("Recommendations", level=1)
    d.add_paragraph(
        "The Government should repeal article 307 of the Criminal Code.", style="List Bullet"
    )
    d.add_paragraph("Parliament should adopt a law on human rights defenders.", style="List Bullet")
    d.save(tmp_path / "r.docx")
    (tmp_path / "r.html").write_text(
        "<html><body><h2>Recommendations</h2><ul><li>The authorities should release all "
        "detained journalists.</li></ul></body></html>",
        encoding="utf-8",
    )
    visit = make_visit()
    assert _ingest(desk_keys, officer, visit, tmp_path / "r.docx").found == 2
    assert _ingest(desk_keys, officer, visit, tmp_path / "r.html").found == 1
    assert list(visit.documents.values_list("file_format", flat=True)) == ["html", "docx"]


def test_a_document_is_read_in_memory_and_never_written_to_disk(
    officer, tmp_path, monkeypatch, desk_keys
):
    """A confidential statement's plaintext reaches no disk: nothing is opened for
    writing and no temporary file or folder is made while it is ingested."""
    import builtins
    import tempfile

    import docx

    d = docx.Document()
    d.add_paragraph("The Government should release Canaryname Secretova.", style="List Bullet")
    d.save(tmp_path / "r.docx")
    data = (tmp_path / "r.docx").read_bytes()
    real_open = builtins.open

    def read_only(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"opened for writing during ingestion: {file}")
        return real_open(file, mode, *args, **kwargs)

    def no_temporary(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a temporary file or folder during ingestion")

    monkeypatch.setattr(builtins, "open", read_only)
    for maker in ("mkstemp", "mkdtemp", "TemporaryDirectory", "NamedTemporaryFile"):
        monkeypatch.setattr(tempfile, maker, no_temporary)
    result = ingestion.ingest_document(
        acting_user=officer, visit=make_visit(), name="r.docx", chunks=[data], desk_keys=desk_keys
    )
    assert result.found == 1


def _bad_files(tmp_path: Path) -> dict[str, str]:
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(612, 792)
    blank.write(tmp_path / "scan.pdf")
    locked = PdfWriter()
    locked.add_blank_page(612, 792)
    locked.encrypt("secret")
    locked.write(tmp_path / "locked.pdf")
    import pikepdf

    with pikepdf.open(tmp_path / "scan.pdf") as pdf:
        encryption = pikepdf.Encryption(user="secret", owner="owner", aes=True, R=6)
        pdf.save(tmp_path / "locked-aes.pdf", encryption=encryption)
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "prose.txt").write_text("A report.\n\nIt rained all week.\n", encoding="utf-8")
    return {
        "scan.pdf": "no text layer: run OCR first",
        "locked.pdf": "password-protected",
        "locked-aes.pdf": "password-protected",
        "bad.docx": "not a readable PDF or DOCX",
        "noise.bin": "binary data",
        "prose.txt": "No recommendations were found",
    }


def test_bad_files_give_a_clear_message_and_store_nothing(officer, tmp_path, desk_keys):
    visit = make_visit()
    for name, message in _bad_files(tmp_path).items():
        with pytest.raises(ingestion.IngestError) as error:
            _ingest(desk_keys, officer, visit, tmp_path / name)
        assert message in str(error.value), name
        assert "rapporteur-ingest" not in str(error.value)  # no server path leaks
    _nothing_stored()


def test_failure_while_storing_rolls_everything_back(officer, tmp_path, monkeypatch, desk_keys):
    path = tmp_path / "s.txt"
    path.write_text(
        "Recommendations\n\n- The Government should release all defenders.\n"
        "- The Government should repeal article 307.\n",
        encoding="utf-8",
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingestion, "_store_suggested_themes", broken)
    with pytest.raises(RuntimeError):
        _ingest(desk_keys, officer, make_visit(), path)
    _nothing_stored()


def test_500_page_pdf(officer, tmp_path, settings, desk_keys):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    import recommendations as bench

    settings.VISITS_THEMES_MODEL = tmp_path / "no-model"  # extraction only: keep it quick
    bench.make_pdf(tmp_path / "big.pdf", 500)
    result = _ingest(desk_keys, officer, make_visit(), tmp_path / "big.pdf", kind="upr")
    assert result.found == 20_000 and result.document.pages == 500


def test_upload_larger_than_the_limit_is_refused(officer, settings, desk_keys):
    settings.VISITS_MAX_UPLOAD_MB = 1
    with pytest.raises(ingestion.IngestError, match="larger than 1 MB"):
        ingestion.ingest_document(
            acting_user=officer,
            visit=make_visit(),
            name="big.txt",
            chunks=[b"x" * 700_000] * 2,
            desk_keys=desk_keys,
        )
    _nothing_stored()


def test_sender_file_name_is_only_a_label():
    assert ingestion.clean_name("../../etc/passwd") == "passwd"
    assert ingestion.clean_name("C:\\Users\\me\\report.pdf") == "report.pdf"
    assert ingestion.clean_name("\x00\x07") == "document"


def test_concluding_observations_store_body_sub_item_strength_and_priority(
    officer, tmp_path, desk_keys
):
    from rapporteur.visits.tests.test_prose_extraction import CO_GOLD, CONCLUDING_OBSERVATIONS

    path = tmp_path / "co.txt"
    path.write_text(CONCLUDING_OBSERVATIONS, encoding="utf-8")
    result = _ingest(desk_keys, officer, make_visit(), path, kind="treaty-body")
    assert result.family == "treaty_body" and not result.generic
    rows = list(Recommendation.objects.filter(document=result.document).order_by("position"))
    assert [(r.paragraph, r.subitem, r.strength, r.priority) for r in rows] == [
        g[:4] for g in CO_GOLD
    ]
    assert {r.body for r in rows} == {"CAT"}
    assert rows[0].lead_in == "The Committee recommends that the State party:"
    assert rows[0].mechanism == "treaty-body"
    entry = AuditEntry.objects.get(tag="visits:document:ingest")
    assert entry.extras["family"] == "treaty_body"


def test_a_document_of_unknown_kind_says_the_generic_rules_read_it(officer, tmp_path, desk_keys):
    path = tmp_path / "minutes.txt"
    path.write_text(
        "Minutes of a meeting\n\nThe participants agreed that the law should be amended.\n",
        encoding="utf-8",
    )
    result = _ingest(desk_keys, officer, make_visit(), path)
    assert result.generic and result.found == 1
    assert result.family_label == "a document of unknown kind"


@needs_reports
def test_shared_compilation_is_read_as_prose(officer, desk_keys):
    path = REPORTS / "slovenia-un-compilation-2014-A_HRC_WG6_20_SVN_2.pdf"
    result = _ingest(desk_keys, officer, make_visit(), path, kind="upr")
    assert result.family == "compilation"
    assert result.found >= 61
    rows = Recommendation.objects.filter(document=result.document)
    assert not rows.filter(body="").exists()
    assert rows.filter(strength="urges").exists()
    # footnote markers never reach a text ("ICRMW.9", "resources21")
    assert not any(any(w[-1].isdigit() and w[0].isalpha() for w in r.text.split()) for r in rows)
