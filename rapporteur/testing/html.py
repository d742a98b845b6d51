"""Reading rendered pages in tests without a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

_URL_ATTRS = {"src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in _URL_ATTRS:
                parts = value.split(",") if name == "srcset" else [value]
                self.urls.extend(p.strip().split(" ")[0] for p in parts)
            elif name == "style":
                self.urls.extend(_CSS_URL.findall(value))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(_CSS_URL.findall(data))


def referenced_urls(html: str) -> list[str]:
    collector = _UrlCollector()
    collector.feed(html)
    return collector.urls


def foreign_references(html: str, own_host: str = "testserver") -> list[str]:
    """URLs in the page that point at any host but our own (scheme-relative included)."""
    foreign = []
    for url in referenced_urls(html):
        parts = urlsplit(url)
        if parts.scheme in {"", "http", "https"} and parts.netloc in {"", own_host}:
            continue
        if parts.scheme in {"mailto", "tel"} or url.startswith("#"):
            continue
        foreign.append(url)
    return foreign
