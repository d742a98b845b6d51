"""Slowing and locking out repeated password or code failures, per account name.

Counted per account name, not per address: the desk stores no addresses, and an
attacker spreading guesses over many addresses is slowed all the same. The cost is
that someone can lock a colleague out for an hour by guessing; an administrator can
unlock at once, and the lock-out is audited.

Wrong second-factor codes are counted the same way under their own key (scope
``CODE``), so a mistyped code costs nothing and a guesser of six-digit codes is
slowed and then locked out. Nothing here ever sleeps: a throttled attempt is
refused at once with the time to wait, so no worker is tied up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rapporteur.accounts.models import LoginThrottle

MAX_DELAY_SECONDS = 15 * 60


@dataclass(frozen=True)
class ThrottleState:
    locked: bool = False
    wait_seconds: int = 0

    @property
    def allowed(self) -> bool:
        return not self.locked and self.wait_seconds == 0


PASSWORD = ""
CODE = "second-factor"


def name_digest(username: str, scope: str = PASSWORD) -> str:
    normalised = username.strip().casefold()
    if scope:
        normalised = f"{scope}\x1f{normalised}"
    return salted_hmac("rapporteur.accounts.throttle", normalised, algorithm="sha256").hexdigest()


def state_for(username: str, scope: str = PASSWORD) -> ThrottleState:
    throttle = LoginThrottle.objects.filter(name_digest=name_digest(username, scope)).first()
    if throttle is None:
        return ThrottleState()
    now = timezone.now()
    if throttle.locked_until and throttle.locked_until > now:
        return ThrottleState(locked=True)
    if throttle.failures >= settings.LOGIN_SLOWDOWN_AFTER and throttle.last_failure_at:
        ready_at = throttle.last_failure_at + timedelta(seconds=_delay_after(throttle.failures))
        if ready_at > now:
            return ThrottleState(wait_seconds=int((ready_at - now).total_seconds()) + 1)
    return ThrottleState()


def _delay_after(failures: int) -> int:
    """Doubling delay once past the slow-down threshold: 1 s, 2 s, 4 s ... capped."""
    over = failures - settings.LOGIN_SLOWDOWN_AFTER
    return min(2**over, MAX_DELAY_SECONDS)


def note_failure(username: str, scope: str = PASSWORD) -> LoginThrottle:
    """Count one failure; lock the name once the lock-out threshold is reached.

    Called inside the login transaction; the row lock keeps two racing failures
    from both reading the old count.
    """
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
        name_digest=name_digest(username, scope)
    )
    now = timezone.now()
    if throttle.locked_until and throttle.locked_until <= now:
        throttle.failures = 0
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= settings.LOGIN_LOCKOUT_AFTER:
        throttle.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return throttle


def clear(username: str) -> None:
    """Forget the name's password and code failures (signed in, or unlocked)."""
    digests = [name_digest(username, scope) for scope in (PASSWORD, CODE)]
    LoginThrottle.objects.filter(name_digest__in=digests).delete()
