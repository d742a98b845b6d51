"""A real desk server (gunicorn via ``rapporteur serve``) on a free loopback port,
with its own data directory, database file and RAM directory, for the memory and
crash tests and the benchmark. Plain sockets only: nothing leaves 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from rapporteur.testing.intake import first_group, return_ticket, ticket_fields

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only credential
_SETUP = """
from rapporteur.accounts.models import User
from rapporteur.vault.services import initialise_desk
user = User.objects.create_user(username="officer", password={password!r}, role="officer")
initialise_desk(keyholders=[(user, {password!r})], threshold=2, shares=2)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DeskServer:
    """Start with ``prepare()`` once, then ``start()``/``kill()`` as often as needed."""

    def __init__(
        self,
        base: Path,
        *,
        workers: int | None = 1,
        database_url: str = "",
        production: bool = False,
    ) -> None:
        self.base = base
        self.ram = Path("/dev/shm") / f"rapporteur-test-{secrets.token_hex(6)}"  # noqa: S108
        self.port = free_port()
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "RAPPORTEUR_MODE": "dev",
            "RAPPORTEUR_DATA_DIR": str(base / "data"),
            "RAPPORTEUR_INTAKE_RAM_DIR": str(self.ram),
            "RAPPORTEUR_VAULT_ARGON2_MEMORY_KIB": "8",
            "RAPPORTEUR_VAULT_ARGON2_TIME_COST": "1",
            "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
        }
        self.env.pop("RAPPORTEUR_DATABASE_URL", None)
        if production:
            # The production settings, on plain HTTP over loopback (no TLS proxy here).
            self.env.update(
                RAPPORTEUR_MODE="production",
                RAPPORTEUR_SECRET_KEY=secrets.token_urlsafe(50),
                RAPPORTEUR_ALLOWED_HOSTS="127.0.0.1",
                RAPPORTEUR_SSL_REDIRECT="false",
            )
            self.env.pop("RAPPORTEUR_VAULT_ARGON2_MEMORY_KIB")
            self.env.pop("RAPPORTEUR_VAULT_ARGON2_TIME_COST")
        self.production = production
        if database_url:
            self.env["RAPPORTEUR_DATABASE_URL"] = database_url

    @property
    def store(self) -> Path:
        return self.base / "data" / "intake-files"

    @property
    def database(self) -> Path:
        return self.base / "data" / "rapporteur.sqlite3"

    def manage(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def prepare(self) -> None:
        self.ram.mkdir(mode=0o700)
        self.manage("migrate", "--verbosity", "0")
        if self.production:
            self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("shell", "-c", _SETUP.format(password=PASSWORD))

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                *(["--workers", str(self.workers)] if self.workers else []),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.request("GET", "/health/")[0] == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def worker_pids(self) -> list[int]:
        assert self.process is not None  # noqa: S101 - test helper
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()]

    @staticmethod
    def rss_kib(pid: int) -> int:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(first_group(r"VmRSS:\s+(\d+) kB", status))

    @contextlib.contextmanager
    def watching_memory(self, pid: int) -> Iterator[RssPeak]:
        """The resident memory of process ``pid`` when the block starts and at its
        highest while it runs (sampled every 50 ms), in KiB."""
        watched = RssPeak(baseline=self.rss_kib(pid), peak=self.rss_kib(pid))
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                watched.peak = max(watched.peak, self.rss_kib(pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            yield watched
        finally:
            done.set()
            watcher.join()

    def kill(self) -> None:
        """kill -9 the master and every worker: no clean-up code runs."""
        kill_group(self.process)
        self.process = None

    def stop(self) -> None:
        stop_group(self.process)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.ram, ignore_errors=True)

    # --- HTTP ---------------------------------------------------------------------

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def form_state(self, path: str = "/submit/", *, work: bool = True) -> FormState:
        """What a fresh visitor holds after fetching a form: cookie header, csrf token,
        one-time form token and, if the form's ticket carries a puzzle, its answer
        (found natively, as fast as an attacker would; none with ``work=False``)."""
        _status, headers, body = self.request("GET", path)
        cookies = [v.split(";")[0] for k, v in headers if k.lower() == "set-cookie"]
        csrf = next(c.split("=", 1)[1] for c in cookies if "csrftoken=" in c.split("=", 1)[0] + "=")
        fields = ticket_fields(body.decode(), work=work)
        puzzle = re.search(rb'data-work-bits="(\d+)" data-wait-seconds="(\d+)"', body)
        bits, wait = (int(puzzle.group(1)), int(puzzle.group(2))) if puzzle else (0, 0)
        return FormState(
            "; ".join(cookies), csrf, fields["form_token"], fields["proof"], bits, wait
        )


@dataclass
class RssPeak:
    baseline: int  # KiB
    peak: int  # KiB

    @property
    def growth_mib(self) -> float:
        return (self.peak - self.baseline) / 1024


def kill_group(process: subprocess.Popen | None) -> None:
    """SIGKILL to a process started in its own session and to its every child;
    returns once none of them runs (a child in the middle of a disk write dies
    only when the write returns, and holds the listening socket open till then)."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while _group_running(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _group_running(group: int) -> bool:
    """Whether a process of this process group is still alive (zombies aside)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (name) state ppid pgrp ...": the name may hold spaces, not ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                return True
    return False


def stop_group(process: subprocess.Popen | None, seconds: float = 20) -> None:
    """SIGTERM to a process started in its own session and its children; SIGKILL to
    them all if it has not ended within ``seconds``."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        kill_group(process)


class FormState(NamedTuple):
    cookie: str
    csrf: str
    token: str
    proof: str
    work_bits: int
    wait_seconds: int


@dataclass(frozen=True)
class ReturnForm:
    """What a visitor holds after fetching the return form: cookies and tokens."""

    cookie: str
    csrf: str
    ticket: str
    challenge: str
    work_bits: int


def return_form(server: DeskServer, *, cookie: str = "") -> ReturnForm:
    """GET the return form (keeping a session's cookie if given) for its ticket."""
    _status, headers, body = server.request("GET", "/return/", headers={"Cookie": cookie})
    jar = dict(c.split("=", 1) for c in cookie.split("; ") if "=" in c)
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, val = value.split(";")[0].split("=", 1)
            jar[key] = val
    html = body.decode()
    csrf = first_group(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    ticket, challenge, bits = return_ticket(html)
    return ReturnForm(
        cookie="; ".join(f"{k}={v}" for k, v in jar.items()),
        csrf=csrf,
        ticket=ticket,
        challenge=challenge,
        work_bits=bits,
    )


def post_return(
    server: DeskServer, form: ReturnForm, receipt: str, proof: str = ""
) -> tuple[int, str]:
    """POST a receipt with the form's ticket; returns (status, page text)."""
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": form.csrf,
            "receipt": receipt,
            "ticket": form.ticket,
            "proof": proof,
        }
    )
    status, _headers, page = server.request(
        "POST",
        "/return/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": form.cookie,
        },
    )
    return status, page.decode()


