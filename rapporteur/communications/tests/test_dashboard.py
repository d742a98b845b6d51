"""The staff dashboard's communications panels, the staff navigation and the public
home page's links: counts only, by permission."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rapporteur.communications.models import Communication, Reply, State
from rapporteur.communications.selectors import deadline_counts, reply_summary
from rapporteur.vault.models import DeskKey

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2022, 7, 13)


def _sent(officer, *, due_on, number, state=State.AWAITING_REPLY, has_reply=False):  # type: ignore[no-untyped-def]
    key = DeskKey.objects.first() or DeskKey.objects.create(version=99, public_key=b"\0" * 32)
    sent_on = due_on - timedelta(days=60)
    return Communication.objects.create(
        kind="UA", addressee_code="TJK", created_by=officer, desk_key=key, envelope=b"",
        state=state, sent_on=sent_on, reply_due_on=due_on, has_reply=has_reply,
        reference=f"UA TJK {number}/{sent_on.year}", ref_year=sent_on.year, ref_number=number,
    )  # fmt: skip


def test_deadline_counts_split_the_week_from_the_overdue(officer):
    _sent(officer, due_on=WEDNESDAY, number=1)  # due today: this week
    _sent(officer, due_on=WEDNESDAY + timedelta(days=4), number=2)  # Sunday: this week
    _sent(officer, due_on=WEDNESDAY + timedelta(days=5), number=3)  # next Monday
    _sent(officer, due_on=WEDNESDAY - timedelta(days=1), number=4)  # yesterday: overdue
    _sent(officer, due_on=WEDNESDAY - timedelta(days=1), number=5, has_reply=True)
    counts = deadline_counts(today=WEDNESDAY)
    assert (counts.due_this_week, counts.overdue, counts.unanswered) == (2, 1, 4)


def test_reply_summary_counts_every_addressee_together(officer):
    late = _sent(officer, due_on=date(2022, 4, 1), number=1, state=State.REPLY_RECEIVED)
    Reply.objects.create(
        communication=late, received_on=date(2022, 4, 20), assessment="partial",
        in_time=False, registered_by=officer, desk_key=late.desk_key, envelope=b"",
    )  # fmt: skip
    _sent(officer, due_on=date(2022, 5, 1), number=2)  # window closed, no reply
    summary = reply_summary(start=date(2022, 1, 1), end=WEDNESDAY, as_of=WEDNESDAY)
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


def test_reply_summary_in_sql_matches_the_reference_statistics(officer):
    from rapporteur.communications.selectors import _sent_records
    from rapporteur.communications.stats import reply_statistics

    as_of = date(2022, 6, 30)

    def reply(c, on, assessment="partial"):  # type: ignore[no-untyped-def]
        Reply.objects.create(
            communication=c, received_on=on, assessment=assessment, in_time=False,
            registered_by=officer, desk_key=c.desk_key, envelope=b"",
        )  # fmt: skip

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
    start, end = date(2022, 1, 1), date(2022, 12, 31)
    expected = reply_statistics(
        records=_sent_records(start=start, end=end), start=start, end=end, as_of=as_of
    )
    assert reply_summary(start=start, end=end, as_of=as_of) == expected
    assert (expected.sent, expected.pending, expected.replied) == (10, 2, 6)
    assert (expected.in_time, expected.substantive) == (5, 2)
    with pytest.raises(ValueError):
        reply_summary(start=end, end=start, as_of=as_of)


def _many(officer, count, start):  # type: ignore[no-untyped-def]
    key = DeskKey.objects.first() or DeskKey.objects.create(version=99, public_key=b"\0" * 32)
    today = timezone.localdate()
    rows = []
    for i in range(start, start + count):
        sent_on = today - timedelta(days=i % 90)
        rows.append(
            Communication(
                kind="UA", addressee_code="TJK", created_by=officer, desk_key=key,
                envelope=b"", state=State.AWAITING_REPLY, sent_on=sent_on,
                reply_due_on=sent_on + timedelta(days=60), reference=f"UA TJK {i}/x",
                ref_year=sent_on.year, ref_number=i,
            )
        )  # fmt: skip
    Communication.objects.bulk_create(rows)


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


def test_deadline_queries_are_answered_from_their_indexes(officer):
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
        deadlines(today=today)
        deadline_counts(today=today)
        reply_summary(start=date(today.year, 1, 1), end=today, as_of=today)
    assert len(queries) == 5
    plans = [_plan(q["sql"]) for q in queries.captured_queries]
    for plan in plans[:4]:  # the two lists, the count, the dashboard's counts
        assert "USING" in plan and "has_reply=?" in plan, plan
        assert "communicati_state_b3d2b2_idx" not in plan, plan
    for plan in plans[2:4]:  # counts: from the index alone
        assert "COVERING INDEX communications_unanswered" in plan, plan
    assert "COVERING INDEX communications_sent_period" in plans[4], plans[4]
    assert "COVERING INDEX communications_reply_dates" in plans[4], plans[4]
    assert "has_reply" in str(_unanswered().query)
