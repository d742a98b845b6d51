"""In a real Chromium with JavaScript off: the analyst filters the dashboard, reads
the charts, the map of regions and the comparison in Russian and Tajik, and downloads
a chart and the map."""

from __future__ import annotations

import pytest

from rapporteur.testing.browser import screenshot_path, shot, signed_in_page
from rapporteur.testing.insights import CodedAct, coded_acts

MAP = "section[aria-labelledby=panel-map]"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acts(desk, officer):
    rows = [CodedAct("May 2022", region="TJ-SU", profession="journalist")] * 8
    rows += [CodedAct("2022", region="TJ-KT", profession="blogger")] * 6
    rows += [CodedAct("12 March 2022", act_type="travel_ban", region="TJ-DU")] * 5
    return coded_acts(rows, owner_id=officer.pk)


def _close(page) -> None:
    page.context.close()
    from django.db import connections

    connections.close_all()


def test_the_dashboard_works_without_javascript(chromium, live_server, rapporteur_user, acts):
    page = signed_in_page(chromium, live_server, rapporteur_user)
    try:
        page.click("nav.staff >> text=Patterns")
        page.fill("#id_start", "2022-01-01")
        page.fill("#id_end", "2022-12-31")
        page.select_option("#id_interval", "quarter")
        page.click("form.insights-filters button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("section.insight svg").count() == 7  # six charts, the map
        assert "19 persons were subjected to any recorded act" in page.inner_text("p.sentence")
        region = page.locator("#panel-region + .insight-body table")
        assert "Sughd Region" in region.inner_text()
        assert page.locator("svg title", has_text="Acts over time").count() == 1
        shot(page, "insights-dashboard-en")
        with page.expect_download() as download:
            page.click("#panel-region + .insight-body >> text=SVG")
        assert download.value.suggested_filename == "region.svg"
        with page.expect_download() as download:
            page.click("#panel-series + .insight-body >> text=PNG")
        assert download.value.suggested_filename == "series.png"
        # The map of Tajikistan's five regions, beside its own table.
        assert page.locator(f"{MAP} svg path.region").count() == 5
        assert page.locator(f"{MAP} svg path.shaded").count() == 3
        assert "Sughd Region" in page.inner_text(f"{MAP} table")
        page.locator(MAP).screenshot(path=str(screenshot_path("insights-map-en")))
        with page.expect_download() as download:
            page.click(f"{MAP} >> text=PNG")
        assert download.value.suggested_filename == "map.png"
    finally:
        _close(page)


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", ("Закономерности", "Действия по регионам", "Согдийская область",
             "Карта действий по регионам", "действий не записано")),
     ("tg", ("Қонуниятҳо", "Амалҳо аз рӯи минтақаҳо", "Вилояти Суғд",
             "Харитаи амалҳо аз рӯи минтақаҳо", "амале сабт нашудааст"))],
)  # fmt: skip
def test_the_dashboard_in_russian_and_tajik(chromium, live_server, analyst, acts, language, words):
    page = signed_in_page(chromium, live_server, analyst, language=language)
    try:
        page.goto("/desk/insights/?start=2022-05-01&end=2022-05-31")
        text = page.inner_text("main")
        assert all(w in text for w in words), text[:2000]
        assert "Acts" not in text and "suppressed" not in text
        # Sughd's and Khatlon's figures are hidden from the analyst: hatched, not shaded.
        assert page.locator(f"{MAP} svg path.suppressed").count() == 2
        assert page.locator(f"{MAP} svg path.shaded").count() == 0
        map_text = page.inner_text(MAP)
        assert "no act" not in map_text and "region" not in map_text.lower()
        page.locator(MAP).screenshot(path=str(screenshot_path(f"insights-map-{language}")))
        shot(page, f"insights-dashboard-{language}")
    finally:
        _close(page)


def test_a_country_report_is_asked_for_built_and_downloaded(
    chromium, live_server, analyst, acts, tmp_path
):
    """JavaScript off: the analyst asks for Tajikistan's 2022 report, watches the job
    page wait for the worker and reload itself, and downloads the PDF once it is
    ready; the PDF holds the figures."""
    import io
    import re

    from pypdf import PdfReader

    from rapporteur.insights.models import ReportJob
    from rapporteur.insights.tasks import build_country_report

    page = signed_in_page(chromium, live_server, analyst)
    try:
        page.goto("/desk/insights/")
        page.click("main >> text=Country reports")
        page.select_option("#id_country", "TJ")
        page.fill("#id_year", "2022")
        page.select_option("#id_language", "en")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/desk/insights/reports/*/")
        assert "Waiting for the background worker" in page.inner_text("#job-state")
        assert page.locator("progress#job-progress").count() == 1
        shot(page, "insights-report-waiting")
        # The worker takes the job; the page, reloading itself, shows it ready.
        build_country_report.call(ReportJob.objects.get().pk)
        page.wait_for_selector("text=Download as PDF", timeout=15000)
        assert "Ready" in page.inner_text("#job-state")
        shot(page, "insights-report-ready")
        with page.expect_download() as download:
            page.click("text=Download as PDF")
        path = tmp_path / "report.pdf"
        download.value.save_as(path)
        assert download.value.suggested_filename == "report-TJ-2022-01-01-2022-12-31-en.pdf"
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
        assert "Situation of human rights defenders in Tajikistan, 2022" in text
        assert "Acts in the period 19" in text
        assert "In 2022, 19 persons were subjected to any recorded act" in text
        assert "Sughd Region 8 8" in text
    finally:
        _close(page)
