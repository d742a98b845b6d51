#!/usr/bin/env python3
"""Django's command-line utility; the same as the ``rapporteur`` command."""

from rapporteur.cli import main

if __name__ == "__main__":
    main()
