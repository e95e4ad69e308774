"""/healthz says the server is alive; /readyz also that its database is reachable and current."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import text

from playground.store import migrate
from tests.client import TestClient


def test_ready_only_while_the_database_schema_is_this_versions(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.get("/readyz").json() == {"status": "ok"}
    engine = app.state.playground.engine
    with engine.begin() as connection:  # as if an older version's schema were found
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "migrations pending", "database": "0001", "code": migrate.head()
    }  # fmt: skip
    assert client.get("/healthz").status_code == 200  # alive all the same
