"""Test databases: a migrated SQLite template copied per test, and cheap password hashing."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session, SQLModel

from playground.store import migrate, models  # noqa: F401  (registers the tables)
from playground.store.db import make_engine
from playground.store.models import Profile, User

# argon2 at the production cost is most of an HTTP test's time; every test process and
# every server the tests start hash with the cheapest parameters argon2 accepts instead.
# tests/unit/test_passwords.py checks the production defaults.
CHEAP_PASSWORD_ENV = {
    "PLAYGROUND_PASSWORD_TIME_COST": "1",
    "PLAYGROUND_PASSWORD_MEMORY_KIB": "8",
    "PLAYGROUND_PASSWORD_PARALLELISM": "1",
}
# SQLite in WAL mode may keep part of a database in these files next to it.
_COMPANIONS = ("-wal", "-shm")


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


def make_template(path: Path) -> Path:
    """Migrate a new SQLite file to the newest revision, for tests to copy."""
    migrate.upgrade(sqlite_url(path))
    return path


def copy_database(template: Path, path: Path) -> str:
    """Copy the migrated template to `path` (cheaper than migrating); its URL."""
    shutil.copyfile(template, path)
    for suffix in _COMPANIONS:
        companion = Path(f"{template}{suffix}")
        if companion.exists():
            shutil.copyfile(companion, f"{path}{suffix}")
    return sqlite_url(path)


def empty_tables(database_url: str) -> None:
    """Delete every row of every table but the schema version, children first."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            # Table names come from the models, never from input.
            connection.execute(text(f'DELETE FROM "{table.name}"'))  # noqa: S608
    engine.dispose()


def add_admin_row(db: Session, username: str = "ada") -> int:
    """Insert a bare admin account straight into the table (no password to log in with); its id."""
    # Not through the model, whose INSERT names every column (later ones too): this one names
    # only those given or with a default, so tests of older migrations make it at their revision.
    values = {"username": username, "password_hash": "x", "is_admin": True}
    result = db.connection().execute(insert(User).values(**values))
    db.commit()
    assert result.inserted_primary_key is not None
    user_id: int = result.inserted_primary_key[0]
    return user_id


def profile_row(owner_id: int, name: str) -> Profile:
    """A profile row as the service builds it, with placeholder credentials."""
    return Profile(
        owner_id=owner_id, name=name, endpoint="sandbox", token_ciphertext=b"t",
        secret_ciphertext=b"s", token_hint="abcd", secret_fingerprint="f",
    )  # fmt: skip
