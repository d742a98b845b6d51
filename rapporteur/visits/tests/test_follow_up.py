"""Follow-up: status history, evidence, CSV import, reports, the public tracker."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rapporteur.testing.cases import sign_in_with_keys
from rapporteur.testing.html import foreign_references
from rapporteur.testing.visits import add_evidence, make_recommendation, make_visit
from rapporteur.visits.models import Recommendation, Review, Status
from rapporteur.visits.services import ingestion, recommendations, reports

pytestmark = pytest.mark.django_db


def test_status_history_keeps_the_latest_date_current(officer):
    rec = make_recommendation(make_visit())
    recommendations.set_status(
        acting_user=officer, recommendation=rec, status=Status.IN_PROGRESS, day=date(2023, 6, 1)
    )
    recommendations.set_status(
        acting_user=officer, recommendation=rec, status=Status.NOT_STARTED, day=date(2023, 1, 1)
    )  # a late entry about an earlier date
    rec.refresh_from_db()
    assert rec.status == Status.IN_PROGRESS and rec.status_changes.count() == 2


def test_suggestions_are_not_followed_up_before_acceptance(officer):
    rec = make_recommendation(make_visit(), review=Review.SUGGESTED)
    with pytest.raises(ValidationError):
        recommendations.set_status(
            acting_user=officer, recommendation=rec, status="implemented", day=date(2023, 1, 1)
        )


def test_edit_keeps_a_revision_and_staff_themes(officer):
    from rapporteur.visits.models import Theme

    rec = make_recommendation(make_visit())
    press = Theme.objects.get(label="Freedom of the press")
    recommendations.edit_recommendation(
        acting_user=officer,
        recommendation=rec,
        text=rec.text + " Now.",
        addressee="Parliament",
        themes=[press],
        institutions=["Ministry of Justice"],
        situation_at_visit="",
    )
    assert rec.revisions.get().before["addressee"] == "Government"
    assert [link.source for link in rec.theme_links.all()] == ["staff"]
    assert rec.institutions.get().name == "Ministry of Justice"


CSV_OK = (
    "country,mechanism,text,paragraph,recommending_states,themes\n"
    "TJ,upr,Ratify the Optional Protocol to the Convention against Torture,115.1,Denmark;Chile,"
    "Torture and other CID treatment\n"
    "TJ,treaty-body,Guarantee the independence of lawyers and the bar,12,,Justice\n"
)


def test_csv_import_all_rows(officer, desk_keys):
    recs = ingestion.import_csv(
        acting_user=officer, name="upr.csv", data=CSV_OK.encode(), desk_keys=desk_keys
    )
    assert len(recs) == 2 and recs[0].recommending_states == ["Denmark", "Chile"]
    assert recs[0].review == Review.ACCEPTED
    assert recs[1].theme_links.filter(accepted=True).get().theme.label == "Justice"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (CSV_OK + "Tajikistan,upr,Abolish the death penalty everywhere,,,\n", "Row 4: country"),
        (CSV_OK.replace("Justice", "Jazz"), "Row 3: unknown theme"),
        (b"country,text\nTJ,x\n", "Missing columns: mechanism"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_csv_import_refuses_the_whole_file(officer, desk_keys, data, message):
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(ingestion.ImportRejected) as rejected:
        ingestion.import_csv(acting_user=officer, name="bad.csv", data=raw, desk_keys=desk_keys)
    assert any(message in e for e in rejected.value.errors), rejected.value.errors
    assert Recommendation.objects.count() == 0


def test_import_view_lists_row_errors(officer, desk_keys):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("bad.csv", (CSV_OK + "XX1,upr,too short,,,\n").encode())
    page = sign_in_with_keys(officer).post(reverse("visits:import"), {"file": bad})
    assert "Row 4" in page.content.decode() and Recommendation.objects.count() == 0


def test_reports_docx_and_pdf_with_cyrillic(officer):
    visit = make_visit()
    rec = make_recommendation(visit)
    add_evidence(rec, officer, "Освобождены двое правозащитников.")
    recs = list(Recommendation.objects.filter(pk=rec.pk))
    assert reports.build_docx(visit, recs)[:2] == b"PK"
    pdf = reports.build_pdf(visit, recs)
    assert pdf[:5] == b"%PDF-"
    import io

    from pypdf import PdfReader

    assert "правозащитников" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_missing_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(reports, "FONT_DIRS", ())
    with pytest.raises(reports.ReportError, match="fonts-dejavu-core"):
        reports.find_font()


def test_public_tracker_shows_accepted_and_public_only(client, officer):
    visit = make_visit()
    shown = make_recommendation(visit, text="Release all defenders now, without conditions.")
    make_recommendation(visit, review=Review.SUGGESTED, text="A suggestion nobody accepted yet.")
    recommendations.set_status(
        acting_user=officer,
        recommendation=shown,
        status=Status.PARTIAL,
        day=date(2023, 5, 1),
        public_note="Two of five released.",
    )
    add_evidence(shown, officer, "Confidential source says X.", public=False)
    page = client.get(reverse("tracker:visit", args=[visit.pk])).content.decode()
    assert "Release all defenders" in page and "nobody accepted" not in page
    assert "<svg" in page and "<script" not in page and foreign_references(page) == []
    detail = client.get(reverse("tracker:recommendation", args=[shown.pk])).content.decode()
    assert "Two of five released" in detail and "Confidential source" not in detail
    data = json.loads(client.get(reverse("tracker:export", args=[visit.pk, "json"])).content)
    assert [r["status"] for r in data["recommendations"]] == ["partial"]
    csv_text = client.get(reverse("tracker:export", args=[visit.pk, "csv"])).content.decode()
    assert csv_text.startswith("id,country,visit") and "officer" not in csv_text


def test_unpublished_visit_is_not_public(client):
    visit = make_visit(published=False)
    make_recommendation(visit)
    assert client.get(reverse("tracker:visit", args=[visit.pk])).status_code == 404


def test_public_tracker_in_russian_and_tajik(client):
    visit = make_visit()
    make_recommendation(visit)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert (
        "Отслеживание выполнения рекомендаций"
        in client.get(reverse("tracker:tracker")).content.decode()
    )
    client.post(reverse("set_language"), {"language": "tg", "next": "/"})
    assert "Пайгирии иҷрои тавсияҳо" in client.get(reverse("tracker:tracker")).content.decode()


def test_demo_loads_the_tajikistan_visit_once(db, settings, tmp_path):
    from rapporteur.core import demo
    from rapporteur.visits.models import Visit

    if not (settings.VISITS_SHARED_DIR / "seed").is_dir():
        pytest.skip("shared seed folder absent")
    demo.load()
    demo.load()
    visit = Visit.objects.get(country_code="TJ")
    assert visit.recommendations.filter(review=Review.ACCEPTED).count() == 7
    assert all(
        c.public_note.startswith("Demo (fictional)")
        for r in visit.recommendations.all()
        for c in r.status_changes.all()
    )


def test_demo_without_shared_folder_says_so(db, settings, tmp_path):
    from rapporteur.visits import demo as visits_demo

    settings.VISITS_SHARED_DIR = tmp_path / "absent"
    assert "is absent" in visits_demo.load(acting_user=None, desk_keys={})


def test_staff_correct_who_recommends_and_how(client_for, officer):
    from django.urls import reverse

    rec = make_recommendation(make_visit(), body="Committee against Torture", strength="urges")
    response = client_for(officer).post(
        reverse("visits:recommendation_edit", args=[rec.pk]),
        {
            "text": rec.text,
            "addressee": rec.addressee,
            "body": "Human Rights Committee",
            "subitem": "c",
            "strength": "recommends",
            "priority": "on",
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.body, rec.subitem, rec.strength, rec.priority) == (
        "Human Rights Committee", "c", "recommends", True,
    )  # fmt: skip
    before = rec.revisions.get().before
    assert (before["body"], before["strength"], before["priority"]) == (
        "Committee against Torture", "urges", False,
    )  # fmt: skip
