"""`rapporteur serve` starts the production server, which answers with its security headers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

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
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    # No access log: no request line with a path ever reaches the server's output.
    assert "GET /" not in output
