"""Locks that only one instance or worker holds at a time: for background work (tried, not
waited for) and for migrating the database at start (waited for).

PostgreSQL: a session-level advisory lock (every instance shares the database).
SQLite: an exclusive lock on a file in the data directory (every worker shares it).
"""

from __future__ import annotations

import fcntl
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool


@contextmanager
def held_alone(engine: Engine, *, name: str, lock_dir: Path) -> Iterator[bool]:
    """Try to take the named lock without waiting; yields whether it was had."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name) as had:
            yield had
        return
    with _file_lock(lock_dir / f"{name}.lock") as had:
        yield had


@contextmanager
def _advisory(engine: Engine, name: str) -> Iterator[bool]:
    """PostgreSQL's advisory lock on a number made from the name."""
    key = zlib.crc32(name.encode())
    with engine.connect() as connection:
        had = bool(
            connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        )
        try:
            yield had
        finally:
            if had:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.rollback()


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    """flock on a file; the kernel drops it if the process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # 0600 like every file in the data directory, whatever the umask.
    with os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            had = False
        else:
            had = True
        try:
            yield had
        finally:
            if had:
                fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def waited_for(database_url: str, *, name: str, lock_dir: Path) -> Iterator[None]:
    """Hold the named lock, waiting as long as another instance or worker holds it."""
    if database_url.startswith("postgresql"):
        with _advisory_waited(database_url, name):
            yield
        return
    lock_dir.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(lock_dir / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600), "r+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def _advisory_waited(database_url: str, name: str) -> Iterator[None]:
    """PostgreSQL's advisory lock, waited for on a connection of its own."""
    key = zlib.crc32(name.encode())
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.rollback()
    finally:
        engine.dispose()
