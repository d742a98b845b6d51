"""Atom feeds of public communications and press releases, built with Django's own
feed generator over plain items so the app can feed it from any query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape


@dataclass(frozen=True, slots=True)
class FeedItem:
    title: str
    link: str
    # A permanent identifier (e.g. "tag:example.org,2022:communication/UA-TJK-3-2022"):
    # readers use it to recognise an entry after its title or link changes.
    id: str
    updated: datetime
    summary: str
    published: datetime | None = None


def atom_feed(
    *,
    title: str,
    link: str,
    feed_url: str,
    feed_id: str,
    author: str,
    language: str,
    items: Iterable[FeedItem],
    subtitle: str = "",
) -> bytes:
    """An Atom 1.0 document, UTF-8.

    Items must already be public versions: this module does not redact. Datetimes
    must be timezone-aware, since Atom requires an offset on every date.
    """
    feed = Atom1Feed(
        title=title,
        link=link,
        description=subtitle,
        language=language,
        feed_url=feed_url,
        feed_guid=feed_id,
        author_name=author,
        subtitle=subtitle or None,
    )
    for item in items:
        _require_aware(item.updated, item.id)
        feed.add_item(
            title=item.title,
            link=item.link,
            # Atom1Feed declares summaries as HTML; ours are plain text, so escape them or
            # a "<" in a summary would be read as markup (and dropped by readers).
            description=escape(item.summary),
            unique_id=item.id,
            updateddate=item.updated,
            pubdate=item.published,
        )
    return feed.writeString("utf-8").encode("utf-8")


def _require_aware(moment: datetime, item_id: str) -> None:
    if moment.tzinfo is None:
        raise ValueError(f"Item {item_id!r}: 'updated' must be timezone-aware.")
