"""Apply Alembic migrations from code, at server start and from the CLI."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from playground.paths import migrations_dir


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at the bundled migrations and this database."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("path_separator", "os")
    # ConfigParser treats % as interpolation; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    """Bring the database schema to the newest revision."""
    command.upgrade(alembic_config(database_url), "head")
