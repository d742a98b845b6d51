"""The audit log page: its own reading is logged with the filter used, and a
filter that does not hold shows nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapporteur.audit.models import AuditEntry
from rapporteur.audit.services import record
from rapporteur.audit.tags import AuditTag

pytestmark = pytest.mark.django_db


def test_each_reading_is_one_entry_holding_the_filter_as_typed(client_for, administrator):
    admin = client_for(administrator)
    admin.get(reverse("audit:log"), {"tag": "auth", "since": "2026-01-01", "page": "2"})
    entry = AuditEntry.objects.get(tag=AuditTag.AUDIT_LOG_READ)
    assert entry.actor_id == administrator.pk
    assert entry.extras == {"filter": {"tag": "auth", "since": "2026-01-01"}}


def test_a_filter_that_does_not_hold_shows_no_entry_and_is_still_logged(
    client_for, administrator, officer
):
    record(tag=AuditTag.LOGIN, actor=officer)
    admin = client_for(administrator)
    response = admin.get(reverse("audit:log"), {"since": "2026-02-02", "until": "2026-01-01"})
    assert list(response.context["page"].object_list) == []
    assert AuditEntry.objects.filter(tag=AuditTag.AUDIT_LOG_READ).count() == 1


def test_without_a_filter_every_entry_shows_newest_first(client_for, administrator, officer):
    record(tag=AuditTag.LOGIN, actor=officer)
    record(tag=AuditTag.LOGOUT, actor=officer)
    page = client_for(administrator).get(reverse("audit:log")).context["page"]
    # The reading is noted first and shows at the top; no older entry drops off the page.
    assert [e.tag for e in page.object_list] == [
        AuditTag.AUDIT_LOG_READ,
        AuditTag.LOGOUT,
        AuditTag.LOGIN,
    ]


def test_the_last_page_keeps_its_oldest_entry(client_for, administrator, officer, monkeypatch):
    from rapporteur.audit import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        record(tag=AuditTag.LOGIN, actor=officer)
    first = AuditEntry.objects.order_by("seq").first()
    page = client_for(administrator).get(reverse("audit:log"), {"page": "2"}).context["page"]
    assert first in list(page.object_list)
