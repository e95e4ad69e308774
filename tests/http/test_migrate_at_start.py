"""Migrations at start: instances starting together wait for one another; or only a check."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from playground.settings import Settings
from playground.store import db, migrate
from playground.store.db import make_engine
from playground.web.app import create_app


def test_instances_starting_together_on_a_new_database_migrate_it_once(
    empty_database_url: str, tmp_path: Path
) -> None:
    failures: list[BaseException] = []
    start = threading.Barrier(3)

    def start_instance() -> None:
        engine = make_engine(empty_database_url)  # each instance has its own
        start.wait()
        try:
            migrate.upgrade_at_start(engine, lock_dir=tmp_path, migrate_on_start=True)
        except BaseException as error:  # reported below, with the others
            failures.append(error)
        finally:
            engine.dispose()

    instances = [threading.Thread(target=start_instance) for _ in range(3)]
    for instance in instances:
        instance.start()
    for instance in instances:
        instance.join()
    assert failures == []
    assert migrate.current(empty_database_url) == migrate.head()


def test_without_migrating_at_start_an_old_schema_stops_the_start_with_what_to_do(
    empty_database_url: str, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", database_url=empty_database_url, migrate_on_start=False
    )
    with pytest.raises(migrate.SchemaOutdated, match="playground db upgrade"):
        create_app(settings)
    migrate.upgrade(empty_database_url)  # what `playground db upgrade` does
    assert create_app(settings).state.playground.settings.migrate_on_start is False


def test_a_new_database_turns_to_wal_once_the_instance_writing_it_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While another connection writes a database not yet in WAL mode, SQLite refuses a
    # switch to it at once, busy timeout or not (as it does to all but one of the instances
    # that start together on a new database): the instance connecting used not to start.
    path = tmp_path / "new.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE first (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE second (x)")
    refused, over = threading.Event(), threading.Event()

    def refused_once(seconds: float) -> None:
        """time.sleep for the switch's next try, telling that one was refused."""
        refused.set()
        over.set()
        time.sleep(seconds)

    monkeypatch.setattr(db, "time", SimpleNamespace(monotonic=time.monotonic, sleep=refused_once))
    modes: list[object] = []

    def connect() -> None:
        engine = make_engine(f"sqlite:///{path}")
        engine.dispose()  # tests/sql_memo.py may have pooled a connection made before it
        try:
            with engine.connect() as conn:
                modes.append(conn.exec_driver_sql("PRAGMA journal_mode").scalar())
        except Exception as error:  # reported below
            modes.append(error)
        finally:
            engine.dispose()
            over.set()

    starting = threading.Thread(target=connect)
    starting.start()
    assert over.wait(30)  # refused and trying again, or done
    writer.execute("COMMIT")
    starting.join()
    writer.close()
    assert refused.is_set() and modes == ["wal"], modes
