"""Compile each SQL statement once per test process, not once per app.

SQLAlchemy keeps compiled statements per engine, keyed by the engine's dialect object, and
every test builds an app with an engine of its own: each test compiled afresh the same few
dozen statements (a millisecond or more each), about a third of an HTTP test's database
time. Here every engine the playground makes in this process shares one dialect object and
one compiled-statement cache per kind of database, so a statement compiled for one test
serves the next.

A dialect holds no per-database state the playground's engines could differ in: they are
all made by `make_engine` with the same options, against the same server (PostgreSQL) or
SQLite library. The shared dialect is taken from an engine that has connected once, so it
knows the server. Should SQLAlchemy change the attributes this relies on, nothing is
patched and the tests are only slower.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from playground.store import db

_shared: dict[tuple[str, str], tuple[Any, Any]] = {}


def _share(engine: Engine) -> Engine:
    """Give `engine` the dialect and statement cache of the first engine of its kind."""
    if not hasattr(engine, "_compiled_cache"):
        return engine
    kind = (engine.dialect.name, engine.dialect.driver)
    kept = _shared.get(kind)
    if kept is None:
        with engine.connect():
            pass  # the dialect learns the server's version and settings on first connect
        _shared[kind] = (engine.dialect, engine._compiled_cache)
        return engine
    engine.dialect, engine._compiled_cache = kept
    return engine


def install() -> None:
    """Share dialects and compiled statements across the test run's engines."""
    create = db.create_engine  # type: ignore[attr-defined]
    if getattr(create, "shares_compiled_sql", False):
        return

    def create_engine(*args: Any, **kwargs: Any) -> Engine:
        return _share(create(*args, **kwargs))

    create_engine.shares_compiled_sql = True  # type: ignore[attr-defined]
    db.create_engine = create_engine  # type: ignore[attr-defined]
