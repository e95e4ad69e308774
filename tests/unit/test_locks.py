"""Background work runs in one worker at a time: the lock, and retention under it."""

from __future__ import annotations

from pathlib import Path

from playground.services import retention
from playground.settings import Settings
from playground.store import locks
from playground.store.db import make_engine
from playground.web.app import create_app


def test_only_one_holder_at_a_time_and_free_again_after(settings: Settings, tmp_path: Path) -> None:
    create_app(settings)  # migrated database
    one, two = (
        make_engine(settings.effective_database_url),
        make_engine(settings.effective_database_url),
    )
    with locks.held_alone(one, name="job", lock_dir=tmp_path) as first:
        with locks.held_alone(two, name="job", lock_dir=tmp_path) as second:
            assert (first, second) == (True, False)
        with locks.held_alone(two, name="other job", lock_dir=tmp_path) as other:
            assert other
    with locks.held_alone(two, name="job", lock_dir=tmp_path) as later:
        assert later
    one.dispose()
    two.dispose()


def test_retention_skips_a_round_while_another_worker_purges(settings: Settings) -> None:
    app = create_app(settings)
    engine = app.state.playground.engine
    other = make_engine(settings.effective_database_url)
    with locks.held_alone(other, name="retention", lock_dir=settings.data_dir) as had:
        assert had
        assert retention.purge_once(engine, settings) is False
    assert retention.purge_once(engine, settings) is True
    other.dispose()
