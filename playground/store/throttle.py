"""Failed-login counters per key (a user name, an address, or both), shared by every instance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, select

from playground.store.models import LoginThrottle


def get_many(session: Session, *, keys: Sequence[str]) -> list[LoginThrottle]:
    """The counters stored for these keys (missing keys have none)."""
    return list(session.exec(select(LoginThrottle).where(col(LoginThrottle.key).in_(keys))))


def _insert_missing(session: Session, *, key: str, now: datetime) -> None:
    """Create the key's row unless it exists (another instance may create it meanwhile)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    row = {"key": key, "failures": 0, "window_started_at": now, "locked_until": None}
    stmt = dialect.insert(LoginThrottle).values(row).on_conflict_do_nothing(index_elements=["key"])
    session.exec(stmt)


def add_failure(
    session: Session,
    *,
    key: str,
    now: datetime,
    window: timedelta,
    limit: int | None,
    lock: timedelta,
) -> LoginThrottle:
    """Count one attempt for the key in one atomic update; at `limit` within the window, lock.

    The update reads and writes the counter in the database, so attempts that arrive at
    once (on one instance or several) each see a count of their own: none are lost.
    """
    table = LoginThrottle
    failures, started, until = (
        col(table.failures),
        col(table.window_started_at),
        col(table.locked_until),
    )
    restart = or_(
        and_(until.is_not(None), until <= now),
        and_(until.is_(None), started <= now - window),
    )
    counted = case((restart, 1), else_=failures + 1)
    if limit is None:
        locked = case((restart, None), else_=until)
    else:
        reaches = counted >= limit
        locked = case(
            (and_(reaches, or_(restart, until.is_(None))), now + lock),
            (restart, None),
            else_=until,
        )
    count = (
        update(table)
        .where(col(table.key) == key)
        .values(
            failures=counted,
            window_started_at=case((restart, now), else_=started),
            locked_until=locked,
        )
    )
    # A login that succeeds at the same moment clears the key's row between the insert and
    # the update: then the row is made again and the attempt counted in it.
    for _ in range(3):
        _insert_missing(session, key=key, now=now)
        if session.exec(count).rowcount:
            break
    row = session.exec(
        select(table).where(col(table.key) == key).execution_options(populate_existing=True)
    ).one()
    session.commit()
    return row


def give_back(session: Session, *, key: str) -> None:
    """Take back one counted attempt (it turned out to be a success)."""
    table = LoginThrottle
    session.exec(
        update(table)
        .where(col(table.key) == key, col(table.failures) > 0)
        .values(failures=col(table.failures) - 1)
    )
    session.commit()


def clear(session: Session, *, keys: Sequence[str]) -> None:
    """Forget the keys' failures."""
    session.exec(delete(LoginThrottle).where(col(LoginThrottle.key).in_(keys)))
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
