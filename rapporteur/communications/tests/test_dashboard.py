"""The staff dashboard's communications panels, the staff navigation and the public
home page's links: counts only, by permission."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.communications.models import Communication, State
from rapporteur.communications.selectors import deadline_counts, reply_figures, reply_period
from rapporteur.testing.communications import letter_row, reply_row

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2022, 7, 13)


def _sent(officer, *, due_on, number, state=State.AWAITING_REPLY, has_reply=False):  # type: ignore[no-untyped-def]
    letter = letter_row(
        created_by=officer, sent_on=due_on - timedelta(days=60), number=number, state=state,
        has_reply=has_reply,
    )  # fmt: skip
    letter.save()
    return letter


def test_deadline_counts_split_the_week_from_the_overdue(officer):
    _sent(officer, due_on=WEDNESDAY, number=1)  # due today: this week
    _sent(officer, due_on=WEDNESDAY + timedelta(days=4), number=2)  # Sunday: this week
    _sent(officer, due_on=WEDNESDAY + timedelta(days=5), number=3)  # next Monday
    _sent(officer, due_on=WEDNESDAY - timedelta(days=1), number=4)  # yesterday: overdue
    _sent(officer, due_on=WEDNESDAY - timedelta(days=1), number=5, has_reply=True)
    counts = deadline_counts(user=officer, today=WEDNESDAY)
    assert (counts.due_this_week, counts.overdue, counts.unanswered) == (2, 1, 4)


def test_reply_summary_counts_every_addressee_together(officer):
    late = _sent(officer, due_on=date(2022, 4, 1), number=1, state=State.REPLY_RECEIVED)
    reply_row(late, received_on=date(2022, 4, 20))
    _sent(officer, due_on=date(2022, 5, 1), number=2)  # window closed, no reply
    summary = reply_figures(user=officer, year=2022, as_of=WEDNESDAY).total
    assert (summary.sent, summary.replied, summary.in_time) == (2, 1, 0)
    assert summary.share_substantive == 0


def test_drafting_roles_see_the_deadlines_panel_and_the_analyst_only_statistics(
    client_for, officer, analyst
):
    today = timezone.localdate()
    _sent(officer, due_on=today - timedelta(days=3), number=1)
    page = client_for(officer).get(reverse("core:dashboard")).content.decode()
    assert "0 replies due this week, 1 overdue, 1 sent and unanswered." in page
    assert reverse("communications_desk:list") in page
    assert reverse("communications_desk:stats") in page
    page = client_for(analyst).get(reverse("core:dashboard")).content.decode()
    assert "overdue" not in page
    assert f'href="{reverse("communications_desk:list")}"' not in page
    assert reverse("communications_desk:stats") in page


def test_navigation_follows_the_permissions(client_for, officer, analyst, administrator):
    press = reverse("communications_desk:press_list")
    listing = reverse("communications_desk:list")
    page = client_for(officer).get(reverse("core:dashboard")).content.decode()
    assert f'href="{listing}"' in page and f'href="{press}"' in page
    for user in (analyst, administrator):
        page = client_for(user).get(reverse("core:dashboard")).content.decode()
        assert f'href="{listing}"' not in page and f'href="{press}"' not in page


def test_home_page_links_to_the_report_the_press_releases_and_the_explanation(client):
    page = client.get(reverse("core:home")).content.decode()
    for name in ("communications:report", "communications:press_list", "communications:about"):
        assert f'href="{reverse(name)}"' in page


def test_reply_figures_in_sql_match_the_reference_statistics(officer):
    from rapporteur.communications.selectors import _sent_records
    from rapporteur.communications.stats import reply_statistics

    as_of = date(2022, 6, 30)

    def reply(c, on, assessment="partial"):  # type: ignore[no-untyped-def]
        reply_row(c, received_on=on, assessment=assessment)

    on_due = _sent(officer, due_on=date(2022, 4, 1), number=1, state=State.REPLY_RECEIVED)
    reply(on_due, date(2022, 4, 1))  # on the due date: in time
    reply(on_due, date(2022, 5, 2), "substantive")  # a later, substantive one
    day_late = _sent(officer, due_on=date(2022, 4, 2), number=2, state=State.PUBLISHED)
    reply(day_late, date(2022, 4, 3), "substantive")
    future = _sent(officer, due_on=date(2022, 6, 1), number=3, state=State.REPLY_RECEIVED)
    reply(future, date(2022, 7, 5), "substantive")  # after as_of: not yet known
    _sent(officer, due_on=date(2022, 7, 20), number=4)  # window open: pending
    _sent(officer, due_on=date(2022, 6, 29), number=5)  # closed the day before as_of
    _sent(officer, due_on=date(2022, 6, 30), number=6)  # due on as_of: still pending
    _sent(officer, due_on=date(2022, 3, 1), number=7, state=State.DRAFT)  # never sent
    old = _sent(officer, due_on=date(2022, 1, 5), number=8, state=State.REPLY_RECEIVED)
    reply(old, date(2022, 1, 1))  # sent in 2021: outside the period
    for n, delay in enumerate((3, 10, 31, 45), start=9):
        c = _sent(officer, due_on=date(2022, 5, 1), number=n, state=State.REPLY_RECEIVED)
        reply(c, date(2022, 3, 2) + timedelta(days=delay), "acknowledgement")
    start, end = reply_period(year=2022, as_of=as_of)
    assert (start, end) == (date(2022, 1, 1), as_of)  # never letters "sent" after as_of
    records = _sent_records(communications=Communication.objects.all(), start=start, end=end)
    expected = reply_statistics(records=records, start=start, end=end, as_of=as_of)
    figures = reply_figures(user=officer, year=2022, as_of=as_of, by_addressee=True)
    assert figures.total == expected
    assert figures.by_addressee == {"TJK": expected}
    assert (expected.sent, expected.pending, expected.replied) == (10, 2, 6)
    assert (expected.in_time, expected.substantive) == (5, 2)


def _many(officer, count, start):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    Communication.objects.bulk_create(
        letter_row(created_by=officer, sent_on=today - timedelta(days=i % 90), number=i)
        for i in range(start, start + count)
    )


def test_list_and_home_run_a_bounded_number_of_queries(client_for, officer, rapporteur_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk, chief = client_for(officer), client_for(rapporteur_user)
    counts = []
    for start, count in ((1, 5), (6, 120)):
        _many(officer, count, start)
        with CaptureQueriesContext(connection) as listed:
            response = desk.get(reverse("communications_desk:list"))
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as home:
            assert chief.get(reverse("core:dashboard")).status_code == 200
        counts.append((len(listed), len(home)))
    # The same number of queries for 5 letters as for 125 (no query per row), and few.
    assert counts[0] == counts[1]
    assert counts[1][0] <= 12 and counts[1][1] <= 20
    page = desk.get(reverse("communications_desk:list")).content.decode()
    assert page.count("<tr><td><a ") == 50  # one page of rows, not every letter
    assert "1 / 3" in page
    second = desk.get(reverse("communications_desk:list") + "?page=3").content.decode()
    assert "3 / 3" in second


def _plan(queryset_or_sql, params=()):  # type: ignore[no-untyped-def]
    from django.db import connection

    if not isinstance(queryset_or_sql, str):
        queryset_or_sql, params = queryset_or_sql.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + queryset_or_sql, params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_deadline_queries_are_answered_from_their_indexes(officer, rapporteur_user):
    """The overdue dashboard's queries look their rows up in an index, never by the
    (state, addressee, year) index that makes SQLite read every sent letter, public
    letter and envelope included (``NOT has_reply`` cannot use an index)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rapporteur.communications.selectors import _unanswered, deadlines

    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    _many(officer, 30, 1)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        deadlines(user=rapporteur_user, today=today)
        deadline_counts(user=rapporteur_user, today=today)
        reply_figures(user=rapporteur_user, year=today.year, as_of=today)
    assert len(queries) == 5
    plans = [_plan(q["sql"]) for q in queries.captured_queries]
    for plan in plans[:4]:  # the two lists, the count, the dashboard's counts
        assert "USING" in plan and "has_reply=?" in plan, plan
        assert "communicati_state_b3d2b2_idx" not in plan, plan
    for plan in plans[2:4]:  # counts: from the index alone
        assert "COVERING INDEX communications_unanswered" in plan, plan
    assert "COVERING INDEX communications_sent_period" in plans[4], plans[4]
    assert "COVERING INDEX communications_reply_dates" in plans[4], plans[4]
    assert "has_reply" in str(_unanswered(rapporteur_user).query)


