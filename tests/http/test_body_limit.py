"""Request body size limits: a clear 413 before any route runs, and nothing stored."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session, select
from starlette.types import Message, Receive, Scope, Send

from playground.store.models import HistoryEntry, LoginSession, Profile
from playground.web.body_limit import BodyLimit
from tests.client import TestClient

LIMIT = 20_000
BIG = "x" * (LIMIT + 1)
MESSAGE = "The form is larger than the 20 kB the playground accepts at once."
HX = {"HX-Request": "true"}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """A small limit, so the tests need not post megabytes."""
    return {
        "max_body_bytes": LIMIT,
    }


def count(app: FastAPI, table: type[HistoryEntry | Profile | LoginSession]) -> int:
    with Session(app.state.playground.engine) as db:
        return len(db.exec(select(table)).all())


def sandbox_profile_id(client: TestClient) -> int:
    match = re.search(r'<option value="(\d+)"[^>]*>Sandbox ·', client.get("/").text)
    assert match
    return int(match.group(1))


def send_form(profile_id: int, parameters: str) -> dict[str, str]:
    return {"profile_id": str(profile_id), "verb": "read", "resourcetype": "estate"} | {
        "resourceid": "",
        "identifier": "",
        "parameters": parameters,
    }


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 413
    assert MESSAGE in response.text and "Nothing was sent or saved" in response.text


def test_an_oversized_send_is_refused_and_not_recorded(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = sandbox_profile_id(admin_client)
    parameters = json.dumps({"data": ["Id"], "note": BIG})
    response = admin_client.post("/send", data=send_form(pid, parameters), headers=HX)
    assert_refused(response)
    assert "<html" not in response.text and 'data-testid="error"' in response.text
    assert count(app, HistoryEntry) == 0
    small = admin_client.post("/send", data=send_form(pid, '{"data": ["Id"]}'), headers=HX)
    assert small.status_code == 200 and count(app, HistoryEntry) == 1


def test_an_oversized_profile_form_is_refused_and_nothing_is_saved(
    admin_client: TestClient, app: FastAPI
) -> None:
    before = count(app, Profile)
    data = {"name": "Big", "endpoint": "sandbox", "token": "t" * 32, "secret": BIG}
    response = admin_client.post("/profiles", data=data)
    assert_refused(response)
    assert "<html" in response.text and "Back to the composer" in response.text
    assert count(app, Profile) == before


def test_an_oversized_login_is_refused_and_starts_no_session(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    assert count(app, LoginSession) == 0
    response = admin_client.post("/login", data={"username": "ada", "password": BIG})
    assert_refused(response)
    assert response.headers["connection"] == "close"
    assert "content-security-policy" in response.headers
    assert count(app, LoginSession) == 0


def _chunks(body: bytes, size: int = 4096) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_body_without_content_length_is_counted(admin_client: TestClient, app: FastAPI) -> None:
    admin_client.post("/logout")
    form = "username=ada&password=" + BIG
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = admin_client.post("/login", content=_chunks(form.encode()), headers=headers)
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    assert_refused(response)
    assert count(app, LoginSession) == 0
    good = b"username=ada&password=correct+horse+battery"
    accepted = admin_client.post("/login", content=_chunks(good, 8), headers=headers)
    assert accepted.status_code == 303 and count(app, LoginSession) == 1


def test_the_mounted_sandbox_has_the_same_limit(admin_client: TestClient) -> None:
    response = admin_client.post("/sandbox/api/stable/api.php", content=BIG.encode())
    assert response.status_code == 413


class Recorder:
    """An inner ASGI app that notes whether it ran and what body it read."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def _call(limit: BodyLimit, chunks: list[bytes]) -> list[Message]:
    """Drive the middleware with a chunked body and collect what it sends."""
    incoming: list[Message] = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/send",
        "raw_path": b"/send",
        "query_string": b"",
        "headers": [(b"transfer-encoding", b"chunked")],
        "scheme": "http",
        "server": ("testserver", 80),
        "root_path": "",
        "http_version": "1.1",
    }
    await limit(scope, receive, send)
    return sent


@pytest.mark.anyio
async def test_a_streamed_body_over_the_limit_never_reaches_the_route() -> None:
    inner = Recorder()
    sent = await _call(BodyLimit(inner, max_bytes=10), [b"abcd", b"efgh", b"ijkl", b"mnop"])
    assert inner.bodies == []
    assert sent[0]["status"] == 413


@pytest.mark.anyio
async def test_a_streamed_body_within_the_limit_reaches_the_route_whole() -> None:
    inner = Recorder()
    sent = await _call(BodyLimit(inner, max_bytes=10), [b"abcd", b"efgh", b"ij"])
    assert inner.bodies == [b"abcdefghij"]
    assert sent[0]["status"] == 204
