"""Apply Alembic migrations from code, at server start and from the CLI."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

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
        return revision_of(engine)
    finally:
        engine.dispose()


def revision_of(engine: Engine) -> str | None:
    """The revision the database of `engine` is at (None when it has no schema yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database_url: str) -> None:
    """Bring the database schema to the newest revision."""
    # Every start (and every test's app) lands here; a database already at the newest
    # revision is left alone without loading Alembic's environment and migrations.
    if current(database_url) == head():
        return
    command.upgrade(alembic_config(database_url), "head")


def upgrade_at_start(engine: Engine, *, lock_dir: Path, migrate_on_start: bool) -> None:
    """Migrate under a lock that instances starting together wait for; or only check.

    The check borrows a connection of the app's own engine, which its first request reuses.
    """
    database_url = engine.url.render_as_string(hide_password=False)
    if not migrate_on_start:
        if revision_of(engine) != head():
            raise SchemaOutdated(
                "The database schema is not the newest: run `playground db upgrade` first "
                "(PLAYGROUND_MIGRATE_ON_START is false)."
            )
        return
    if revision_of(engine) == head():
        return  # the usual start: nothing to wait for
    with locks.waited_for(database_url, name="migrations", lock_dir=lock_dir):
        upgrade(database_url)  # checks again: another instance may have done it meanwhile


class SchemaOutdated(RuntimeError):
    """The database needs migrating and this instance was told not to do it."""
