"""Login throttling: failures per user name and per client address slow and then lock logins.

The counters live in the database (table login_throttle), so every instance sharing it
sees the same failures and locks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from playground.settings import Settings
from playground.store import throttle as store


@dataclass(frozen=True)
class Policy:
    """How many failures slow and lock logins, for how long, and the delay when slowed."""

    max_failures: int
    lock: timedelta
    slow_after: int
    delay_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy the settings describe; the lock time is also the counting window."""
        return cls(
            max_failures=max(1, settings.login_max_failures),
            lock=timedelta(minutes=max(1, settings.login_lock_minutes)),
            slow_after=max(1, settings.login_slow_after),
            delay_seconds=max(0.0, settings.login_delay_seconds),
        )


@dataclass(frozen=True)
class Verdict:
    """Whether a login may be tried now: refused (minutes left) or slowed."""

    locked_minutes: int
    slow: bool


def _user_key(username: str) -> str:
    """The counter key of a user name (case-folded so "Ada" and "ada" count together)."""
    return "user:" + username.strip().lower()[:150]


def _keys(username: str, address: str) -> list[str]:
    """The counter keys one attempt touches."""
    keys = [_user_key(username)]
    if address:
        keys.append("addr:" + address[:150])
    return keys


def _minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes until a lock ends, rounded up."""
    return max(1, math.ceil((until - now).total_seconds() / 60))


def check(db: Session, *, username: str, address: str, policy: Policy, now: datetime) -> Verdict:
    """Whether the user name or the address is locked, or has failed often enough to slow."""
    rows = store.get_many(db, keys=_keys(username, address))
    locks = [r.locked_until for r in rows if r.locked_until is not None and r.locked_until > now]
    if locks:
        return Verdict(locked_minutes=_minutes_left(max(locks), now), slow=True)
    recent = [r.failures for r in rows if r.window_started_at > now - policy.lock]
    return Verdict(locked_minutes=0, slow=max(recent, default=0) >= policy.slow_after)


def note_failure(db: Session, *, username: str, address: str, policy: Policy, now: datetime) -> int:
    """Count a failed login; the minutes the user name or address is now locked for (or 0)."""
    locked = 0
    for key in _keys(username, address):
        row = store.add_failure(
            db, key=key, now=now, window=policy.lock, limit=policy.max_failures, lock=policy.lock
        )
        if row.locked_until is not None and row.locked_until > now:
            locked = max(locked, _minutes_left(row.locked_until, now))
    return locked


def note_success(db: Session, *, username: str) -> None:
    """A successful login clears the user name's failures (the address keeps its count)."""
    store.clear(db, key=_user_key(username))


def purge(db: Session, *, policy: Policy, now: datetime) -> None:
    """Forget counters whose window and lock are over."""
    store.delete_stale(db, before=now - policy.lock)
