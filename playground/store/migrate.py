"""Apply Alembic migrations from code, at server start and from the CLI."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from playground.paths import migrations_dir
from playground.store import locks
from playground.store.db import make_engine


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at the bundled migrations and this database."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    # ConfigParser treats % as interpolation; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


@cache
def head() -> str | None:
    """The newest revision among the bundled migrations."""
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def current(database_url: str) -> str | None:
    """The revision the database is at (None when it has no schema yet)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade(database_url: str) -> None:
    """Bring the database schema to the newest revision."""
    # Every start (and every test's app) lands here; a database already at the newest
    # revision is left alone without loading Alembic's environment and migrations.
    if current(database_url) == head():
        return
    command.upgrade(alembic_config(database_url), "head")


def upgrade_at_start(database_url: str, *, lock_dir: Path, migrate_on_start: bool) -> None:
    """Migrate under a lock that instances starting together wait for; or only check."""
    if not migrate_on_start:
        if current(database_url) != head():
            raise SchemaOutdated(
                "The database schema is not the newest: run `playground db upgrade` first "
                "(PLAYGROUND_MIGRATE_ON_START is false)."
            )
        return
    if current(database_url) == head():
        return  # the usual start: nothing to wait for
    with locks.waited_for(database_url, name="migrations", lock_dir=lock_dir):
        upgrade(database_url)  # checks again: another instance may have done it meanwhile


class SchemaOutdated(RuntimeError):
    """The database needs migrating and this instance was told not to do it."""
