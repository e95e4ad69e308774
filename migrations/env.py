"""Alembic environment: the URL comes from the playground's settings or the caller."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from playground.settings import Settings
from playground.store import models  # noqa: F401  (registers the tables on the metadata)
from playground.store.db import make_engine
from playground.store.search import include_object

config = context.config
url = config.get_main_option("sqlalchemy.url") or Settings().effective_database_url
target_metadata = SQLModel.metadata


def run_offline() -> None:
    """Emit SQL without a connection."""
    context.configure(
        url=url,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Apply migrations on a live connection; batch mode lets SQLite alter tables."""
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
