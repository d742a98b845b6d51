"""What a first try of the pages in a browser found: turned chart labels cut at the
foot, an error page for far-off dates, a "Table by" list that named another table
than the one drawn, file links offered to readers who may not export, data tables
whose first column had no heading, and a Russian legend whose words ran into the next
key."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.insights.charts import SIN_60, Bar, Chart, layout, text_width
from rapporteur.testing.insights import CodedAct, coded_acts
from rapporteur.testing.visits import make_recommendation, make_visit

YEARS = "?start=2021-01-01&end=2022-12-31&interval=year"


@pytest.fixture
def acts(desk, officer):
    return coded_acts(
        [CodedAct("May 2022", region="TJ-SU", profession="journalist")] * 6,
        owner_id=officer.pk,
    )


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "labels",
    [
        ["декабрь 2025 г.", "сентябрь 2026 г.", "ноябрь 2026 г."],
        ["Семоҳаи 1 2021", "Семоҳаи 4 2022"],
        [f"month {n}" for n in range(60)],
    ],
)
def test_turned_labels_are_whole_and_inside_the_chart(labels):
    drawn = layout(Chart("Acts over time", [Bar(t, 1, 2) for t in labels], columns=True))
    turned = [t for t in drawn.texts if t.rotate]
    assert [t.text for t in turned] == labels  # none cut short with "…"
    for text in turned:
        width = text_width(text.text)
        assert text.y + width * SIN_60 <= drawn.height, text.text  # not cut at the foot
        assert text.x - width / 2 >= 0, text.text  # nor at the left edge


@pytest.mark.parametrize(
    "legend",
    [
        ("Выполнено", "Выполнено частично"),
        ("Иҷрошуда", "Қисман иҷрошуда"),
        ("Доказанные нарушения (определённо)", "Возможные нарушения"),
        ("Implemented", "Partially implemented"),
    ],
)
@pytest.mark.parametrize("columns", [False, True])
def test_legend_keys_never_touch_and_stay_inside_the_chart(legend, columns):
    drawn = layout(Chart("Выполнение по темам", [Bar("a", 1, 2)], columns=columns, legend=legend))
    first, second = (t for t in drawn.texts if t.text in legend)
    second_square = next(r for r in drawn.rects if r.y == second.y - 10 and r.x > first.x)
    assert second_square.x >= first.x + text_width(first.text) + 12  # a clear gap
    assert second.x + text_width(second.text) <= drawn.width


@pytest.mark.parametrize(
    "query",
    [
        "?start=0001-01-01&end=9999-12-31",
        "?start=1066-10-14&end=2022-12-31&interval=month",
        "?start=2022-01-01&end=3000-01-01&interval=quarter",
    ],
)
def test_far_off_dates_get_a_message_not_an_error_page(client_for, analyst, acts, query):
    page = _page(client_for(analyst), reverse("insights:dashboard") + query)
    assert 'class="error" role="alert"' in page
    assert "Ensure this value is" in page
    chart = client_for(analyst).get(reverse("insights:chart_svg", args=["series"]) + query)
    assert chart.status_code == 200


def test_the_table_list_names_the_table_drawn(client_for, analyst, acts):
    """ "Show every year with acts" leaves the table out: the list must then show the
    default table, which the page draws, not the list's first entry."""
    page = _page(client_for(analyst), reverse("insights:dashboard") + YEARS)
    assert '<option value="legal_provision" selected>' in page
    assert 'id="panel-legal_provision"' in page
    page = _page(client_for(analyst), reverse("insights:dashboard") + YEARS + "&dimension=sex")
    assert '<option value="sex" selected>' in page and 'id="panel-sex"' in page


def test_file_links_only_for_readers_who_may_export(client_for, officer, analyst, acts):
    make_recommendation(make_visit(), paragraph="1")
    officer_client = client_for(officer)
    for name in ("insights:dashboard", "insights:letters", "insights:follow_up"):
        query = YEARS if name == "insights:dashboard" else ""
        page = _page(officer_client, reverse(name) + query)
        assert "/desk/insights/tables/" not in page, name
        assert "Files for publication" not in page, name
    for name in ("insights:dashboard", "insights:letters"):
        page = _page(client_for(analyst), reverse(name))
        assert "/desk/insights/tables/" in page, name


def test_data_tables_name_their_first_column(client_for, rapporteur_user, acts):
    make_recommendation(make_visit(), paragraph="1")
    client = client_for(rapporteur_user)
    page = _page(client, reverse("insights:dashboard") + YEARS)
    assert '<th scope="col"></th>' not in page
    assert '<th scope="col">Period</th>' in page and '<th scope="col">Region</th>' in page
    page = _page(client, reverse("insights:follow_up"))
    assert '<th scope="col"></th>' not in page
    assert '<th scope="col">Theme</th>' in page and '<th scope="col">Addressee</th>' in page
