"""Receipt-guessing benchmark: the production server (gunicorn, two worker
processes, production settings) on loopback, attacked at full speed, figures printed.

    .venv/bin/python bench/receipt_throttle.py [--seconds 180] [--attackers N]

The attackers are separate processes, as many as the machine has cores unless told
otherwise. Each loops as fast as it can: fetch the return form with no cookie (a
fresh session every time, so no session budget builds up), solve the form's
hashcash puzzle natively in Python (hashlib, much faster than a browser), and send a
wrong receipt. One more attacker hoards puzzle-free tickets (the no-JavaScript
path) and spends each the moment it matures. Every minute the script prints how
many guesses the desk checked (answers "not known") and how many attempts it turned
away unchecked, and the current puzzle size.

Meanwhile a real source comes back every 15 seconds with the right receipt: with
JavaScript (its browser solves the puzzle; here solved natively, and the solving
time is printed apart) and without (it sends, is told how long to wait, waits,
sends again). Printed: the server's answer time for the source's correct attempt,
and the no-JavaScript source's wait.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapporteur.testing.intake import solve  # noqa: E402
from rapporteur.testing.server import (  # noqa: E402
    DeskServer,
    post_multipart,
    post_return,
    return_form,
)

FIELDS = {
    "person_name": "Bench person",
    "person_role": "journalist",
    "act_kind": "arrest",
    "event_dates": "2022",
    "remedies_tried": "no",
    "consent_to_name": "no",
    "submitter_relation": "self",
    "narrative": "Receipt throttle benchmark.",
}
WRONG = "wrong words " * 4
_WAIT = re.compile(r"(?:after|again in) (\d+) seconds")


def _classify(page: str) -> str:
    if "This receipt is not known" in page:
        return "checked"
    return "refused"


def solving_attacker(port: int, stop_at: float, out: multiprocessing.Queue) -> None:
    server = _attach(port)
    while time.time() < stop_at:
        try:
            form = return_form(server)
            proof = solve(form.challenge, form.work_bits) if form.work_bits else ""
            _status, page = post_return(server, form, WRONG, proof)
        except OSError:
            continue
        out.put((time.time(), _classify(page), form.work_bits))


def hoarding_attacker(port: int, stop_at: float, out: multiprocessing.Queue) -> None:
    """Collects tickets without solving them and spends each once it matures."""
    server = _attach(port)
    waiting: list[tuple[float, object]] = []
    while time.time() < stop_at:
        now = time.time()
        try:
            form = return_form(server)
            html_wait = 0
            if form.work_bits:
                _status, page = post_return(server, form, WRONG)
                if _classify(page) == "checked":
                    out.put((now, "checked", form.work_bits))
                    continue
                match = _WAIT.search(page)
                html_wait = int(match.group(1)) if match else 0  # the ticket was not spent
            waiting.append((now + html_wait, form))
            waiting.sort(key=lambda item: item[0])
            while waiting and waiting[0][0] <= time.time():
                _ready, ready_form = waiting.pop(0)
                _status, page = post_return(server, ready_form, WRONG)  # type: ignore[arg-type]
                out.put((time.time(), _classify(page), 0))
        except OSError:
            continue
        time.sleep(0.05)


def _attach(port: int) -> DeskServer:
    server = DeskServer.__new__(DeskServer)
    server.port = port
    return server


def real_source(server: DeskServer, receipt: str, stop_at: float, results: dict) -> None:
    while time.time() < stop_at - 20:
        # With JavaScript: the puzzle is solved while the source types.
        form = return_form(server)
        started = time.perf_counter()
        proof = solve(form.challenge, form.work_bits) if form.work_bits else ""
        results["solve_s"].append(time.perf_counter() - started)
        started = time.perf_counter()
        status, _page = post_return(server, form, receipt, proof)
        results["answer_s"].append(time.perf_counter() - started)
        results["ok"].append(status == 302)
        # Without JavaScript: send, be told to wait, wait, send again.
        form = return_form(server)
        started = time.perf_counter()
        status, page = post_return(server, form, receipt)
        told = 0
        while status != 302:
            match = _WAIT.search(page)
            told = int(match.group(1)) if match else 1
            if time.time() + told > stop_at:
                break
            time.sleep(told)
            status, page = post_return(server, form, receipt)
        results["nojs_ok"].append(status == 302)
        results["nojs_wait_s"].append(time.perf_counter() - started if status == 302 else told)
        time.sleep(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--attackers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as base:
        server = DeskServer(Path(base), workers=2, production=True)
        server.prepare()
        server.start()
        try:
            answered = post_multipart(server, "/submit/", FIELDS, [])
            assert isinstance(answered, tuple)  # (status, body): it waited for the answer
            _status, body = answered
            receipt = re.search(rb'<strong id="receipt">([^<]+)</strong>', body).group(1).decode()  # type: ignore[union-attr]
            _run(server, receipt, args.seconds, args.attackers)
        finally:
            server.close()


def _run(server: DeskServer, receipt: str, seconds: int, attackers: int) -> None:
    started = time.time()
    stop_at = started + seconds
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=solving_attacker, args=(server.port, stop_at, queue))
        for _ in range(attackers)
    ]
    procs.append(
        multiprocessing.Process(target=hoarding_attacker, args=(server.port, stop_at, queue))
    )
    for proc in procs:
        proc.start()
    results: dict[str, list] = {
        k: [] for k in ("solve_s", "answer_s", "ok", "nojs_wait_s", "nojs_ok")
    }
    source = threading.Thread(
        target=real_source, args=(server, receipt, stop_at, results), daemon=True
    )
    source.start()
    events: list[tuple[float, str, int]] = []
    while any(p.is_alive() for p in procs) or not queue.empty():
        try:
            events.append(queue.get(timeout=1))
        except Exception:  # noqa: S112 - queue.Empty: keep waiting for the attackers
            continue
    source.join(timeout=5)
    print(f"server: 2 gunicorn workers; attackers: {attackers} solving processes + 1 hoarder")
    for minute in range(seconds // 60):
        low, high = started + 60 * minute, started + 60 * (minute + 1)
        window = [e for e in events if low <= e[0] < high]
        checked = sum(1 for e in window if e[1] == "checked")
        refused = sum(1 for e in window if e[1] == "refused")
        bits = max((e[2] for e in window), default=0)
        print(
            f"minute {minute + 1}: {checked} guesses checked/min, "
            f"{refused} attempts turned away unchecked, puzzle up to {bits} bits"
        )
    if results["answer_s"]:
        print(
            f"real source with JS: {sum(results['ok'])}/{len(results['ok'])} let in; "
            f"server answer p50 {statistics.median(results['answer_s']) * 1000:.0f} ms, "
            f"max {max(results['answer_s']) * 1000:.0f} ms; "
            f"puzzle solved natively in p50 {statistics.median(results['solve_s']):.2f} s"
        )
    if results["nojs_wait_s"]:
        print(
            f"real source without JS: {sum(results['nojs_ok'])}/{len(results['nojs_ok'])} "
            f"let in; waited (or was told to wait) p50 "
            f"{statistics.median(results['nojs_wait_s']):.0f} s, "
            f"max {max(results['nojs_wait_s']):.0f} s"
        )


if __name__ == "__main__":
    main()
