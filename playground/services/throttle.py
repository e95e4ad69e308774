"""Login throttling, counted before the password is checked.

Three counters per attempt, in the database (table login_throttle) so every instance
shares them:

- the pair (user name, address) locks after `max_failures`: a guesser at one account
  from one place is stopped, while the owner at their usual address still gets in;
- the user name alone only slows logins down (a lock there would let anyone lock
  anyone out);
- the address alone slows logins down and locks after `ADDRESS_FACTOR` times as many
  failures, against one place trying many names.

Each attempt is counted *before* the password is verified, in one atomic update, so a
burst of attempts sent at once cannot verify more passwords than the limit; a success
takes its count back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from playground.settings import Settings
from playground.store import throttle as store

ADDRESS_FACTOR = 5


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
    """Whether this attempt may be checked: refused (minutes left) or slowed."""

    locked_minutes: int
    slow: bool


@dataclass(frozen=True)
class _Keys:
    """The counter keys one attempt touches."""

    pair: str
    user: str
    address: str | None

    @classmethod
    def of(cls, username: str, address: str, scope: str) -> _Keys:
        """Keys for a user name (case-folded: "Ada" and "ada" count together) and address."""
        name = username.strip().lower()[:90]
        where = address[:90]
        return cls(
            pair=f"{scope}pair:{name}|{where}",
            user=f"{scope}user:{name}",
            address=f"{scope}addr:{where}" if where else None,
        )


def _minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes until a lock ends, rounded up."""
    return max(1, math.ceil((until - now).total_seconds() / 60))


def admit(
    db: Session, *, username: str, address: str, policy: Policy, now: datetime, scope: str = ""
) -> Verdict:
    """Count this attempt; refuse it when its pair or address is locked, else say if slowed.

    `scope` keeps other password checks (the current password on the account page)
    apart from logins.
    """
    keys = _Keys.of(username, address, scope)
    limits = [(keys.pair, policy.max_failures), (keys.user, None)]
    if keys.address:
        limits.append((keys.address, policy.max_failures * ADDRESS_FACTOR))
    rows = [
        store.add_failure(db, key=key, limit=limit, now=now, window=policy.lock, lock=policy.lock)
        for key, limit in limits
    ]
    pair = rows[0]
    locks = [r.locked_until for r in rows if r.locked_until is not None and r.locked_until > now]
    # The attempt that reaches the limit is still checked; those beyond it are not.
    beyond = pair.failures > policy.max_failures or any(
        r.failures > policy.max_failures * ADDRESS_FACTOR for r in rows[2:]
    )
    if locks and beyond:
        return Verdict(locked_minutes=_minutes_left(max(locks), now), slow=True)
    slow = max(r.failures - 1 for r in rows) >= policy.slow_after
    return Verdict(locked_minutes=0, slow=slow)


def failed(
    db: Session, *, username: str, address: str, policy: Policy, now: datetime, scope: str = ""
) -> int:
    """After a failed check: the minutes its pair or address is now locked for (or 0)."""
    keys = _Keys.of(username, address, scope)
    rows = store.get_many(db, keys=[k for k in (keys.pair, keys.address) if k])
    locks = [r.locked_until for r in rows if r.locked_until is not None and r.locked_until > now]
    return _minutes_left(max(locks), now) if locks else 0


def succeeded(db: Session, *, username: str, address: str, scope: str = "") -> None:
    """A right password: forget the name's and pair's failures, give the address its count back."""
    keys = _Keys.of(username, address, scope)
    store.clear(db, keys=[keys.pair, keys.user])
    if keys.address:
        store.give_back(db, key=keys.address)


def purge(db: Session, *, policy: Policy, now: datetime) -> None:
    """Forget counters whose window and lock are over."""
    store.delete_stale(db, before=now - policy.lock)
