"""Communications in figures: letters by year, type, joint or not, and mandate; per
State the reply rate, median days, letters overdue now and late replies, each
checked against letters whose dates are set by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from rapporteur.communications.models import SpecialProcedureMandate
from rapporteur.insights import letters
from rapporteur.testing.communications import letter_row, reply_row

pytestmark = pytest.mark.django_db
AS_OF = date(2024, 12, 31)


@pytest.fixture
def sent(desk, officer):
    """2023: one UA to Tajikistan. 2024: to Tajikistan a joint UA replied in 10 days,
    an AL replied after 90 days (late), an OL never replied (overdue); to Kyrgyzstan
    one UA sent on 20 December, still within its window."""
    own = SpecialProcedureMandate.objects.get(is_own=True)  # seeded with the desk
    other = SpecialProcedureMandate.objects.create(
        short_name="FOE", name_en="Expression", name_ru="Выражение"
    )
    rows = {}
    for number, (key, code, kind, day) in enumerate(
        [
            ("old", "TJK", "UA", date(2023, 5, 1)),
            ("joint", "TJK", "UA", date(2024, 1, 10)),
            ("late", "TJK", "AL", date(2024, 2, 1)),
            ("overdue", "TJK", "OL", date(2024, 3, 1)),
            ("pending", "KGZ", "UA", date(2024, 12, 20)),
        ],
        start=1,
    ):
        row = letter_row(created_by=officer, sent_on=day, number=number, code=code)
        row.kind = kind
        row.save()
        row.mandates.add(own)
        rows[key] = row
    rows["joint"].mandates.add(other)
    reply_row(rows["joint"], received_on=date(2024, 1, 20), in_time=True)
    reply_row(rows["late"], received_on=date(2024, 5, 1))
    return rows


def test_letters_by_year_type_and_joint(sent, rapporteur_user):
    found = letters.sent_by_kind(user=rapporteur_user, first_year=2023, last_year=2024)
    assert [(k.year, k.kind, k.joint, k.count) for k in found] == [
        (2023, "UA", False, 1),
        (2024, "UA", False, 1),
        (2024, "UA", True, 1),
        (2024, "AL", False, 1),
        (2024, "OL", False, 1),
    ]
    own = SpecialProcedureMandate.objects.get(is_own=True).short_name
    assert letters.sent_by_mandate(user=rapporteur_user, first_year=2024, last_year=2024) == [
        (own, 4),
        ("FOE", 1),
    ]


def test_reply_figures_by_state(sent, rapporteur_user):
    lines, total = letters.by_state(user=rapporteur_user, year=2024, as_of=AS_OF)
    (code, tajikistan), (other, kyrgyzstan) = lines
    assert code == "TJK" and tajikistan.sent == 3
    assert tajikistan.percent_replied == 67  # 2 of 3 settled
    assert tajikistan.median_days_shown == "50"  # 10 and 90 days
    assert (tajikistan.overdue, tajikistan.late) == (1, 1)
    assert other == "KGZ" and kyrgyzstan.pending == 1
    assert kyrgyzstan.percent_replied is None and kyrgyzstan.overdue == 0
    assert total.sent == 4 and total.overdue == 1


def test_the_page_for_each_role_and_bad_years(sent, client_for, analyst, administrator):
    url = reverse("insights:letters")
    page = client_for(analyst).get(url, {"first": 2023, "last": 2024}).content.decode()
    assert "Communications in figures" in page and "Tajikistan" in page
    assert "<td>67 %</td><td>50</td><td>1</td><td>1</td>" in page
    bad = client_for(analyst).get(url, {"first": "2030", "last": "1999"})
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()
    assert client_for(administrator).get(url).status_code == 403


def _inline_svg(page: str) -> str:
    return page[page.index("<svg") : page.index("</svg>") + len("</svg>")]


def test_the_chart_downloads_as_svg_and_png(sent, client_for, analyst, administrator):
    """The chart of the page, for the same years, under the page's permission."""
    years = {"first": 2023, "last": 2024}
    client = client_for(analyst)
    page = client.get(reverse("insights:letters"), years).content.decode()
    svg_url = reverse("insights:letters_chart_svg")
    png_url = reverse("insights:letters_chart_png")
    assert f'href="{svg_url}?first=2023&amp;last=2024"' in page
    assert f'href="{png_url}?first=2023&amp;last=2024"' in page
    svg = client.get(svg_url, years)
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"].startswith("attachment")
    assert svg.content.decode() == _inline_svg(page)
    png = client.get(png_url, years)
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert client_for(administrator).get(svg_url).status_code == 403
