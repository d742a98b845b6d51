"""`rapporteur serve` starts the production server, which answers with its security
headers; with ``--with-worker`` (the demo) it also runs the background worker, and the
two live and end together."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from rapporteur.core.tests.test_settings import SECRET


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            # As nginx would say after terminating TLS; HSTS is sent only over HTTPS.
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            return urllib.request.urlopen(request, timeout=2)  # noqa: S310 - loopback only
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_production_server_serves_pages(tmp_path):
    port = free_port()
    env = {
        "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "RAPPORTEUR_MODE": "production",
        "RAPPORTEUR_SECRET_KEY": SECRET,
        "RAPPORTEUR_ALLOWED_HOSTS": "127.0.0.1",
        "RAPPORTEUR_SSL_REDIRECT": "false",
        "RAPPORTEUR_DATA_DIR": str(tmp_path),
        "RAPPORTEUR_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    cli = [sys.executable, "-m", "rapporteur.cli"]
    subprocess.run([*cli, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    server = subprocess.Popen(
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        response = wait_for(f"http://127.0.0.1:{port}/")
        body = response.read().decode()
        assert response.status == 200
        assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        stylesheet = body.split('rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/rapporteur/desk.") and stylesheet.endswith(".css")
        assert wait_for(f"http://127.0.0.1:{port}{stylesheet}").status == 200
        with socket.create_connection(("127.0.0.1", port)) as malformed:
            malformed.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            malformed.recv(1024)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    # No access log: no request line with a path ever reaches the server's output.
    assert "GET /" not in output
    # gunicorn reports the malformed request, without the client's address.
    assert "Invalid request from ip=[address removed]" in output
    assert "ip=127.0.0.1" not in output


# `rapporteur serve --with-worker`, as the demo runs it: gunicorn and the background
# worker as children that live and end together.

_ENQUEUE = (
    "from rapporteur.intake.notices import send_new_arrival_notice as t; print(t.enqueue().id)"
)


def _descendants(pid: int) -> dict[int, str]:
    """{pid: command line} of every process below ``pid`` (Linux /proc)."""
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as children:
                kids = [int(k) for k in children.read().split()]
        except OSError:
            continue
        for kid in kids:
            try:
                with open(f"/proc/{kid}/cmdline", "rb") as cmdline:
                    found[kid] = cmdline.read().replace(b"\0", b" ").decode()
            except OSError:
                continue
            todo.append(kid)
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for its parent to collect it."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _env(data_dir) -> dict[str, str]:
    return {
        "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "RAPPORTEUR_MODE": "dev",
        "DJANGO_SETTINGS_MODULE": "rapporteur.settings",
        "RAPPORTEUR_DATA_DIR": str(data_dir),
        "RAPPORTEUR_DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
    }


CLI = [sys.executable, "-m", "rapporteur.cli"]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database for the module, copied by each test."""
    data_dir = tmp_path_factory.mktemp("migrated")
    subprocess.run([*CLI, "migrate", "-v", "0"], env=_env(data_dir), check=True, timeout=120)
    return data_dir / "db.sqlite3"


def _start_with_worker(tmp_path, database, *, enqueue: bool = False):
    env = _env(tmp_path)
    shutil.copy(database, tmp_path / "db.sqlite3")
    if enqueue:
        subprocess.run([*CLI, "shell", "-c", _ENQUEUE], env=env, check=True, timeout=60)
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [*CLI, "serve", "--with-worker", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return server, port


def _task_status(database) -> str:
    """The status of the notice queued before the start (the worker's start also
    queues the periodic jobs)."""
    with sqlite3.connect(database) as db:
        return db.execute(
            "select status from django_tasks_database_dbtaskresult where task_path = ?",
            ["rapporteur.intake.notices.send_new_arrival_notice"],
        ).fetchone()[0]


def _stop_all(server, known: dict[int, str]) -> None:
    """Clean-up, above all after a failed assertion: nothing may outlive the test."""
    for pid in [*_descendants(server.pid), *known, server.pid]:
        if _running(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    server.wait(timeout=10)


def test_serve_with_worker_runs_queued_tasks_and_stops_both_on_sigterm(tmp_path, migrated):
    server, port = _start_with_worker(tmp_path, migrated, enqueue=True)
    children: dict[int, str] = {}
    try:
        assert wait_for(f"http://127.0.0.1:{port}/").status == 200
        # The job queued before the start is done by the worker running alongside.
        assert _wait_until(lambda: _task_status(tmp_path / "db.sqlite3") == "SUCCESSFUL", 30)
        children = _descendants(server.pid)
        commands = " | ".join(children.values())
        assert "gunicorn" in commands and "db_worker" in commands, commands
        assert "--no-control-socket" in commands, commands
        os.kill(server.pid, signal.SIGTERM)  # the supervisor only: it passes the signal on
        assert server.wait(timeout=15) == 0
        assert _wait_until(lambda: not any(_running(pid) for pid in children), 5), children
    finally:
        _stop_all(server, children)


def test_serve_with_worker_stops_the_server_when_the_worker_dies(tmp_path, migrated):
    server, port = _start_with_worker(tmp_path, migrated)
    children: dict[int, str] = {}
    try:
        assert wait_for(f"http://127.0.0.1:{port}/").status == 200
        children = _descendants(server.pid)
        (worker,) = [pid for pid, command in children.items() if "db_worker" in command]
        os.kill(worker, signal.SIGKILL)
        assert server.wait(timeout=15) != 0
        assert _wait_until(lambda: not any(_running(pid) for pid in children), 5), children
    finally:
        _stop_all(server, children)
    assert "db_worker ended" in (tmp_path / "serve.log").read_text()
