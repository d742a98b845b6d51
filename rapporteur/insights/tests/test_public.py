"""The public statistics page: the rapporteur publishes a table of a whole year, an
anonymous visitor reads it (suppressed, frozen as published) in en, ru and tg, with
its files; nothing else of the desk shows there."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.insights.models import PublishedTable
from rapporteur.insights.tests.test_exports import K, csv_cells
from rapporteur.testing.insights import CodedAct, coded_acts

pytestmark = pytest.mark.django_db

YEAR = date.today().year - 1
PAGE = "/statistics/"


@pytest.fixture
def acts(desk, officer):
    """Six men and one woman arrested in Sughd, in a case with a telling title."""
    return coded_acts(
        [CodedAct(f"May {YEAR}", region="TJ-SU", sex="m")] * 6
        + [CodedAct(f"May {YEAR}", region="TJ-SU", sex="f")],
        owner_id=officer.pk,
        title="Arrest of the journalist Karimov",
    )


def _publish(client, slug="acts-sex", year=YEAR):
    return client.post(reverse("insights:publish"), {"table": slug, "year": str(year)})


def test_nothing_published_is_a_plain_page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Nothing has been published here yet." in response.content.decode()


def test_the_rapporteur_publishes_and_anyone_reads_it_suppressed(client_for, rapporteur_user, acts):
    desk = client_for(rapporteur_user)
    assert _publish(desk).status_code == 302
    entry = AuditEntry.objects.get(tag="insights:table:publish")
    assert entry.extras == {"table": "acts-sex", "year": YEAR}
    page = Client().get(PAGE).content.decode()
    assert f"sex, {YEAR}</h2>" in page
    assert "<td>suppressed</td>" in page
    for small in range(1, K):
        assert f"<td>{small}</td>" not in page
    assert "Karimov" not in page and "/desk/cases/" not in page


def test_the_public_page_lists_regions_with_no_act(client_for, rapporteur_user, acts):
    """Only Sughd has acts; every other region of Tajikistan is listed, suppressed
    like Sughd's own small figures, so that no missing row says "0"."""
    _publish(client_for(rapporteur_user), slug="acts-region")
    page = Client().get(PAGE).content.decode()
    for region in ("Sughd Region", "Gorno-Badakhshan Autonomous Region (GBAO)", "Dushanbe"):
        assert f"{region}</th>" in page
    assert "<td>0</td>" not in page


def test_the_public_files_are_the_published_table(client_for, rapporteur_user, acts):
    _publish(client_for(rapporteur_user))
    anonymous = Client()
    response = anonymous.get(reverse("statistics:csv", args=["acts-sex", YEAR]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    for row in csv_cells(response.content)[1:]:
        for cell in row[1:]:
            assert cell == "suppressed" or int(cell) >= K
    body = json.loads(anonymous.get(reverse("statistics:json", args=["acts-sex", YEAR])).content)
    assert body["metadata"]["period"] == str(YEAR)
    assert all(c is None or c >= K for row in body["rows"] for c in row["cells"])


def test_a_published_table_stays_as_it_was_published(client_for, rapporteur_user, acts, officer):
    desk = client_for(rapporteur_user)
    _publish(desk)
    before = _tables(Client().get(PAGE).content.decode())
    coded_acts([CodedAct(f"June {YEAR}", sex="f")] * 9, owner_id=officer.pk)
    _publish(desk)  # again: the frozen table stays
    assert _tables(Client().get(PAGE).content.decode()) == before
    assert "<td>7</td>" in before
    assert PublishedTable.objects.count() == 1


def _tables(page: str) -> str:
    return page[page.index("<h1>") : page.index("<footer")]


def test_a_table_not_published_has_no_public_file(client):
    response = client.get(reverse("statistics:csv", args=["acts-region", YEAR]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", ["Статистика", "скрыто"]), ("tg", ["Омор", "пинҳон"])],
)
def test_the_page_speaks_russian_and_tajik(client_for, rapporteur_user, acts, language, words):
    _publish(client_for(rapporteur_user))
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = visitor.get(PAGE).content.decode()
    for word in words:
        assert word in page
    for english in ("suppressed", "Total", "Download", "Certainly in the year"):
        assert english not in page


def test_withdrawing_takes_it_down(client_for, rapporteur_user, acts):
    desk = client_for(rapporteur_user)
    _publish(desk)
    table = PublishedTable.objects.get()
    assert desk.post(reverse("insights:withdraw", args=[table.pk])).status_code == 302
    assert "Nothing has been published here yet." in Client().get(PAGE).content.decode()
    assert AuditEntry.objects.filter(tag="insights:table:withdraw").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"table": "acts-country", "year": str(YEAR)},  # country is never published
        {"table": "acts-sex", "year": str(date.today().year)},  # a year under way
        {"table": "acts-sex", "year": "last"},
        {},
    ],
)
def test_a_bad_choice_publishes_nothing(client_for, rapporteur_user, acts, data):
    desk = client_for(rapporteur_user)
    response = desk.post(reverse("insights:publish"), data, follow=True)
    assert response.status_code == 200
    assert "Choose a table and a whole year that has ended." in response.content.decode()
    assert not PublishedTable.objects.exists()


def test_only_the_rapporteur_publishes(client_for, analyst, acts):
    assert _publish(client_for(analyst)).status_code == 403
    assert not PublishedTable.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_publishing_and_reading_work_without_javascript(
    chromium, live_server, rapporteur_user, acts, language
):
    from django.db import connections

    from rapporteur.testing.browser import shot, signed_in_page

    page = signed_in_page(chromium, live_server, rapporteur_user, language=language)
    try:
        page.goto("/desk/insights/published/")
        page.select_option("#id_table", "acts-region")
        page.select_option("#id_year", str(YEAR))
        page.click("main form.filters button[type=submit]")
        page.wait_for_load_state()
        visitor = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
        visitor.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        public_page = visitor.new_page()
        public_page.goto(PAGE)
        text = public_page.inner_text("main")
        assert str(YEAR) in text and "Karimov" not in text
        if language != "en":
            assert "suppressed" not in text and "Total" not in text
        with public_page.expect_download() as download:
            public_page.click("main section >> text=CSV")
        assert download.value.suggested_filename == f"acts-region-{YEAR}.csv"
        shot(public_page, f"insights-public-statistics-{language}")
        visitor.close()
    finally:
        page.context.close()
        connections.close_all()
