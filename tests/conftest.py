"""Fixtures shared by every test suite: settings with a fresh database, app and clients."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from playground.services import passwords
from playground.settings import Settings
from playground.web.app import create_app
from tests.db_support import CHEAP_PASSWORD_ENV, copy_database, make_template, sqlite_url

# Set by tests/with_postgres.sh: a server URL whose user may create databases.
POSTGRES_ADMIN_URL = os.environ.get("PLAYGROUND_TEST_POSTGRES_URL", "")
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"
# A test that requests one of these touches the database; only those run on PostgreSQL.
DATABASE_FIXTURES = frozenset({"database_url", "empty_database_url"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that use a database; the browser suite runs once."""
    if not POSTGRES_ADMIN_URL:
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        uses_db = bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        (keep if uses_db and not item.get_closest_marker("e2e") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


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


def _postgres_url(name: str) -> str:
    """The URL of a database on the test PostgreSQL server."""
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """An empty, migrated database that each test's database is cloned from (fast)."""
    from playground.store import migrate

    name = "pg_template_" + uuid.uuid4().hex[:8]
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    migrate.upgrade(_postgres_url(name))
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test's database is copied from (fast)."""
    return make_template(tmp_path_factory.mktemp("template") / "playground.db")


def _postgres_database(template: str | None) -> Iterator[str]:
    """A new database on the test server, empty or cloned from a template; dropped after."""
    name = "pg_test_" + uuid.uuid4().hex[:12]
    clone = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{clone}'))
    yield _postgres_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, migrated database per test: SQLite by default, PostgreSQL when configured."""
    if not POSTGRES_ADMIN_URL:
        template = request.getfixturevalue("sqlite_template")
        yield copy_database(template, tmp_path / "playground.db")
        return
    yield from _postgres_database(request.getfixturevalue("postgres_template"))


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A new database without any table, for the migrations themselves."""
    if not POSTGRES_ADMIN_URL:
        yield sqlite_url(tmp_path / "empty.db")
        return
    yield from _postgres_database(None)


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


def csrf_of(client: TestClient, path: str = "/") -> str:
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
