"""Test databases on PostgreSQL: migrated once into a template, cloned ahead of need."""

from __future__ import annotations

import queue
import threading
import uuid
from contextlib import suppress

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine

from playground.store import migrate

# Databases kept cloned and waiting: a test finds its database ready instead of waiting
# for CREATE DATABASE (a checkpoint), and the DROP of the last one happens meanwhile too.
READY_AHEAD = 2
TAKE_TIMEOUT = 60.0


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


class ClonePool:
    """Copies of a migrated template, made and dropped by a thread while tests run."""

    def __init__(self, admin_url: str) -> None:
        """Migrate the template; start cloning it."""
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.template = new_name("pg_template")
        create(self.admin, self.template)
        migrate.upgrade(database_url(admin_url, self.template))
        self._jobs: queue.Queue[tuple[str, str]] = queue.Queue()
        self._ready: queue.Queue[str | BaseException] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="pg-clones", daemon=True)
        self._worker.start()
        for _ in range(READY_AHEAD):
            self._jobs.put(("create", new_name("pg_test")))

    def _work(self) -> None:
        """Run the queued creates and drops in order, until told to stop."""
        while True:
            job, name = self._jobs.get()
            if job == "stop":
                return
            if job == "drop":
                # A database left behind goes with the throw-away cluster.
                with suppress(Exception):
                    drop(self.admin, name)
                continue
            try:
                create(self.admin, name, self.template)
                self._ready.put(name)
            except Exception as exc:  # handed to the test that waits for a database
                self._ready.put(exc)

    def take(self) -> str:
        """A fresh clone's URL; another is started to take its place."""
        self._jobs.put(("create", new_name("pg_test")))
        ready = self._ready.get(timeout=TAKE_TIMEOUT)
        if isinstance(ready, BaseException):
            raise ready
        return database_url(self.admin_url, ready)

    def give_back(self, url: str) -> None:
        """Drop a used clone, in the background."""
        self._jobs.put(("drop", str(make_url(url).database)))

    def close(self) -> None:
        """Drop what is left, then the template."""
        self._jobs.put(("stop", ""))
        self._worker.join()
        while not self._ready.empty():
            ready = self._ready.get()
            if isinstance(ready, str):
                drop(self.admin, ready)
        drop(self.admin, self.template)
        self.admin.dispose()
