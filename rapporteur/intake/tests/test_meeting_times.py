"""Meeting times are shown in the desk's zone with the date in words, in the page's
language, to the source and to staff; the iCalendar feed stays in UTC."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rapporteur.intake.models import Submission
from rapporteur.intake.times import meeting_time
from rapporteur.testing.intake import receipt_in, return_with, submit
from rapporteur.testing.vault import sign_in_unlocked

STORED = "2027-01-28T10:00:00+00:00"  # as the desk's answer stores it


@pytest.mark.parametrize(
    ("language", "zone", "shown"),
    [
        ("ru", "Asia/Dushanbe", "28 января 2027 г., 15:00 (Душанбе)"),
        ("tg", "Asia/Dushanbe", "28 январ 2027, 15:00 (Душанбе)"),
        ("en", "Asia/Dushanbe", "Jan. 28, 2027, 3 p.m. (Dushanbe)"),
        ("ru", "Europe/Zurich", "28 января 2027 г., 11:00 (Женева)"),
        ("en", "Asia/Almaty", "Jan. 28, 2027, 3 p.m. (Almaty)"),
    ],
)
def test_time_in_the_desk_zone_with_the_date_in_words(settings, language, zone, shown):
    settings.DESK_TIME_ZONE = zone
    with translation.override(language):
        assert meeting_time(STORED) == shown
        assert meeting_time(datetime.fromisoformat(STORED)) == shown
        assert meeting_time("2027-01-28T10:00:00") == shown  # naive: stored UTC


def test_the_day_changes_with_the_zone(settings):
    with translation.override("ru"):
        assert meeting_time("2027-01-28T21:30:00+00:00") == "29 января 2027 г., 2:30 (Душанбе)"


@pytest.mark.parametrize("value", ["", None, "next Tuesday", "2027-13-45T99:00"])
def test_no_time_or_a_broken_one_shows_nothing(value):
    assert meeting_time(value) == ""


def test_a_zone_that_does_not_exist_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from rapporteur.config import env_time_zone

    monkeypatch.setenv("RAPPORTEUR_DESK_TIME_ZONE", "Asia/Nowhere")
    with pytest.raises(ImproperlyConfigured, match="RAPPORTEUR_DESK_TIME_ZONE"):
        env_time_zone("DESK_TIME_ZONE", "Asia/Dushanbe")
    monkeypatch.setenv("RAPPORTEUR_DESK_TIME_ZONE", "Europe/Zurich")
    assert env_time_zone("DESK_TIME_ZONE", "Asia/Dushanbe") == "Europe/Zurich"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("ru", "28 января 2027 г., 15:30 (Душанбе)"), ("tg", "28 январ 2027, 15:30 (Душанбе)")],
)
def test_source_and_staff_read_the_local_time(desk, rapporteur_user, language, shown):
    # Half past: the page also shows when the submission arrived, kept to the hour
    # ("10:00 UTC" when the test runs at ten), which must not pass for the meeting.
    receipt = receipt_in(submit(Client(), url_name="intake:meeting"))
    submission = Submission.objects.get()
    staff = sign_in_unlocked(rapporteur_user)
    answer = {
        "decision": "accepted",
        "start": "2027-01-28 10:30",
        "duration_minutes": "60",
        "place": "",
        "text": "",
    }
    staff.post(reverse("intake_desk:meeting_answer", args=[submission.pk]), answer)

    source = Client()
    source.cookies["django_language"] = language
    return_with(source, receipt)
    page = source.get(reverse("intake:conversation")).content.decode()
    assert shown in page
    assert "+00:00" not in page and "10:30" not in page

    desk_page = staff.get(reverse("intake_desk:submission", args=[submission.pk])).content
    assert "Jan. 28, 2027, 3:30 p.m. (Dushanbe)" in desk_page.decode()
    ics = staff.get(reverse("intake_desk:meetings_ics")).content.decode()
    assert "DTSTART:20270128T103000Z" in ics
