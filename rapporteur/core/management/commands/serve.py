"""Run the production server.

Gunicorn, with synchronous workers: a mature, pure-Python WSGI server that Django
documents, that needs no compiler at install, and whose pre-fork model isolates each
request's key material in one process. The desk's load (a few staff, bursts of
submissions) is far below what a handful of sync workers behind nginx serve.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve the desk with gunicorn (production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("RAPPORTEUR_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("RAPPORTEUR_WORKERS", "0")) or None
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
            "--timeout",
            "300",
            "--graceful-timeout",
            "30",
        ]
        self.stdout.write(f"Serving on http://{options['bind']}/ with {workers} workers.")
        self.stdout.flush()
        os.execv(gunicorn, command)  # noqa: S606 - our own server binary, fixed arguments
