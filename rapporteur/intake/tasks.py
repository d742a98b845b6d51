"""Background jobs: retention, every hour on its own (``schedule.py``); the
content-free "something new arrived" notice lives in ``notices`` (services queue it,
and this module imports services).
"""

from __future__ import annotations

from django.core.management import call_command

from rapporteur.intake import services
from rapporteur.intake.notices import send_new_arrival_notice
from rapporteur.schedule import HOUR, periodic

# Kept importable here: a notice queued before it moved names this path.
__all__ = ["purge_expired_submissions", "send_new_arrival_notice"]


@periodic(every=HOUR)
def purge_expired_submissions() -> int:
    """Warn of what is soon due, delete submissions past the retention period with
    their files, and expired sessions (whose rows would otherwise stay for good), as
    ``rapporteur intake purge`` does; returns the number of submissions deleted."""
    services.warn_before_deletion()
    deleted = services.purge_expired()
    call_command("clearsessions")
    return deleted
