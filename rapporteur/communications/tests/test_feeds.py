import html
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import pytest

from rapporteur.communications.feeds import FeedItem, atom_feed

DUSHANBE = timezone(timedelta(hours=5))
ITEMS = [
    FeedItem(
        title="UA TJK 3/2022 — Таджикистан",
        link="https://rapporteur.example/communications/ua-tjk-3-2022/",
        id="tag:rapporteur.example,2022:communication/UA-TJK-3-2022",
        updated=datetime(2022, 7, 12, 9, 0, tzinfo=UTC),
        published=datetime(2022, 7, 12, 9, 0, tzinfo=UTC),
        summary="Arrest of a woman human rights defender & <lawyer> in Dushanbe.",
    ),
    FeedItem(
        title="Press release: end of mission to Tajikistan",
        link="https://rapporteur.example/press/2022-12-09/",
        id="tag:rapporteur.example,2022:press/2022-12-09",
        updated=datetime(2022, 12, 9, 14, 30, tzinfo=DUSHANBE),
        summary="Ҳимоятгарони ҳуқуқи инсон: ғ ӣ қ ӯ ҳ ҷ.",
    ),
]


def build(items=ITEMS, language="en"):
    return atom_feed(
        title="Communications",
        link="https://rapporteur.example/communications/",
        feed_url="https://rapporteur.example/communications/feed.atom",
        feed_id="tag:rapporteur.example,2022:communications",
        author="Special Rapporteur on the situation of human rights defenders",
        language=language,
        items=items,
        subtitle="Public communications and replies",
    )


def test_feed_parses_without_errors():
    parsed = feedparser.parse(build())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"


def test_feed_metadata():
    feed = feedparser.parse(build(language="ru")).feed
    assert feed.title == "Communications"
    assert feed.id == "tag:rapporteur.example,2022:communications"
    assert feed.author == "Special Rapporteur on the situation of human rights defenders"
    assert feed.language == "ru"
    assert feed.subtitle == "Public communications and replies"


def test_entries_round_trip():
    entries = feedparser.parse(build()).entries
    assert [e.title for e in entries] == [item.title for item in ITEMS]
    assert [e.id for e in entries] == [item.id for item in ITEMS]
    assert entries[0].link == ITEMS[0].link
    assert (
        html.unescape(entries[0].summary)
        == "Arrest of a woman human rights defender & <lawyer> in Dushanbe."
    )
    assert html.unescape(entries[1].summary) == "Ҳимоятгарони ҳуқуқи инсон: ғ ӣ қ ӯ ҳ ҷ."


def test_dates_keep_their_offset():
    entries = feedparser.parse(build()).entries
    # 14:30 in Dushanbe (UTC+5) is 09:30 UTC.
    assert tuple(entries[1].updated_parsed)[:5] == (2022, 12, 9, 9, 30)


def test_empty_feed_is_valid():
    parsed = feedparser.parse(build(items=[]))
    assert not parsed.bozo
    assert parsed.entries == []


def test_naive_dates_are_refused():
    naive = FeedItem(
        title="t", link="https://x.example/", id="tag:x", updated=datetime(2022, 1, 1), summary="s"
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        build(items=[naive])
