"""Engine creation and sessions; SQLite gets WAL and foreign keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on what SQLite leaves off by default, on every new connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine for a database URL, with SQLite tuned for a web server."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield one session; the caller commits explicitly."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
