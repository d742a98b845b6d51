"""Recommendation follow-up in figures: statuses now and on an earlier day (the last
status recorded by then), shares, and groups by theme, addressee and document."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from rapporteur.insights import follow_up
from rapporteur.testing.visits import make_recommendation, make_visit
from rapporteur.visits.models import Review, Status, StatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations(officer):
    """Four accepted: one implemented in 2023 after partial in 2022, one partial since
    2024, one with no status ever recorded, one to Parliament regressed in 2024 after
    implemented in 2022; and one suggestion, which never counts."""
    visit = make_visit()
    found = [make_recommendation(visit, paragraph=str(n)) for n in range(3)]
    found.append(make_recommendation(visit, paragraph="9", addressee="Parliament"))
    make_recommendation(visit, paragraph="99", review=Review.SUGGESTED, status=Status.IMPLEMENTED)
    history = [
        (0, Status.PARTIAL, date(2022, 6, 1)),
        (0, Status.IMPLEMENTED, date(2023, 6, 1)),
        (1, Status.PARTIAL, date(2024, 2, 1)),
        (3, Status.IMPLEMENTED, date(2022, 9, 1)),
        (3, Status.REGRESSED, date(2024, 3, 1)),
    ]
    for index, status, day in history:
        rec = found[index]
        StatusChange.objects.create(recommendation=rec, status=status, date=day, changed_by=officer)
        rec.status = status
        rec.save(update_fields=["status"])
    return found


def test_statuses_then_and_now(recommendations):
    then, now = follow_up.status_change(follow_up.accepted(), since=date(2023, 1, 1))
    assert then.counts == {Status.PARTIAL: 1, Status.IMPLEMENTED: 1, Status.NOT_STARTED: 2}
    assert now.counts == {
        Status.IMPLEMENTED: 1,
        Status.PARTIAL: 1,
        Status.NOT_STARTED: 1,
        Status.REGRESSED: 1,
    }
    assert (now.percent_implemented, now.percent_partial, now.percent_not) == (25, 25, 50)


def test_groups(recommendations):
    recs = follow_up.accepted(country="tj")
    (theme,) = follow_up.by_group(recs, "theme")
    assert theme.label == "Human rights defenders" and theme.total == 4
    addressees = {t.label: t.total for t in follow_up.by_group(recs, "addressee")}
    assert addressees == {"Government": 3, "Parliament": 1}
    assert follow_up.accepted(country="KG").count() == 0


def test_the_page(recommendations, client_for, officer, analyst):
    url = reverse("insights:follow_up")
    page = client_for(officer).get(url, {"since": "2023-01-01"}).content.decode()
    assert "Recommendation follow-up in figures" in page
    assert '<th scope="row">Regressed</th><td>0</td><td>1</td><td>+1</td>' in page
    assert client_for(officer).get(url, {"since": "soon", "country": "ZZ"}).status_code == 200
    assert client_for(analyst).get(url).status_code == 403


def test_the_theme_chart_has_its_table_its_words_and_its_files(
    recommendations, client_for, officer, analyst
):
    """Beside the chart, a table of its figures; each bar says what its two figures
    are (not "1-2", which reads as a date's two bounds); the chart downloads as SVG
    and PNG under the page's permission."""
    client = client_for(officer)
    page = client.get(reverse("insights:follow_up"), {"country": "TJ"}).content.decode()
    chart = page[page.index('id="themes-chart"') : page.index('id="group-1"')]
    assert "1 implemented, 1 partly" in chart and "1\u20132" not in chart
    assert '<th scope="row">Human rights defenders</th><td>1</td><td>1</td>' in chart
    svg_url = reverse("insights:follow_up_chart_svg")
    assert f'href="{svg_url}?country=TJ"' in chart
    svg = client.get(svg_url, {"country": "TJ"})
    assert svg["Content-Disposition"].startswith("attachment")
    assert svg.content.decode() == chart[chart.index("<svg") : chart.index("</svg>") + 6]
    png = client.get(reverse("insights:follow_up_chart_png"), {"country": "TJ"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert client_for(analyst).get(svg_url).status_code == 403
    for language, words in (("ru", "выполнено: 1, частично: 1"), ("tg", "иҷро шудааст: 1")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert words in client.get(svg_url, {"country": "TJ"}).content.decode()
