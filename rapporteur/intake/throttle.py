"""Slowing and refusing wrong receipts, in memory, without knowing who tried.

No address, cookie or name is recorded: the only state is a count of recent
wrong receipts for the whole process. Past the first threshold each wrong receipt
costs a growing delay; past the second every receipt is refused for a minute.
At 80 bits per receipt, even the unthrottled rate gives a guesser nothing; the
throttle keeps the load (one Argon2id derivation per success) bounded.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from django.conf import settings

WINDOW_SECONDS = 60.0
MAX_DELAY_SECONDS = 5.0

_lock = threading.Lock()
_failures: deque[float] = deque()
_refused_until = 0.0


def _recent(now: float) -> int:
    while _failures and now - _failures[0] > WINDOW_SECONDS:
        _failures.popleft()
    return len(_failures)


def refused() -> bool:
    """True while receipts are refused outright."""
    with _lock:
        return time.monotonic() < _refused_until


def note_failure() -> float:
    """Count a wrong receipt; returns the delay to impose before answering."""
    global _refused_until
    now = time.monotonic()
    with _lock:
        _failures.append(now)
        count = _recent(now)
        if count >= settings.INTAKE_RECEIPT_REFUSE_PER_MINUTE:
            _refused_until = now + WINDOW_SECONDS
        over = count - settings.INTAKE_RECEIPT_SLOWDOWN_PER_MINUTE
    return 0.0 if over <= 0 else min(MAX_DELAY_SECONDS, 0.25 * over)


def reset() -> None:
    """Forget everything (tests, and a restart does the same)."""
    global _refused_until
    with _lock:
        _failures.clear()
        _refused_until = 0.0
