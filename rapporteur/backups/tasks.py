"""The daily backup, when the desk says where archives go and to which key they are
encrypted (RAPPORTEUR_BACKUP_DIR, RAPPORTEUR_BACKUP_PUBLIC_KEY): run by the worker at
midnight UTC (``schedule.py``), keeping the newest RAPPORTEUR_BACKUP_KEEP archives."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from rapporteur.backups import services
from rapporteur.schedule import DAY, periodic


def backups_are_on() -> bool:
    return bool(settings.BACKUP_PUBLIC_KEY and settings.BACKUP_DIR)


@periodic(every=DAY, enabled=backups_are_on)
def back_up_desk() -> None:
    """Write one archive and prune the old ones. A failure (a full disk) fails the run,
    which the worker records, and leaves no archive; the next day's run is queued all
    the same."""
    folder: Path | None = settings.BACKUP_DIR
    if folder is None:  # pragma: no cover - backups_are_on says it is set
        return
    services.create_backup(
        directory=folder,
        public_key=settings.BACKUP_PUBLIC_KEY,
        keep=settings.BACKUP_KEEP,
    )
