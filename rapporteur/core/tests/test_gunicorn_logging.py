"""The server's error log never names a client's address."""

from __future__ import annotations

import pytest

from rapporteur.core.gunicorn_logging import REMOVED, scrub


@pytest.mark.parametrize(
    "message",
    [
        "Invalid request from ip=203.0.113.7: Invalid HTTP method",
        "Invalid request from ip=::1: bad",
        "Invalid request from ip=2001:db8::1: bad",
        "peer [2001:db8:0:0:0:0:0:2]:443 closed",
        "from 198.51.100.23:51544",
        "link-local fe80::1%eth0 dropped",
        "Invalid request from ip=::ffff:192.0.2.1: bad",
    ],
)
def test_addresses_are_removed(message):
    scrubbed = scrub(message)
    assert REMOVED in scrubbed
    for address in ("203.0.113.7", "::1", "2001:db8", "198.51.100.23", "fe80", "192.0.2.1"):
        assert address not in scrubbed


@pytest.mark.parametrize(
    "message",
    ["Booting worker with pid: 1234", "Timeout at 12:00:01", "gunicorn 27.0.1", "Worker exiting"],
)
def test_other_messages_are_unchanged(message):
    assert scrub(message) == message
