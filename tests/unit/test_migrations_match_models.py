"""The Alembic migrations create exactly the tables the models describe."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel, select

from playground.store import migrate, models  # noqa: F401
from playground.store.db import make_engine
from playground.store.models import User
from playground.store.search import include_object


def test_migrations_and_models_agree(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        with warnings.catch_warnings():
            # SQLite cannot reflect an expression index (uq_variable_place_name), so the
            # comparison skips it there; PostgreSQL compares it, and test_migration_variables
            # shows it refusing a second row on both.
            warnings.filterwarnings("ignore", ".*expression-based index")
            diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_is_harmless(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with Session(engine) as db:
        db.add(User(username="ada", password_hash="x", is_admin=True))
        db.commit()
    tables = set(inspect(engine).get_table_names())
    engine.dispose()

    migrate.upgrade(empty_database_url)  # a restart of the server does this again

    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == migrate.head()
    assert set(inspect(engine).get_table_names()) == tables
    with Session(engine) as db:
        [user] = db.exec(select(User)).all()
    engine.dispose()
    assert user.username == "ada"
