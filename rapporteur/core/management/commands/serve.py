"""Run the production server.

Gunicorn, with synchronous workers: a mature, pure-Python WSGI server that Django
documents, that needs no compiler at install, and whose pre-fork model isolates each
request's key material in one process. The desk's load (a few staff, bursts of
submissions) is far below what a handful of sync workers behind nginx serve.

By default the command becomes gunicorn (``exec``), and the background worker
(``rapporteur db_worker``) runs as its own service. ``--with-worker`` is for a desk
with no service manager, such as the demo: the command stays as a small supervisor
of two child processes, gunicorn and the worker, passes SIGINT and SIGTERM on to
both, and stops the other when one of them ends (exiting non-zero if that was not
asked for).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

# After a stop is asked for, how long a child may take before it is killed: gunicorn's
# graceful timeout (30 s, below) for requests in flight, plus a margin.
STOP_GRACE_SECONDS = 35.0
POLL_SECONDS = 0.2


class Command(BaseCommand):
    help = "Serve the desk with gunicorn (production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("RAPPORTEUR_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("RAPPORTEUR_WORKERS", "0")) or None
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run the background worker (db_worker) for as long as the server runs, "
            "for a desk without a service manager (the demo). Production runs it as its own unit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = shutil.which("gunicorn") or os.path.join(
            os.path.dirname(sys.executable), "gunicorn"
        )
        if not os.path.exists(gunicorn):
            raise CommandError("gunicorn is not installed in this environment.")
        if settings.PRODUCTION:
            # Hashed, compressed static files must exist before the first page renders.
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = options["workers"] or (2 * (os.cpu_count() or 1) + 1)
        command = [
            gunicorn,
            "rapporteur.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(workers),
            "--worker-tmp-dir",
            "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",  # noqa: S108
            # No access log: it would record sources' addresses and paths.
            "--error-logfile",
            "-",
            # ... and an error log that never names a client's address either.
            "--logger-class",
            "rapporteur.core.gunicorn_logging.AddressFreeLogger",
            "--timeout",
            "300",
            "--graceful-timeout",
            "30",
            # No control socket: the service manager steers the server, and a socket
            # at one fixed path per user would be shared by every instance.
            "--no-control-socket",
        ]
        self.stdout.write(f"Serving on http://{options['bind']}/ with {workers} workers.")
        if not options["with_worker"]:
            self.stdout.flush()
            os.execv(gunicorn, command)  # noqa: S606 - our own server binary, fixed arguments
        self.stdout.write("Running the background worker alongside.")
        self.stdout.flush()
        worker = [sys.executable, "-m", "rapporteur.cli", "db_worker", "--no-reload"]
        for name in ("settings", "pythonpath"):
            if options.get(name):
                worker += [f"--{name}", options[name]]
        code = supervise({"gunicorn": command, "db_worker": worker})
        if code:
            raise SystemExit(code)


def supervise(commands: dict[str, list[str]]) -> int:
    """Run the commands as child processes until one ends or SIGINT/SIGTERM arrives;
    pass that signal on to each, stop the rest, and return 0 after a requested stop,
    otherwise the first ended child's exit code (1 if it was 0)."""
    children: dict[str, subprocess.Popen[bytes]] = {}
    requested: list[int] = []
    signalled: set[str] = set()

    def pass_on(signum: int) -> None:
        # Once per child: a second SIGINT would make the worker abandon a running task.
        for name, child in children.items():
            if name not in signalled and child.poll() is None:
                signalled.add(name)
                child.send_signal(signum)

    def forward(signum: int, frame: FrameType | None) -> None:
        if not requested:
            requested.append(signum)
        pass_on(requested[0])

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for name, command in commands.items():
            # Each child in its own process group: a Ctrl-C in the terminal reaches this
            # process only, which passes it on.
            children[name] = subprocess.Popen(command, process_group=0)  # noqa: S603 - our own commands
            if requested:  # a stop asked for during start-up: start nothing more
                pass_on(requested[0])
                break
        ended = None
        while ended is None:
            ended = next((n for n, c in children.items() if c.poll() is not None), None)
            if ended is None:
                time.sleep(POLL_SECONDS)
        code = children[ended].returncode
        unasked = not requested
        if unasked:
            sys.stderr.write(f"serve: {ended} ended (exit code {code}); stopping the others.\n")
            pass_on(signal.SIGTERM)
        _reap(list(children.values()))
        return (code or 1) if unasked else 0
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _reap(children: list[subprocess.Popen[bytes]]) -> None:
    """Wait up to STOP_GRACE_SECONDS for the children to end, then kill the rest."""
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
