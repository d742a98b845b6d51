"""Intake benchmark: the production server (gunicorn, production settings) on
loopback, a bounded load from another process, figures printed.

    .venv/bin/python bench/intake.py [--quick]

Measures submissions per second and p50/p99 latency of the submission POST at
concurrency 1 and 8, text-only and with a 1 MB attachment, and attachment
encryption throughput beside raw libsodium secretstream on the same bytes in the
same run. A source opens the form long before sending it, so each run first
fetches the forms (their one-time tokens; the rate is printed as "forms/s"), then
times the submissions (POSTs) alone. The last row times a source's whole flow at
concurrency 8: each thread fetches a form and sends it at once, and the pair is one
flow (flows/s in the "subm./s" column, the latency is the pair's). Every row also
prints the CPU time, in ms, that the server's processes ("srv CPU") and the load
generator ("load CPU") spent per form page and submission together: on a machine of
N cores, N * 1000 / (their sum) is the most flows a second it can carry, which the
last row states.
Every worker is warmed up first (imports, first queries), outside the figures.

Then, on each backend of the file store (the folder; the database on SQLite, and on
PostgreSQL when ``--postgres URL`` names a server, where a throw-away database is
made and dropped), a 300 MB upload to one warmed-up worker: the growth of the
worker's resident memory (target: under 64 MiB), the time of the POST, and the
growth of a process reading the file back through ``decrypted_chunks``.
``--memory`` runs this part alone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIELDS = {
    "person_name": "Bench person",
    "person_role": "journalist",
    "act_kind": "arrest",
    "event_dates": "2022",
    "remedies_tried": "no",
    "consent_to_name": "no",
    "submitter_relation": "self",
    "narrative": "Benchmark narrative. " * 20,
}
MiB = 1024 * 1024
UPLOAD_MIB = 300
MEMORY_TARGET_MIB = 64
# Run in the server's own environment: the peak memory of reading the file back.
_READ_BACK = """
import json, resource
from rapporteur.accounts.models import User
from rapporteur.intake.models import Attachment
from rapporteur.vault.services import unlock_desk_keys
from rapporteur.vault.storage import intake_files
keys = unlock_desk_keys(user=User.objects.get(username="officer"), passphrase={password!r})
attachment = Attachment.objects.order_by("-pk").first()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
size = sum(len(c) for c in intake_files.decrypted_chunks(
    attachment.stored_name, version=attachment.desk_key.version, desk_keys=keys))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"size": size, "growth_kib": after - before}}))
"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _request_bytes(port: int, state: Any, files: Any) -> bytes:
    """The whole HTTP request of one submission, built before the clock starts."""
    from rapporteur.testing.server import multipart

    fields = {
        "csrfmiddlewaretoken": state.csrf,
        "form_token": state.token,
        "proof": state.proof,
        **FIELDS,
    }
    boundary = "----bench" + os.urandom(8).hex()
    length, chunks = multipart(fields, files, boundary)
    head = (
        f"POST /submit/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {length}\r\nCookie: {state.cookie}\r\nConnection: close\r\n\r\n"
    ).encode()
    return head + b"".join(chunks)


def _send(port: int, request: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=120) as conn:
        conn.sendall(request)
        parts = []
        while data := conn.recv(65536):
            parts.append(data)
    response = b"".join(parts)
    return int(response[9:12]), response


def _ready(request: bytes) -> Callable[[], bytes]:
    return lambda: request