def _letter(officer, *, sent_days_ago, code="TJK", state=State.AWAITING_REPLY, reply=None):  # type: ignore[no-untyped-def]
    """A letter sent ``sent_days_ago`` before TODAY (None: never sent), with an
    optional reply ``(days after sending, assessment)``."""
    sent_on = None if sent_days_ago is None else TODAY - timedelta(days=sent_days_ago)
    letter = letter_row(
        created_by=officer, sent_on=sent_on, number=Communication.objects.count() + 1, code=code,
        state=state, has_reply=reply is not None,
    )  # fmt: skip
    letter.save()
    if reply is not None:
        after, assessment = reply
        reply_row(
            letter, received_on=sent_on + timedelta(days=after),  # type: ignore[operator]
            assessment=assessment, in_time=after <= 60,
        )  # fmt: skip
    return letter


TODAY = date(2025, 10, 15)


def test_dashboard_and_statistics_page_show_the_same_reply_figures(
    client_for, monkeypatch, officer, rapporteur_user, analyst
):
    """One definition per figure: a letter counts as sent from its sent date
    (awaiting, replied or published: a published letter was sent; a sent date typed
    in the future, a draft, a letter of last year do not count); replied when a
    reply came; in time when the first reply came by the due date (a late reply is
    replied, not in time); shares over settled letters (the window-open one is
    pending). Dashboard and statistics page, for every role that sees them."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    _letter(officer, sent_days_ago=10)  # window open: pending
    _letter(officer, sent_days_ago=100, code="KGZ")  # window closed, no reply
    _letter(officer, sent_days_ago=90, state=State.REPLY_RECEIVED, reply=(40, "partial"))
    _letter(officer, sent_days_ago=150, state=State.REPLY_RECEIVED, reply=(80, "substantive"))
    _letter(officer, sent_days_ago=120, code="KGZ", state=State.REPLY_RECEIVED,
            reply=(60, "acknowledgement"))  # on the due date: in time  # fmt: skip
    _letter(officer, sent_days_ago=200, state=State.PUBLISHED, reply=(20, "substantive"))
    _letter(officer, sent_days_ago=250, state=State.PUBLISHED)  # published, never answered
    _letter(officer, sent_days_ago=None, state=State.DRAFT)
    _letter(officer, sent_days_ago=None, state=State.REVIEW)
    _letter(officer, sent_days_ago=-20)  # sent date typed in the future
    _letter(officer, sent_days_ago=300, reply=(5, "substantive"))  # last year
    expected = "7 sent, 4 replied; in time: 50 %; substantive: 33 %; median days to reply: 50."
    for user in (rapporteur_user, officer, analyst):
        client = client_for(user)
        dashboard = client.get(reverse("core:dashboard")).content.decode()
        assert expected in dashboard, user
        stats = client.get(reverse("communications_desk:stats")).content.decode()
        total = stats[stats.index('id="stats-total"') :].split("</tr>")[0]
        cells = [c.split("<")[0] for c in total.split("<td>")[1:]]
        assert cells == ["7", "4", "50 %", "33 %", "50"], user
        shown = re.search(r"(\d+) sent, (\d+) replied; in time: ([^;]+);", dashboard)
        assert shown is not None and list(shown.groups()) == cells[:3]
