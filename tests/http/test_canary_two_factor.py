"""Canary: a TOTP secret and its recovery codes, once enrolled, are in no page, no log line
and not in the database file in clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import SQLModel

from playground.settings import Settings
from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http.two_factor_support import enrol, use_clock


def test_secrets_and_recovery_codes_stay_out_of_pages_logs_and_the_database(
    admin_client: TestClient, app: FastAPI, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    clock = use_clock(app)
    secret, codes = enrol(admin_client, clock)
    planted = [secret, *codes]
    for path in ("/account", "/account/two-factor", "/account/sessions", "/admin/users",
                 "/admin/audit", "/history", "/"):  # fmt: skip
        page = admin_client.get(path).text
        assert not [p for p in planted if p in page], path
    assert not [p for p in planted if p in caplog.text]
    # Every row of every table, as the database gives it back (SQLite and PostgreSQL).
    engine = app.state.playground.engine
    with engine.connect() as connection:
        rows = [connection.execute(t.select()).all() for t in SQLModel.metadata.sorted_tables]
    stored = repr(rows).encode()
    engine.dispose()
    # And the SQLite file itself, free pages and journal included.
    if settings.effective_database_url.startswith("sqlite"):
        files = [
            *Path(settings.data_dir).glob("*.db*"),
            *Path(settings.data_dir).parent.glob("*.db*"),
        ]
        assert files, "the database file was found"
        stored += b"".join(p.read_bytes() for p in files)
    assert not [p for p in planted if p.encode() in stored]
    assert PASSWORD.encode() not in stored
