"""Password hashing: strong by default, and stored hashes follow a changed cost at login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.services import accounts, passwords
from playground.settings import Settings
from playground.store import users
from playground.store.db import make_engine

PASSWORD = "correct horse battery"


@pytest.fixture
def restore_cost() -> Iterator[None]:
    """Put the test run's cheap hashing back after a test that changes it."""
    yield
    passwords.configure(Settings())


def test_the_production_defaults_are_argon2s_recommended_cost(restore_cost: None) -> None:
    defaults = {name: field.default for name, field in Settings.model_fields.items()}
    passwords.configure(Settings(**defaults))
    stored = passwords.hash_password(PASSWORD)

    recommended = PasswordHasher()  # argon2-cffi's defaults: RFC 9106, low-memory profile
    parameters = extract_parameters(stored)
    assert parameters.type.name == "ID"
    assert parameters.time_cost == recommended.time_cost == 3
    assert parameters.memory_cost == recommended.memory_cost == 65_536
    assert parameters.parallelism == recommended.parallelism == 4
    assert passwords.verify(stored, PASSWORD)
    assert not passwords.verify(stored, "wrong password")


def test_a_login_rehashes_a_password_stored_at_an_older_cost(
    database_url: str, settings: Settings, restore_cost: None
) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db:
        accounts.create_user(db, username="ada", password=PASSWORD, is_admin=True)
    older = extract_parameters(_stored_hash(engine))
    stronger = settings.model_copy(update={"password_time_cost": older.time_cost + 1})
    passwords.configure(stronger)

    with Session(engine) as db:
        assert accounts.authenticate(db, username="ada", password="wrong password") is None
    assert extract_parameters(_stored_hash(engine)) == older  # a wrong password changes nothing
    with Session(engine) as db:
        assert accounts.authenticate(db, username="ada", password=PASSWORD) is not None
    assert extract_parameters(_stored_hash(engine)).time_cost == older.time_cost + 1
    with Session(engine) as db:
        assert accounts.authenticate(db, username="ada", password=PASSWORD) is not None
    engine.dispose()


def _stored_hash(engine: Engine) -> str:
    """Ada's password hash as stored."""
    with Session(engine) as db:
        user = users.get_user_by_name(db, username="ada")
        assert user is not None
        return user.password_hash
