"""Test databases on PostgreSQL: clones of a migrated template, emptied for each next test."""

from __future__ import annotations

import queue
import threading
import uuid

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from playground.store import migrate, models  # noqa: F401  (registers the tables)

# Databases kept ready: a test finds its database waiting while the last one is emptied.
READY_AHEAD = 2
TAKE_TIMEOUT = 60.0
# Ends what a finished test left connected to its database (its app's pool, an open
# transaction that would hold the emptying up).
_END_OTHER_CONNECTIONS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
_SEQUENCES = text("SELECT schemaname, sequencename FROM pg_sequences")
_VERSION = "SELECT version_num FROM alembic_version"


def database_url(admin_url: str, name: str) -> str:
    """The URL of a database on the server of `admin_url`."""
    # The server may be named by host and port or, as tests/with_postgres.sh does, by its
    # socket directory in the query (`?host=/tmp/...`): only the database name changes.
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def new_name(prefix: str) -> str:
    """A database name no other test (or test process) uses."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def create(admin: Engine, name: str, template: str | None = None) -> None:
    """Create a database, empty or as a copy of `template`."""
    clone = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{clone}'))


def drop(admin: Engine, name: str) -> None:
    """Drop a database, ending any connection a test left open to it."""
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _reset_script(template_url: str) -> str:
    """SQL that reads the schema's version, ends other connections, deletes every row
    (children first) and restarts the id sequences."""
    engine = create_engine(template_url, poolclass=NullPool)
    with engine.connect() as connection:
        sequences = connection.execute(_SEQUENCES).all()
    engine.dispose()
    # Names come from the models and the server's catalogue, never from input.
    tables = reversed(SQLModel.metadata.sorted_tables)
    deletes = [f'DELETE FROM "{t.name}"' for t in tables]  # noqa: S608
    restarts = [f'SELECT setval(\'"{schema}"."{name}"\', 1, false)' for schema, name in sequences]
    return "; ".join([_VERSION, _END_OTHER_CONNECTIONS, *deletes, *restarts])


class ClonePool:
    """Databases for the tests of one process: clones of a migrated template, each emptied
    by a background thread once its test is done and handed to the next test.

    Cloning and dropping a database per test copied and removed 7 MB of catalogue files
    each time (25 ms of the server's CPU, mostly in the kernel, and a checkpoint); deleting
    the rows a test wrote and restarting the id sequences is a tenth of that. Each database
    then starts as a clone does: no rows (the migrations write none), ids from 1.
    """

    def __init__(self, admin_url: str) -> None:
        """Migrate the template; start cloning it."""
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.template = new_name("pg_template")
        create(self.admin, self.template)
        migrate.upgrade(database_url(admin_url, self.template))
        self.revision = migrate.head()
        self._reset = _reset_script(database_url(admin_url, self.template))
        self._engines: dict[str, Engine] = {}
        self._names: list[str] = []
        self._jobs: queue.Queue[tuple[str, str]] = queue.Queue()
        self._ready: queue.Queue[str | BaseException] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="pg-clones", daemon=True)
        self._worker.start()
        for _ in range(READY_AHEAD):
            self._jobs.put(("create", new_name("pg_test")))

    def _work(self) -> None:
        """Run the queued creates and emptyings in order, until told to stop."""
        while True:
            job, name = self._jobs.get()
            if job == "stop":
                return
            try:
                if job == "empty" and not self._emptied(name):
                    self._names.remove(name)
                    drop(self.admin, name)
                    job, name = "create", new_name("pg_test")
                if job == "create":
                    create(self.admin, name, self.template)
                    self._names.append(name)
                self._ready.put(name)
            except Exception as exc:  # handed to the test that waits for a database
                self._ready.put(exc)

    def _emptied(self, name: str) -> bool:
        """Bring a used database back to the template's state; False when its test changed
        more than rows (the schema's version, say): that one is dropped instead."""
        engine = self._engines.get(name)
        if engine is None:
            engine = self._engines[name] = create_engine(database_url(self.admin_url, name))
        with engine.begin() as connection:
            # One round trip; psycopg answers with the first statement's rows (the version).
            version = connection.exec_driver_sql(self._reset).scalar_one_or_none()
        if version == self.revision:
            return True
        self._engines.pop(name).dispose()
        return False

    def take(self) -> str:
        """A database in the template's state, for one test."""
        try:
            ready = self._ready.get_nowait()
        except queue.Empty:  # every database is in use or still being emptied
            self._jobs.put(("create", new_name("pg_test")))
            ready = self._ready.get(timeout=TAKE_TIMEOUT)
        if isinstance(ready, BaseException):
            raise ready
        return database_url(self.admin_url, ready)

    def give_back(self, url: str) -> None:
        """Empty a test's database in the background, for the next test."""
        self._jobs.put(("empty", str(make_url(url).database)))

    def close(self) -> None:
        """Drop the databases and the template."""
        self._jobs.put(("stop", ""))
        self._worker.join()
        for engine in self._engines.values():
            engine.dispose()
        for name in self._names:
            drop(self.admin, name)
        drop(self.admin, self.template)
        self.admin.dispose()
