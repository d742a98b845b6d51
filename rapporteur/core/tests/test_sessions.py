"""The session store: a staff session keeps its exact idle expiry; a session
without a staff user has its expiry rounded up to the hour and signed data
without a time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapporteur.core.sessions import SessionStore, next_full_hour
from rapporteur.testing.vault import sign_in_unlocked

pytestmark = pytest.mark.django_db


def _session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_staff_session_keeps_its_exact_idle_expiry(officer):
    staff = sign_in_unlocked(officer)
    before = timezone.now()
    assert staff.get(reverse("core:dashboard")).status_code == 200
    expiry = _session_row(staff).expire_date
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert before + idle <= expiry <= timezone.now() + idle


def test_session_without_staff_user_expires_on_a_full_hour():
    store = SessionStore()
    store["intake_source"] = 1
    store.save()
    expiry = Session.objects.get(session_key=store.session_key).expire_date
    assert (expiry.minute, expiry.second, expiry.microsecond) == (0, 0, 0)
    assert expiry >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert SessionStore(store.session_key)["intake_source"] == 1  # it still reads back


@pytest.mark.parametrize(
    ("moment", "rounded"),
    [
        ("2026-01-01T10:00:00+00:00", "2026-01-01T10:00:00+00:00"),
        ("2026-01-01T10:00:00.000001+00:00", "2026-01-01T11:00:00+00:00"),
        ("2026-01-01T10:59:59.999999+00:00", "2026-01-01T11:00:00+00:00"),
        ("2026-12-31T23:30:00+00:00", "2027-01-01T00:00:00+00:00"),
    ],
)
def test_next_full_hour(moment, rounded):
    assert next_full_hour(datetime.fromisoformat(moment)) == datetime.fromisoformat(rounded)


def test_a_tampered_session_reads_as_empty():
    store = SessionStore()
    store["intake_source"] = 1
    store.save()
    row = Session.objects.get(session_key=store.session_key)
    row.session_data = row.session_data.replace("intake", "x")[:-2] + "AA"
    row.save()
    assert dict(SessionStore(store.session_key).items()) == {}
