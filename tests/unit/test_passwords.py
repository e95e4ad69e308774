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
from playground.web.app import create_app
from tests.client import TestClient

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
    settings: Settings, restore_cost: None
) -> None:
    engine = make_engine(settings.effective_database_url)
    with Session(engine) as db:
        accounts.create_user(db, username="ada", password=PASSWORD, is_admin=True)
    older = extract_parameters(_stored_hash(engine))

    # The server restarts with a higher cost; the stored hash is redone at the next login.
    stronger = settings.model_copy(update={"password_time_cost": older.time_cost + 1})
    with TestClient(create_app(stronger), follow_redirects=False) as client:
        wrong = client.post("/login", data={"username": "ada", "password": "wrong password"})
        assert wrong.status_code == 401
        assert extract_parameters(_stored_hash(engine)) == older
        right = client.post("/login", data={"username": "ada", "password": PASSWORD})
        assert right.status_code == 303
        assert extract_parameters(_stored_hash(engine)).time_cost == older.time_cost + 1
        client.cookies.clear()
        again = client.post("/login", data={"username": "ada", "password": PASSWORD})
        assert again.status_code == 303
    engine.dispose()


def _stored_hash(engine: Engine) -> str:
    """Ada's password hash as stored."""
    with Session(engine) as db:
        user = users.get_user_by_name(db, username="ada")
        assert user is not None
        return user.password_hash
