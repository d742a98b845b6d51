"""A flood in the inbox: an hour with at least ``INTAKE_FLOOD_ALERT_PER_HOUR``
arrivals is one alert at the top and one row in the list, linking to its own list,
so real submissions stay in view. Counted over what each user may see; times to
the hour only."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapporteur.cases.services import records
from rapporteur.intake.models import Submission
from rapporteur.testing.cases import desk_keys_of, sign_in_with_keys
from rapporteur.testing.intake import arrivals, receipt_in, submit
from rapporteur.testing.vault import initialise

pytestmark = pytest.mark.django_db
INBOX = reverse("intake_desk:inbox")
ALERT = 'id="flood-alert"'


@pytest.fixture
def desk(rapporteur_user, officer, other_officer, settings):
    settings.INTAKE_FLOOD_ALERT_PER_HOUR = 50
    return initialise(rapporteur_user, officer, other_officer)


def _hour(hours_ago: int):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now - timedelta(hours=hours_ago)


def _row_links(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/desk/inbox/(\d+)/"', page)}


def _inbox(client, **query: str) -> str:
    response = client.get(INBOX, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_flood_is_one_alert_and_one_row_and_real_submissions_stay_in_view(desk, officer):
    flood_hour = _hour(5)
    older = arrivals(3, hour=_hour(8))
    flood = arrivals(412, hour=flood_hour)
    receipt_in(submit(Client()))  # a real source, this hour
    real = Submission.objects.order_by("-id").first()
    assert real is not None
    page = _inbox(sign_in_with_keys(officer))
    start, end = flood_hour.strftime("%H:%M"), (flood_hour + timedelta(hours=1)).strftime("%H:%M")
    day = flood_hour.strftime("%Y-%m-%d")
    said = f"412 submissions arrived between {start} and {end} on {day} — far above the usual rate."
    assert page.count(ALERT) == 1 and said in page
    assert f"412 submissions from {start} to {end} on {day}, grouped as a flood." in page
    key = flood_hour.strftime("%Y-%m-%dT%H")
    assert page.count(f'href="?hour={key}"') == 2  # the alert's link and the row's
    # The list holds the submissions of other hours, not the flood's hundreds.
    shown = _row_links(page)
    assert shown == {real.pk} | {s.pk for s in older}
    assert not shown & {s.pk for s in flood}
    # The flood's row stands where its hour falls: after the newer, before the older.
    newer_row = page.index(f'href="/desk/inbox/{real.pk}/"')
    older_row = page.index(f'href="/desk/inbox/{older[0].pk}/"')
    assert newer_row < page.index("grouped as a flood") < older_row
    # Times to the hour only: every time the alert gives is a full hour.
    alert = page[page.index(ALERT) : page.index("</div>", page.index(ALERT))]
    minutes = re.findall(r"\d\d:(\d\d)", alert)
    assert minutes and set(minutes) == {"00"}


def test_reviewing_a_flood_lists_its_hour_page_by_page(desk, officer):
    flood_hour = _hour(2)
    flood = arrivals(60, hour=flood_hour)
    arrivals(2, hour=_hour(4))
    client = sign_in_with_keys(officer)
    key = flood_hour.strftime("%Y-%m-%dT%H")
    first = _inbox(client, hour=key)
    assert 'id="flood-review"' in first and ALERT not in first
    assert len(_row_links(first)) == 50 and _row_links(first) <= {s.pk for s in flood}
    assert f"hour={key}&amp;page=2" in first and 'name="hour" value="' + key in first
    second = _inbox(client, hour=key, page="2")
    assert len(_row_links(second)) == 10
    assert _row_links(first) | _row_links(second) == {s.pk for s in flood}
    # A value that names no hour is ignored: the whole inbox, with its alert.
    assert ALERT in _inbox(client, hour="14:00; drop table")


def test_fewer_arrivals_than_the_threshold_are_listed_as_usual(desk, officer):
    below = arrivals(49, hour=_hour(1))
    page = _inbox(sign_in_with_keys(officer))
    assert ALERT not in page and "grouped as a flood" not in page
    assert len(_row_links(page)) == 49 and _row_links(page) == {s.pk for s in below}


def test_the_flood_row_lands_on_the_page_where_its_hour_falls(desk, officer, settings):
    settings.INTAKE_FLOOD_ALERT_PER_HOUR = 5
    arrivals(5, hour=_hour(30))
    by_hour = {hours: arrivals(1, hour=_hour(hours))[0].pk for hours in range(55)}
    client = sign_in_with_keys(officer)
    # 54 rows (hour 30 is grouped, its own arrival with the flood): page 1 holds
    # hours 0 to 29, the flood's row, hours 31 to 50; page 2 hours 51 to 54.
    first, second = _inbox(client), _inbox(client, page="2")
    group = "6 submissions from"
    assert group in first and group not in second
    assert ALERT in first and ALERT in second  # the alert stays at the top of every page
    before, after = (first.index(f'href="/desk/inbox/{by_hour[h]}/"') for h in (29, 31))
    assert before < first.index(group) < after
    assert _row_links(second) == {by_hour[h] for h in range(51, 55)}
    assert by_hour[30] not in _row_links(first) | _row_links(second)


def test_counts_follow_need_to_know(desk, officer, other_officer):
    """An officer who may not see some of the hour's submissions (taken into a case
    of someone else's) counts only those they may see: below the threshold, no
    alert, and those they may not see are nowhere on their page."""
    flood = arrivals(52, hour=_hour(3))
    case = records.open_case(
        acting_user=officer,
        title="Restricted",
        country="TJ",
        summary="",
        desk_keys=desk_keys_of(officer),
        opened_on=date(2026, 1, 1),
    )
    case.submissions.add(*flood[:3])
    owner_page = _inbox(sign_in_with_keys(officer))
    assert ALERT in owner_page and "52 submissions arrived" in owner_page
    outsider_page = _inbox(sign_in_with_keys(other_officer))
    assert ALERT not in outsider_page and "52 submissions" not in outsider_page
    assert _row_links(outsider_page) == {s.pk for s in flood[3:]}


def test_the_alert_is_in_the_page_language(desk, officer):
    arrivals(60, hour=_hour(2))
    client = sign_in_with_keys(officer)
    for language, words in (("ru", "намного больше обычного"), ("tg", "хеле бештар аз маъмулӣ")):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        page = _inbox(client)
        assert words in page and "far above the usual rate" not in page