def run_load(
    port: int, concurrency: int, total: int, attachment_bytes: int, whole_flow: bool = False
) -> dict:
    """In the load process: ``total`` submissions by ``concurrency`` threads.

    Requests are sent over plain sockets from pre-built bytes, so the load
    generator spends as little of the machine's CPU as it can. With ``whole_flow``
    each thread plays a source from the start: it fetches the form, then sends it,
    and the pair is timed as one flow.
    """
    from rapporteur.testing.server import DeskServer

    server = DeskServer.__new__(DeskServer)
    server.port = port
    block = os.urandom(MiB)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    # Sources open the form minutes before they send it: the form pages are fetched
    # first (timed separately), then the submissions are timed on their own.
    files = [("evidence.bin", attachment_bytes, block)] if attachment_bytes else []
    form_pages_per_second = 0.0
    # A list's iterator, not a generator: threads share it, and a generator refuses
    # to be advanced by two threads at once.
    if whole_flow:
        makers: list[Callable[[], bytes]] = [
            lambda: _request_bytes(port, server.form_state("/submit/"), files)
        ] * total
    else:
        started = time.perf_counter()
        states = [server.form_state("/submit/") for _ in range(total)]
        form_pages_per_second = total / (time.perf_counter() - started)
        # Built before the clock starts (at most a few hundred MB with 1 MB attachments).
        requests = [_request_bytes(port, state, files) for state in states]
        makers = [_ready(request) for request in requests]
    pending = iter(makers)

    def worker() -> None:
        for make_request in pending:
            started = time.perf_counter()
            try:
                status, body = _send(port, make_request())
            except OSError as error:  # counted, not raised: the run goes on
                with lock:
                    errors.append(type(error).__name__)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200 and b'id="receipt"' in body:
                    latencies.append(elapsed)
                else:
                    errors.append(str(status))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "ok": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "per_second": len(latencies) / wall,
        "p50_ms": 1000 * _percentile(latencies, 0.50) if latencies else 0.0,
        "p99_ms": 1000 * _percentile(latencies, 0.99) if latencies else 0.0,
        "mean_ms": 1000 * statistics.fmean(latencies) if latencies else 0.0,
        "form_pages_per_second": form_pages_per_second,
    }


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU the processes have spent so far (``/proc/PID/stat``)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def encryption_throughput(size: int) -> tuple[float, float]:
    """(desk encryption MB/s, raw secretstream MB/s) over the same bytes."""
    import io

    import nacl.bindings as nb

    from rapporteur.vault import crypto

    data = os.urandom(size)
    desk = crypto.generate_desk_keypair()

    def ours() -> None:
        sink = io.BytesIO()
        chunks = (data[i : i + crypto.CHUNK_SIZE] for i in range(0, size, crypto.CHUNK_SIZE))
        crypto.encrypt_chunks_to_file(
            chunks=chunks, fileobj_out=sink, recipient_public_keys=[desk.public_key]
        )

    def raw() -> None:
        # libsodium secretstream alone: same chunk size, no envelope, no Python framing.
        sink = io.BytesIO()
        key = nb.crypto_secretstream_xchacha20poly1305_keygen()
        state = nb.crypto_secretstream_xchacha20poly1305_state()
        sink.write(nb.crypto_secretstream_xchacha20poly1305_init_push(state, key))
        last = size - crypto.CHUNK_SIZE
        for i in range(0, size, crypto.CHUNK_SIZE):
            tag = (
                nb.crypto_secretstream_xchacha20poly1305_TAG_FINAL
                if i >= last
                else nb.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
            )
            sink.write(
                nb.crypto_secretstream_xchacha20poly1305_push(
                    state, data[i : i + crypto.CHUNK_SIZE], None, tag
                )
            )

    def best(function: Callable[[], object]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return size / MiB / min(times)

    # Interleaved, best of five each: the same conditions for both.
    return best(ours), best(raw)


@contextlib.contextmanager
def throwaway_postgres(url: str) -> Iterator[str]:
    """A new, empty database on the server ``url`` names, dropped afterwards; yields
    its URL."""
    import urllib.parse

    import psycopg

    name = "rapporteur_bench_" + os.urandom(4).hex()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # a generated name: nothing to escape
    try:
        yield urllib.parse.urlparse(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def upload_memory(backend: str, database_url: str = "") -> dict[str, float]:
    """A 300 MB upload to one warmed-up worker with the file store's ``backend``:
    worker RSS baseline and peak growth (MiB), seconds of the POST, and the memory
    growth of reading the file back (MiB)."""
    from rapporteur.testing.intake import VALID_ANSWERS
    from rapporteur.testing.server import PASSWORD, DeskServer, post_multipart

    fields = VALID_ANSWERS | {"narrative": "A large file follows."}
    with tempfile.TemporaryDirectory(prefix="rapporteur-bench-") as base:
        server = DeskServer(Path(base), database_url=database_url)
        server.env["RAPPORTEUR_FILE_STORAGE"] = backend
        server.prepare()
        server.start()
        try:
            post_multipart(server, "/submit/", fields, [("warm.bin", MiB, os.urandom(MiB))])
            (worker,) = server.worker_pids()
            started = time.perf_counter()
            with server.watching_memory(worker) as memory:
                status, body = post_multipart(  # type: ignore[misc]
                    server, "/submit/", fields, [("big.bin", UPLOAD_MIB * MiB, os.urandom(MiB))]
                )
            seconds = time.perf_counter() - started
            if status != 200 or b'id="receipt"' not in body:
                raise RuntimeError(f"the upload was refused: {status}")
            read = json.loads(
                server.manage("shell", "-c", _READ_BACK.format(password=PASSWORD)).splitlines()[-1]
            )
            if read["size"] != UPLOAD_MIB * MiB:
                raise RuntimeError(f"read back {read['size']} bytes")
        finally:
            server.close()
    return {
        "baseline_mib": memory.baseline / 1024,
        "growth_mib": memory.growth_mib,
        "seconds": seconds,
        "read_growth_mib": read["growth_kib"] / 1024,
    }


def print_upload_memory(postgres: str) -> None:
    print(
        f"{UPLOAD_MIB} MB upload, one gunicorn worker (target: RSS growth < "
        f"{MEMORY_TARGET_MIB} MiB on every backend)"
    )
    print(
        f"{'file store':<22} {'RSS base MiB':>12} {'growth MiB':>10} {'upload s':>9} "
        f"{'read-back growth MiB':>21}"
    )
    runs = [("folder", "SQLite", ""), ("database", "SQLite", "")]
    if postgres:
        runs += [("folder", "PostgreSQL", postgres), ("database", "PostgreSQL", postgres)]
    for backend, engine, server_url in runs:
        with contextlib.ExitStack() as stack:
            url = stack.enter_context(throwaway_postgres(server_url)) if server_url else ""
            figures = upload_memory(backend, url)
        verdict = "ok" if figures["growth_mib"] < MEMORY_TARGET_MIB else "OVER TARGET"
        print(
            f"{backend + ', ' + engine:<22} {figures['baseline_mib']:>12.1f} "
            f"{figures['growth_mib']:>10.1f} {figures['seconds']:>9.1f} "
            f"{figures['read_growth_mib']:>21.1f}  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Fewer submissions.")
    parser.add_argument(
        "--memory", action="store_true", help="Only the 300 MB upload on each backend."
    )
    parser.add_argument(
        "--postgres",
        default="",
        metavar="URL",
        help="Also measure the upload on this PostgreSQL server (a throw-away database).",
    )
    parser.add_argument("--load", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        port, concurrency, total, attachment, flow = (int(x) for x in args.load.split(","))
        print(json.dumps(run_load(port, concurrency, total, attachment, bool(flow))))
        return

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapporteur.settings")
    os.environ.setdefault("RAPPORTEUR_MODE", "dev")
    if args.memory:
        print_upload_memory(args.postgres)
        return
    from rapporteur.testing.server import DeskServer

    scale = 0.25 if args.quick else 1.0
    runs = [  # label, concurrency, submissions, attachment bytes, whole flow
        ("text only", 1, int(100 * scale), 0, 0),
        ("text only", 8, int(400 * scale), 0, 0),
        ("1 MB attachment", 1, int(50 * scale), MiB, 0),
        ("1 MB attachment", 8, int(200 * scale), MiB, 0),
        ("form + text", 8, int(400 * scale), 0, 1),
    ]
    with tempfile.TemporaryDirectory(prefix="rapporteur-bench-") as base:
        server = DeskServer(Path(base), workers=None, production=True)
        # This measures capacity, not the flood defence (bench/intake_flood.py does):
        # thousands of submissions an hour would otherwise be priced as a flood.
        server.env["RAPPORTEUR_INTAKE_SUBMISSION_WORK_AFTER_PER_HOUR"] = "1000000"
        server.env["RAPPORTEUR_INTAKE_SUBMISSION_TICKETS_PER_HOUR"] = "1000000"
        server.prepare()
        server.start()
        try:
            cores = os.cpu_count()
            print(
                f"Rapporteur intake benchmark: gunicorn, production settings, loopback, "
                f"{cores} CPU cores, load from a separate process."
            )
            print(
                f"{'submission':<16} {'conc.':>5} {'n':>5} {'ok':>5} {'errors':>6} "
                f"{'subm./s':>8} {'p50 ms':>8} {'p99 ms':>8} {'forms/s':>8} "
                f"{'srv CPU':>8} {'load CPU':>8}"
            )
            subprocess.run(  # warm-up: every worker serves a few requests
                [sys.executable, __file__, "--load", f"{server.port},8,40,0,0"],
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            assert server.process is not None  # started above
            server_pids = [server.process.pid, *server.worker_pids()]
            for label, concurrency, total, attachment, flow in runs:
                server_cpu, load_cpu = _cpu_seconds(server_pids), _children_cpu_seconds()
                result = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--load",
                        f"{server.port},{concurrency},{total},{attachment},{flow}",
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                figures = json.loads(result.stdout)
                done = max(figures["ok"], 1)
                server_ms = 1000 * (_cpu_seconds(server_pids) - server_cpu) / done
                load_ms = 1000 * (_children_cpu_seconds() - load_cpu) / done
                print(
                    f"{label:<16} {concurrency:>5} {total:>5} {figures['ok']:>5} "
                    f"{figures['errors']:>6} {figures['per_second']:>8.1f} "
                    f"{figures['p50_ms']:>8.1f} {figures['p99_ms']:>8.1f}"
                    + (f" {figures['form_pages_per_second']:>8.1f}" if not flow else f" {'-':>8}")
                    + f" {server_ms:>8.1f} {load_ms:>8.1f}"
                    + (f"  {figures['error_kinds']}" if figures["errors"] else "")
                )
                if flow:
                    ceiling = (cores or 1) * 1000 / (server_ms + load_ms)
                    print(
                        f"  a whole flow costs {server_ms:.1f} ms of the server's CPU and "
                        f"{load_ms:.1f} ms of the load generator's: {cores} cores carry at "
                        f"most {ceiling:.0f} flows/s however the work is spread."
                    )
        finally:
            server.close()
    ours, raw = encryption_throughput(256 * MiB if not args.quick else 64 * MiB)
    print(
        f"attachment encryption: {ours:.0f} MB/s (desk streams) vs {raw:.0f} MB/s "
        f"(raw libsodium secretstream), ratio {ours / raw:.2f}"
    )
    print_upload_memory(args.postgres)


if __name__ == "__main__":
    main()
