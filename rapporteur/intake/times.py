"""Meeting times as people read them: in the desk's time zone (setting
``DESK_TIME_ZONE``, Asia/Dushanbe unless the operator chose another), the date in
words in the page's language, and the place whose clock it is. Times are stored
in UTC; the iCalendar feed (``ical.py``) keeps UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_noop

# Zones a desk is likely to use, with names translated; any other zone is named
# by its city as the zone database spells it.
_ZONE_PLACES = {
    "Asia/Dushanbe": gettext_noop("Dushanbe"),
    "Europe/Zurich": gettext_noop("Geneva"),  # Switzerland's one zone; the mandate sits in Geneva
    "America/New_York": gettext_noop("New York"),
    "UTC": gettext_noop("UTC"),
}
# Django's Tajik formats copy the Russian abbreviation for "year" after the year;
# Tajik writes the date without it.
_DATE_FORMATS = {"tg": "j E Y"}


def desk_zone() -> ZoneInfo:
    return ZoneInfo(settings.DESK_TIME_ZONE)


def zone_place(zone_name: str) -> str:
    if zone_name in _ZONE_PLACES:
        return gettext(_ZONE_PLACES[zone_name])
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def meeting_time(value: str | datetime | None) -> str:
    """The date in words, the time and the place of the clock (in Russian: 28
    January 2027, 15:00, Dushanbe) for a stored ISO time or datetime; "" for none
    or a value that is not a time (never raises)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(desk_zone())
    date_format = _DATE_FORMATS.get((get_language() or "en").split("-")[0], "DATE_FORMAT")
    return gettext("%(date)s, %(time)s (%(place)s)") % {
        "date": formats.date_format(local, date_format),
        "time": formats.time_format(local, "TIME_FORMAT"),
        "place": zone_place(settings.DESK_TIME_ZONE),
    }
