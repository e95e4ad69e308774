"""Fixtures shared by every test suite: settings with a fresh database, app and clients."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from playground.services import passwords
from playground.settings import Settings
from playground.web.app import create_app
from tests import pg_support, route_memo, sql_memo
from tests.client import TestClient
from tests.db_support import CHEAP_PASSWORD_ENV, copy_database, make_template, sqlite_url
from tests.pg_support import ClonePool

route_memo.install()
sql_memo.install()

# Set by tests/with_postgres.sh: a server URL whose user may create databases.
POSTGRES_ADMIN_URL = os.environ.get("PLAYGROUND_TEST_POSTGRES_URL", "")
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"
# A test that requests one of these touches the database: it runs on each kind of database.
DATABASE_FIXTURES = frozenset({"database_url", "empty_database_url"})
DATABASE_KINDS = ("sqlite", "postgresql")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Spare the garbage collector the modules and tests loaded so far, and run it less often.

    Each test builds an app and its clients: hundreds of thousands of objects that the
    collector, at Python's default thresholds, walks again and again along with everything
    imported. Frozen imports and a larger first threshold take about 5 % off the tests' CPU
    (21.3 instead of 22.4 CPU-seconds for the two route matrices and the hostile values).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _on_postgres_too(definition: pytest.Item, fixturenames: list[str]) -> bool:
    """Whether a test runs on PostgreSQL as well: it uses a database, and what it checks may
    depend on which (not a browser test, not one marked database_agnostic)."""
    uses_db = bool(DATABASE_FIXTURES & set(fixturenames))
    once = definition.get_closest_marker("e2e") or definition.get_closest_marker(
        "database_agnostic"
    )
    return uses_db and not once


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With a PostgreSQL server at hand, run each database test on SQLite and on PostgreSQL
    (one pytest run: the processes, collection and the last straggling tests are shared)."""
    if POSTGRES_ADMIN_URL and _on_postgres_too(metafunc.definition, metafunc.fixturenames):
        metafunc.parametrize("database_kind", DATABASE_KINDS, indirect=True)


@pytest.fixture
def database_kind(request: pytest.FixtureRequest) -> str:
    """The kind of database this test runs on: SQLite unless parametrized to PostgreSQL."""
    kind: str = getattr(request, "param", "sqlite")
    return kind


@pytest.fixture(scope="session", autouse=True)
def cheap_passwords() -> Iterator[None]:
    """Hash passwords cheaply in this process and in any Settings() read from the environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in CHEAP_PASSWORD_ENV.items():
            patch.setenv(name, value)
        passwords.configure(Settings())
        yield


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio only: the app and httpx run there in production."""
    return "asyncio"


@pytest.fixture(scope="session")
def postgres_clones() -> Iterator[ClonePool]:
    """Migrated databases on the test PostgreSQL server, cloned ahead of the tests' need."""
    pool = ClonePool(POSTGRES_ADMIN_URL)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test's database is copied from (fast)."""
    return make_template(tmp_path_factory.mktemp("template") / "playground.db")


@pytest.fixture
def database_url(
    tmp_path: Path, database_kind: str, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh, migrated database per test, of the test's kind."""
    if database_kind == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        yield copy_database(template, tmp_path / "playground.db")
        return
    clones: ClonePool = request.getfixturevalue("postgres_clones")
    url = clones.take()
    yield url
    clones.give_back(url)


@pytest.fixture
def empty_database_url(
    tmp_path: Path, database_kind: str, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A new database without any table, for the migrations themselves."""
    if database_kind == "sqlite":
        yield sqlite_url(tmp_path / "empty.db")
        return
    admin = request.getfixturevalue("postgres_clones").admin
    name = pg_support.new_name("pg_empty")
    pg_support.create(admin, name)
    yield pg_support.database_url(POSTGRES_ADMIN_URL, name)
    pg_support.drop(admin, name)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings a test module changes; a module overrides this fixture, not `settings`."""
    return {}


@pytest.fixture
def settings(tmp_path: Path, database_url: str, settings_overrides: dict[str, Any]) -> Settings:
    """Settings for one test: its own data directory and database, the sandbox on."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url, **settings_overrides)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """A migrated playground app."""
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A browser-like client (cookies kept, redirects not followed)."""
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


# Every page of a logged-in user carries the token; the composer takes twice as long to
# render as this one, and the fixtures below ask for a token thousands of times a run.
CSRF_PAGE = "/saved"


def csrf_of(client: TestClient, path: str = CSRF_PAGE) -> str:
    """The CSRF token embedded in a page."""
    match = CSRF_RE.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture
def admin_client(client: TestClient) -> TestClient:
    """A client logged in as the first user (an admin), created through the first-run page."""
    response = client.post(
        "/setup", data={"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    )
    assert response.status_code == 303
    client.headers["X-CSRF-Token"] = csrf_of(client)
    return client


@pytest.fixture
def make_client(app: FastAPI, admin_client: TestClient) -> Iterator[Callable[[str], TestClient]]:
    """Create another user through the shell service and return a client logged in as them."""
    from sqlmodel import Session

    from playground.services import accounts

    opened: list[TestClient] = []

    def make(username: str) -> TestClient:
        with Session(app.state.playground.engine) as db:
            accounts.create_user(db, username=username, password=PASSWORD, is_admin=False)
        other = TestClient(app, follow_redirects=False)
        opened.append(other)
        response = other.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 303
        other.headers["X-CSRF-Token"] = csrf_of(other)
        return other

    yield make
    for other in opened:
        other.close()
