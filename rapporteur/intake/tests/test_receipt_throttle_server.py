"""Two desk servers (two processes) on one database: the price of guessing receipts,
single use of tickets, and the right receipt's way in are the same for both."""

from __future__ import annotations

import re
import time

import pytest

from rapporteur.testing.intake import VALID_ANSWERS, solve
from rapporteur.testing.server import DeskServer, post_multipart, post_return, return_form

FIELDS = VALID_ANSWERS | {"narrative": "Two processes."}
WRONG = "wrong words " * 4
NOT_CHECKED = "Your receipt has not been checked yet"


@pytest.fixture
def two_servers(tmp_path):
    first = DeskServer(tmp_path)
    second = DeskServer(tmp_path)  # same data directory: same database and site key
    for server in (first, second):
        server.env["RAPPORTEUR_INTAKE_RECEIPT_WORK_AFTER_PER_MINUTE"] = "2"
        server.env["RAPPORTEUR_INTAKE_RECEIPT_TICKETS_PER_MINUTE"] = "200"
    first.prepare()
    second.ram.mkdir(mode=0o700)
    first.start()
    second.start()
    yield first, second
    first.close()
    second.close()


def test_the_guessing_price_and_single_use_are_shared_by_two_processes(two_servers):
    first, second = two_servers
    assert first.process is not None and second.process is not None
    assert first.process.pid != second.process.pid
    status, body = post_multipart(first, "/submit/", FIELDS, [])
    receipt = re.search(rb'<strong id="receipt">([^<]+)</strong>', body).group(1).decode()  # type: ignore[union-attr]

    # A ticket spent on one process is spent on the other.
    form = return_form(first)
    assert form.work_bits == 0
    assert "This receipt is not known" in post_return(first, form, WRONG)[1]
    assert NOT_CHECKED in post_return(second, form, receipt)[1]

    # Wrong receipts sent to the first process raise the price on the second.
    for _ in range(4):
        form = return_form(first)
        assert (
            "This receipt is not known"
            in post_return(
                first, form, WRONG, solve(form.challenge, form.work_bits) if form.work_bits else ""
            )[1]
        )
    source = return_form(second)
    assert source.work_bits >= 16

    # Without work the attempt is refused at once, without checking the receipt.
    started = time.monotonic()
    status, page = post_return(second, source, WRONG)
    assert time.monotonic() - started < 2
    assert status == 200 and "Send it again in" in page

    # The right receipt with a fresh, solved ticket opens at once, on either process.
    for server in (second, first):
        source = return_form(server)
        proof = solve(source.challenge, source.work_bits)
        started = time.monotonic()
        status, _page = post_return(server, source, receipt, proof)
        assert status == 302
        assert time.monotonic() - started < 5
