"""Engine creation and sessions; SQLite gets WAL and foreign keys."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from anyio import to_thread
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from sqlmodel import Session, create_engine

T = TypeVar("T")


@dataclass(frozen=True)
class PoolLimits:
    """How many connections the engine keeps and lends, and how long a borrower waits."""

    size: int = 5
    overflow: int = 10
    timeout: float = 5.0


BUSY_TIMEOUT = 5.0  # seconds a connection waits for another one's lock


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on what SQLite leaves off by default, on every new connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the database file to write-ahead logging, trying again while it is locked.

    The mode is kept in the file, so only the first connections to a new database switch
    it. When several do at once (instances starting together), SQLite answers "database is
    locked" to all but one at once, without waiting: its busy timeout would deadlock there.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.01)  # a worker thread's connect: the event loop never runs this


def make_engine(url: str, pool: PoolLimits | None = None) -> Engine:
    """Create the engine for a database URL, with SQLite tuned for a web server."""
    pool = pool or PoolLimits()
    # Statement parameters (request and CRM answer bodies) never reach an error message.
    options: dict[str, Any] = {
        "hide_parameters": True,
        "pool_size": pool.size,
        "max_overflow": pool.overflow,
        "pool_timeout": pool.timeout,
    }
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, **options)


async def in_session(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run `work` with a short-lived session in a worker thread, off the event loop.

    The connection goes back to the pool when `work` returns, so nothing is held while
    the caller awaits something else (an upstream answer, a password hash).
    """

    def run() -> T:
        with Session(engine, expire_on_commit=False) as session:
            return work(session)

    return await to_thread.run_sync(run)


class Duplicate(Exception):
    """A unique value (a name) that another request stored meanwhile: the commit was refused."""


def commit_unique(session: Session) -> None:
    """Commit; Duplicate, after a rollback, when a unique constraint refused it.

    A check before the write (is the name free?) cannot see a request that writes the
    same name at the same moment; the constraint does, and this names what it saw.
    """
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        # PostgreSQL's SQLSTATE for a unique violation; SQLite only says it in words.
        if getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE" in str(exc.orig):
            raise Duplicate from exc
        raise


class Gone(Exception):
    """A row the write names or changes was deleted by another request meanwhile."""


def missing_reference(exc: IntegrityError) -> bool:
    """Whether a foreign key refused the write: the row it names does not exist (any more)."""
    # PostgreSQL's SQLSTATE for a foreign key violation; SQLite only says it in words.
    return getattr(exc.orig, "sqlstate", None) == "23503" or "FOREIGN KEY" in str(exc.orig)


def commit_existing(session: Session) -> None:
    """Commit; Gone, after a rollback, when a row the write names or changes was deleted.

    A check before the write (is the folder there?) cannot see a request that deletes the
    row at the same moment: the foreign key refuses a new reference to it, and an update
    of it matches no row (StaleDataError), or finds none to reload its expired values
    from (ObjectDeletedError); all of them are named Gone here.
    """
    try:
        session.commit()
    except (IntegrityError, StaleDataError, ObjectDeletedError) as exc:
        session.rollback()
        if not isinstance(exc, IntegrityError) or missing_reference(exc):
            raise Gone from exc
        raise


def refresh_existing(session: Session, row: object) -> None:
    """Re-read a row just written; Gone when another request deleted it since the commit."""
    try:
        session.refresh(row)
    except InvalidRequestError as exc:
        # "Could not refresh instance": the row is no longer there (the row is persistent
        # after a commit, so a missing row is the only thing refresh can stumble on here).
        raise Gone from exc