def multipart(
    fields: dict[str, str], files: list[tuple[str, int, bytes]], boundary: str
) -> tuple[int, Iterator[bytes]]:
    """A multipart body streamed from generated data: (length, chunks).

    ``files`` are (file name, size, 1 MiB pattern block) and are produced on the fly,
    so the client never holds a large file in memory either.
    """
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    parts = []
    for name, size, block in files:
        header = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        parts.append((header, size, block))
    tail = f"--{boundary}--\r\n".encode()
    length = len(head) + len(tail) + sum(len(h) + size + 2 for h, size, _ in parts)

    def chunks() -> Iterator[bytes]:
        yield head
        for header, size, block in parts:
            yield header
            sent = 0
            while sent < size:
                piece = block[: min(len(block), size - sent)]
                yield piece
                sent += len(piece)
            yield b"\r\n"
        yield tail

    return length, chunks()


def post_multipart(
    server: DeskServer,
    path: str,
    fields: dict[str, str],
    files: list[tuple[str, int, bytes]],
    *,
    stop_after: int | None = None,
    answer: bool = True,
    post_seconds: list[float] | None = None,
    state: FormState | None = None,
) -> http.client.HTTPConnection | tuple[int, bytes]:
    """POST a generated multipart body; returns (status, body).

    With ``stop_after`` (bytes) return the open connection after sending that much
    (to crash mid-upload); with ``answer=False`` after sending all of it, without
    waiting for the answer (to crash mid-submission). ``post_seconds`` receives
    the time of the POST alone (the form's GET excluded); ``state`` is a visitor's
    (cookie, csrf token, form token) fetched beforehand."""
    cookie, csrf, token, proof, _bits, _wait = state or server.form_state(path)
    fields = {"csrfmiddlewaretoken": csrf, "form_token": token, "proof": proof, **fields}
    boundary = "----rapporteur" + secrets.token_hex(8)
    length, chunks = multipart(fields, files, boundary)
    started = time.perf_counter()
    conn = server.connection()
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(length))
    conn.putheader("Cookie", cookie)
    conn.endheaders()
    sent = 0
    for chunk in chunks:
        conn.send(chunk)
        sent += len(chunk)
        if stop_after is not None and sent >= stop_after:
            return conn
    if not answer:
        return conn
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if post_seconds is not None:
        post_seconds.append(time.perf_counter() - started)
    return response.status, body
