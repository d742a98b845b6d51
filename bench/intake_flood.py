"""Submission-flood benchmark: the production server (gunicorn, two worker processes,
production settings) on loopback, flooded at each price level, figures printed.

    .venv/bin/python bench/intake_flood.py [--seconds 20] [--clients N] [--max-level 9]

For each price level (0: a calm desk; then the desk-wide rate of submissions at
1, 2, 4, ... times ``INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR``, set up by recording
that many arrivals in the current hour) the flooding clients, separate processes,
as many as the machine has cores unless told otherwise, loop as fast as they can
for ``--seconds``: fetch the form with no cookie, solve its puzzle natively
(hashlib, far faster than a browser), send a text-only report. Printed: how many
submissions a minute the desk accepted from them, and the level at the start and
end of the run (their own submissions raise it).

Beside it, what the price costs an honest source at that level: with JavaScript,
the expected time for the page's own script to solve the puzzle in Chromium
(2^bits hashes at the rate measured once, at the start, with work.js); without
JavaScript, the wait a form shown at that level asks for (counted from when the
page opened, so a source who writes for longer waits nothing more).

Without solving puzzles a flooding client gets at most the schedule's free places,
``INTAKE_SUBMISSION_TICKETS_PER_HOUR`` an hour (printed, not measured: it takes
an hour).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapporteur.testing.server import DeskServer, post_multipart  # noqa: E402

THRESHOLD = 30  # the default INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR
TICKETS_PER_HOUR = 60  # the default INTAKE_SUBMISSION_TICKETS_PER_HOUR
FIELDS = {
    "person_name": "Flood",
    "person_role": "journalist",
    "act_kind": "arrest",
    "event_dates": "2022",
    "remedies_tried": "no",
    "consent_to_name": "no",
    "submitter_relation": "self",
    "narrative": "Submission flood benchmark.",
}
_SEED = """
from django.utils import timezone
from rapporteur.intake import throttle
from rapporteur.intake.models import Submission, TicketPeriod
from rapporteur.testing.intake import arrivals
Submission.objects.all().delete()
TicketPeriod.objects.all().delete()
arrivals({count})
print(throttle.price_level(throttle.Purpose.SUBMISSION))
"""
_LEVEL = """
from rapporteur.intake import throttle
print(throttle.price_level(throttle.Purpose.SUBMISSION))
"""


def _attach(port: int) -> DeskServer:
    server = DeskServer.__new__(DeskServer)
    server.port = port
    return server


def flooding_client(port: int, stop_at: float, out: multiprocessing.Queue) -> None:
    server = _attach(port)
    while time.time() < stop_at:
        try:
            state = server.form_state("/submit/")  # the puzzle solved natively
            if time.time() >= stop_at:
                break
            answered = post_multipart(server, "/submit/", FIELDS, [], state=state)
            assert isinstance(answered, tuple)  # (status, body): it waited for the answer
            status, body = answered
        except OSError:
            continue
        out.put((status == 200 and b'id="receipt"' in body, state.work_bits))


def _level(server: DeskServer, arrivals: int | None = None) -> int:
    script = _LEVEL if arrivals is None else _SEED.format(count=arrivals)
    return int(server.manage("shell", "-c", script).split()[-1])


def browser_hashes_per_second(server: DeskServer, samples: int = 4) -> float:
    """The page's own solver (work.js) in Chromium: time from opening a priced form
    until the answer is in its hidden field, over ``samples`` forms."""
    from playwright.sync_api import sync_playwright

    from rapporteur.testing.browser import CHROMIUM, CHROMIUM_ARGS

    hashes, seconds = 0.0, 0.0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        # Playwright's waiting evaluates a string, which the desk's CSP forbids.
        page = browser.new_page(bypass_csp=True)
        for _ in range(samples):
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.port}/submit/")
            bits = int(page.get_attribute("#submission-form", "data-work-bits") or 0)
            page.wait_for_function(
                "document.querySelector('input[name=proof]').value !== ''", timeout=600_000
            )
            seconds += time.perf_counter() - started
            hashes += 2**bits
        browser.close()
    return hashes / seconds


def _form_price(server: DeskServer) -> tuple[int, int]:
    _status, _headers, body = server.request("GET", "/submit/")
    found = re.search(rb'data-work-bits="(\d+)" data-wait-seconds="(\d+)"', body)
    assert found is not None
    return int(found.group(1)), int(found.group(2))


def _words(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def run(server: DeskServer, *, seconds: int, clients: int, max_level: int) -> None:
    _level(server, THRESHOLD * 4)  # a priced desk, for the browser's measurement
    rate = browser_hashes_per_second(server)
    print(
        f"server: 2 gunicorn workers, production settings; flooding clients: {clients} "
        f"processes solving natively; {seconds} s per level; page's solver in Chromium: "
        f"{rate:,.0f} hashes/s"
    )
    print(
        "level  arrivals/h  bits  flood accepted/min  level during run  "
        "honest JS (expected)  honest no-JS wait"
    )
    for level in range(max_level + 1):
        seeded = 0 if level == 0 else THRESHOLD * 2 ** (level - 1)
        start_level = _level(server, seeded)
        bits, wait = _form_price(server)
        queue: multiprocessing.Queue = multiprocessing.Queue()
        stop_at = time.time() + seconds
        procs = [
            multiprocessing.Process(target=flooding_client, args=(server.port, stop_at, queue))
            for _ in range(clients)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        accepted = 0
        while not queue.empty():
            ok, _bits = queue.get()
            accepted += ok
        end_level = _level(server)
        honest_js = _words(2**bits / rate) if bits else "0 s"
        print(
            f"{level:>5}  {seeded:>10}  {bits:>4}  {accepted * 60 / seconds:>18.0f}  "
            f"{start_level:>7} -> {end_level:<7}  {honest_js:>20}  {_words(wait):>17}"
        )
    print(
        f"without solving, a flooding client gets at most the schedule's free places: "
        f"{TICKETS_PER_HOUR} an hour, desk-wide."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--max-level", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as base:
        server = DeskServer(Path(base), workers=2, production=True)
        server.prepare()
        server.start()
        try:
            run(server, seconds=args.seconds, clients=args.clients, max_level=args.max_level)
        finally:
            server.close()


if __name__ == "__main__":
    main()
