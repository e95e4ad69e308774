"""Migrations at start: instances starting together wait for one another; or only a check."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from playground.settings import Settings
from playground.store import migrate
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
