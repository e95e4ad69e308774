"""Sends refused before anything leaves: each is recorded with a failure kind of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.settings import Settings
from playground.store.models import HistoryEntry
from playground.store.secretbox import new_key
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.test_web_send import HX, READ_ESTATE, sandbox_profile_id, send_form

Restart = Callable[..., TestClient]


@pytest.fixture
def restart(settings: Settings) -> Iterator[Restart]:
    """The playground started again on the same database with changed settings, logged in."""
    opened: list[TestClient] = []

    def start(**changes: object) -> TestClient:
        app = create_app(settings.model_copy(update=changes))
        client = TestClient(app, follow_redirects=False)
        opened.append(client)
        assert (
            client.post("/login", data={"username": "ada", "password": PASSWORD}).status_code == 303
        )
        client.headers["X-CSRF-Token"] = csrf_of(client)
        return client

    yield start
    for client in opened:
        client.close()


def _last_entry(client: TestClient) -> HistoryEntry:
    app: FastAPI = client.app  # type: ignore[assignment]
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(HistoryEntry)))[-1]


def test_a_profile_whose_endpoint_is_no_longer_allowed(
    admin_client: TestClient, restart: Restart
) -> None:
    pid = sandbox_profile_id(admin_client)
    later = restart(sandbox=False)  # the sandbox turned off: its profiles may not send
    answer = later.post("/send", data=send_form(pid, READ_ESTATE), headers=HX)
    assert answer.status_code == 200
    assert "not allowed any more; nothing was sent" in answer.text
    entry = _last_entry(later)
    assert entry.failure_kind == "not_allowed" and not entry.ok


def test_credentials_the_configured_keys_cannot_decrypt(
    admin_client: TestClient, restart: Restart
) -> None:
    pid = sandbox_profile_id(admin_client)
    later = restart(encryption_keys=new_key())  # the old key is gone
    answer = later.post("/send", data=send_form(pid, READ_ESTATE), headers=HX)
    assert "cannot be decrypted with the configured keys" in answer.text
    entry = _last_entry(later)
    assert entry.failure_kind == "credentials" and not entry.ok
