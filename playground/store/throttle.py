"""Failed-login counters per key (a user name or a client address), shared by every instance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, or_, select

from playground.store.models import LoginThrottle


def get_many(session: Session, *, keys: Sequence[str]) -> list[LoginThrottle]:
    """The counters stored for these keys (missing keys have none)."""
    return list(session.exec(select(LoginThrottle).where(col(LoginThrottle.key).in_(keys))))


def _restart_due(row: LoginThrottle, *, now: datetime, window: timedelta) -> bool:
    """True when the row's lock is over, or it has no lock and its window is over."""
    if row.locked_until is not None:
        return row.locked_until <= now
    return row.window_started_at <= now - window


def _count(
    session: Session, *, key: str, now: datetime, window: timedelta, limit: int, lock: timedelta
) -> LoginThrottle:
    """Read (locking the row where the database can), count one failure and commit."""
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_started_at=now)
    elif _restart_due(row, now=now, window=window):
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= limit and row.locked_until is None:
        row.locked_until = now + lock
    session.add(row)
    session.commit()
    return row


def add_failure(
    session: Session, *, key: str, now: datetime, window: timedelta, limit: int, lock: timedelta
) -> LoginThrottle:
    """Count one failure for the key; at `limit` failures within the window, lock it."""
    try:
        return _count(session, key=key, now=now, window=window, limit=limit, lock=lock)
    except IntegrityError:
        # Another instance inserted the same key at the same moment: count on its row.
        session.rollback()
        return _count(session, key=key, now=now, window=window, limit=limit, lock=lock)


def clear(session: Session, *, key: str) -> None:
    """Forget the key's failures."""
    session.exec(delete(LoginThrottle).where(col(LoginThrottle.key) == key))
    session.commit()


def delete_stale(session: Session, *, before: datetime) -> None:
    """Forget counters whose window started before `before` and that hold no live lock."""
    session.exec(
        delete(LoginThrottle).where(
            col(LoginThrottle.window_started_at) < before,
            or_(
                col(LoginThrottle.locked_until).is_(None), col(LoginThrottle.locked_until) < before
            ),
        )
    )
    session.commit()
