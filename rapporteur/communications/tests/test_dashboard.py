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
