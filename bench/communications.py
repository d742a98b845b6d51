"""Communications benchmark: 20,000 communications and 30,000 replies in a fresh
database, then the figures the issue asks for, printed.

    .venv/bin/python bench/communications.py [--quick]
    RAPPORTEUR_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_comms \\
        .venv/bin/python bench/communications.py

- the public report filtered by State and year (the whole view, rendered through
  Django's test client: middleware, query, template), p50/p95;
- the overdue dashboard: the staff list with due-this-week / overdue lists, and the
  staff home page with its deadline and reply-statistics panels, p50/p95;
- letter generation: DOCX and PDF letters per second.

On SQLite it builds a throw-away file in a temporary folder; with
RAPPORTEUR_DATABASE_URL it drops and rebuilds that database's tables (migrate from
zero), so point it at a database of its own. Rows are bulk-inserted, not made
through the services: sealing 20,000 envelopes would measure libsodium, not the
report. Public letters are of a realistic length (about 4 kB).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATES = ["TJK", "UZB", "KGZ", "KAZ", "TKM", "RUS", "BLR", "AZE", "TUR", "IRN", "AFG", "CHN"]
LETTER = ("Excellency, I have the honour to address you in my capacity as Special "
          "Rapporteur on the situation of human rights defenders. ") * 30  # fmt: skip


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _setup(quick: bool) -> tempfile.TemporaryDirectory | None:
    os.environ.setdefault("RAPPORTEUR_MODE", "dev")
    folder = None
    if "RAPPORTEUR_DATABASE_URL" not in os.environ:
        folder = tempfile.TemporaryDirectory(prefix="bench-comms-")
        os.environ["RAPPORTEUR_DATABASE_URL"] = f"sqlite:///{folder.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapporteur.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        call_command("flush", "--no-input", verbosity=0)
        call_command("migrate", "communications", "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    return folder


def _populate(*, communications: int, replies: int) -> tuple[object, object]:
    from django.db import transaction

    from rapporteur.accounts.permissions import Role
    from rapporteur.communications.models import Communication, Reply, State
    from rapporteur.testing.personas import make_staff
    from rapporteur.vault.models import DeskKey

    rng = random.Random(2022)
    officer = make_staff(Role.OFFICER, "bench-officer")
    analyst = make_staff(Role.RAPPORTEUR, "bench-rapporteur")
    key = DeskKey.objects.create(version=1, public_key=b"\0" * 32)
    today = date.today()
    counters: dict[tuple[str, int], int] = {}
    rows = []
    for i in range(communications):
        code = STATES[i % len(STATES)]
        sent_on = today - timedelta(days=rng.randrange(1, 8 * 365))
        number = counters[(code, sent_on.year)] = counters.get((code, sent_on.year), 0) + 1
        kind = rng.choice(["UA", "AL", "OL"])
        published = sent_on < today - timedelta(days=61) and rng.random() < 0.8
        state = State.PUBLISHED if published else rng.choice(
            [State.AWAITING_REPLY, State.REPLY_RECEIVED, State.DRAFT]
        )  # fmt: skip
        sent = state != State.DRAFT
        rows.append(
            Communication(
                kind=kind, addressee_code=code, state=state, desk_key=key, envelope=b"x" * 400,
                created_by=officer, sent_on=sent_on if sent else None,
                reply_due_on=sent_on + timedelta(days=60) if sent else None,
                ref_year=sent_on.year if sent else None, ref_number=number if sent else None,
                reference=f"{kind} {code} {number}/{sent_on.year}" if sent else "",
                published_on=sent_on + timedelta(days=61) if published else None,
                public_subject=f"the situation of defender {i}" if published else "",
                public_letter=LETTER if published else "",
            )
        )  # fmt: skip
    with transaction.atomic():
        Communication.objects.bulk_create(rows, batch_size=2000)
        sent_ids = list(
            Communication.objects.exclude(state=State.DRAFT).values_list("id", "sent_on", "state")
        )
        reply_rows: list[Reply] = []
        replied: set[int] = set()
        while len(reply_rows) < replies:
            cid, sent_on_or_none, state_code = rng.choice(sent_ids)
            assert sent_on_or_none is not None  # not a draft: it was sent
            sent_on, state = sent_on_or_none, State(state_code)
            if state == State.AWAITING_REPLY:
                continue
            received = sent_on + timedelta(days=rng.randrange(5, 120))
            replied.add(cid)
            reply_rows.append(
                Reply(
                    communication_id=cid, received_on=received,
                    assessment=rng.choice(["acknowledgement", "partial", "substantive"]),
                    in_time=(received - sent_on).days <= 60, registered_by=officer,
                    desk_key=key, envelope=b"y" * 300,
                    public_text="The Government replies. " * 20 if state == State.PUBLISHED
                    else "",
                    published_on=sent_on + timedelta(days=61) if state == State.PUBLISHED
                    else None,
                )
            )  # fmt: skip
        Reply.objects.bulk_create(reply_rows, batch_size=2000)
        Communication.objects.filter(id__in=replied).update(has_reply=True)
    return officer, analyst


def _timed(client: Client, url: str, runs: int) -> tuple[float, float]:
    for _ in range(3):  # warm up: first queries, template loading
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times), _percentile(times, 0.95)


def _letters_per_second(render: Callable[[], object], seconds: float) -> float:
    render()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        render()
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rows and runs")
    args = parser.parse_args()
    n_comms, n_replies, runs = (2000, 3000, 30) if args.quick else (20_000, 30_000, 200)
    folder = _setup(args.quick)
    try:
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from rapporteur.testing.personas import sign_in

        setup_test_environment()  # the test client's host name, in-memory e-mail
        start = time.perf_counter()
        officer, rapporteur = _populate(communications=n_comms, replies=n_replies)
        print(f"database: {connection.vendor}; {n_comms} communications, {n_replies} replies "
              f"inserted in {time.perf_counter() - start:.1f} s")  # fmt: skip

        public = Client()
        year = date.today().year - 2
        print("public report, State and year (whole view, rendered):")
        for query in (f"state=TJK&year={year}", f"state=UZB&year={year}&reply=replied",
                      f"state=TJK&year={year}&page=2"):  # fmt: skip
            p50, p95 = _timed(public, f"/communications/?{query}", runs)
            print(f"  /communications/?{query:<32} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
        p50, p95 = _timed(public, f"/communications/export.json?state=TJK&year={year}", runs)
        print(f"  JSON export, TJK {year}{'':<22} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")

        print("overdue dashboard (staff, signed in with both factors):")
        desk = sign_in(Client(), officer)  # type: ignore[arg-type]
        for label, url in (("communications list with due/overdue", "/desk/communications/"),
                           ("staff home with deadline panel", "/desk/")):  # fmt: skip
            p50, p95 = _timed(desk, url, runs)
            print(f"  {label:<40} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
        chief = sign_in(Client(), rapporteur)  # type: ignore[arg-type]
        p50, p95 = _timed(chief, "/desk/", runs)
        print(
            f"  {'staff home, rapporteur (+ reply stats)':<40} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
        )

        from rapporteur.communications.letters.docx import render_docx
        from rapporteur.communications.letters.render import LetterDraft, PersonConcerned
        from rapporteur.communications.references import Kind

        draft = LetterDraft(
            kind=Kind.URGENT_APPEAL, language="en", addressee_name="Tajikistan",
            reference="UA TJK 3/2022", date=date(2022, 5, 12),
            mandates=("Special Rapporteur on the situation of human rights defenders",
                      "Working Group on Arbitrary Detention"),
            subject="the arrest of [[person:1]]",
            facts=("On 3 May 2022, [[person:1]] was arrested without a warrant.",) * 6,
            legal_paragraphs=("declaration-hrd", "iccpr-9", "iccpr-17", "iccpr-19"),
            questions=("Please provide the legal basis for the arrest of [[person:1]].",) * 4,
            persons=(PersonConcerned(name="Bench Person", description="a lawyer",
                                     consent_to_share_name=True),),
        )  # fmt: skip
        from rapporteur.communications.content import library
        from rapporteur.communications.letters.pdf import render_pdf
        from rapporteur.communications.letters.render import render_body

        body = render_body(draft=draft, library=library())
        seconds = 1.0 if args.quick else 5.0
        docx = _letters_per_second(lambda: render_docx(draft=draft, body=body), seconds)
        pdf = _letters_per_second(lambda: render_pdf(draft=draft, body=body), seconds)
        print(f"letters: DOCX {docx:.1f}/s, PDF {pdf:.1f}/s (one process, {len(body)} characters)")
    finally:
        if folder is not None:
            folder.cleanup()


if __name__ == "__main__":
    main()
