"""The ``rapporteur`` command: the desk's own commands plus all of Django's.

``rapporteur demo`` and ``rapporteur democode`` run in demo mode; everything else in
the mode the environment names (production by default).
"""

from __future__ import annotations

import os
import sys

DEMO_COMMANDS = {"demo", "democode"}
# Commands that read neither the database nor a secret: usable from scripts without
# configuring a production server first.
OFFLINE_COMMANDS = {"visits"}


def main(argv: list[str] | None = None) -> None:
    # Files and folders the desk creates (database, keys, stores) are the service
    # account's alone: 0600 and 0700, whatever the shell's umask.
    os.umask(0o077)
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in DEMO_COMMANDS:
        os.environ.setdefault("RAPPORTEUR_MODE", "demo")
    elif len(argv) > 1 and argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("RAPPORTEUR_MODE", "dev")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rapporteur.settings")

    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A configuration mistake is the operator's to fix: say what, without a traceback.
        sys.stderr.write(f"rapporteur: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
