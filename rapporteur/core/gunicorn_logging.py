"""gunicorn's error log without client addresses.

gunicorn writes "Invalid request from ip=203.0.113.7: ..." for a malformed request,
whatever the access log settings. The desk stores no address of anyone (a source's
address can identify them), so every message of the error log is scrubbed of IPv4
and IPv6 addresses before it is written.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REMOVED = "[address removed]"
# Candidates only; ``ipaddress`` decides, so times such as 12:00:01 stay as they are.
_CANDIDATE = re.compile(r"(?<![\w.:])[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*(?:%\w+)?")


def _address_or_text(match: re.Match[str]) -> str:
    """The match with an address in it replaced (an IPv4 address may carry ":port")."""
    text = match.group()
    core = text.split("%")[0]
    for candidate in (core, core.rstrip(":."), core.rsplit(":", 1)[0]):
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            continue
        return REMOVED + (text[len(candidate) :] if "%" not in text else "")
    return text


def scrub(text: str) -> str:
    return _CANDIDATE.sub(_address_or_text, text)


class _ScrubAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


class AddressFreeLogger(Logger):
    """gunicorn's logger, with every error-log record scrubbed (``--logger-class``)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(_ScrubAddresses())
