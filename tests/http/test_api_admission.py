"""The JSON API admits a request with a body before reading it: its token resolved once and
counted once against its rate limit, the grant handed to the route; only the API's own
routes are guarded so (playground/web/api/auth.py, TokenBeforeBody)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, col, select
from starlette.types import Receive, Scope, Send

from playground.services import accounts, tokens, users
from playground.store.models import AccessToken, AuditEvent, HistoryEntry
from playground.web.api import auth
from playground.web.api.auth import ADMITTED, RateLimiter, TokenBeforeBody
from playground.web.state import ensure_sandbox_profile
from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http.route_support import sandbox_profile
from tests.http.serve_support import read_response
from tests.http.team_support import rows
from tests.http.token_support import READ_ESTATES, bearer, make_token, send_body
from tests.served import LOCAL_TLS, served

PROBLEM = "application/problem+json"
# Generous for a loaded machine: an answer that takes this long waited for a body that
# never comes, which is the failure these tests look for.
PATIENCE = 30.0
# What a client announces and then never sends: a body at the size limit.
ANNOUNCED = 2_000_000


@contextmanager
def token_lookups(app: FastAPI) -> Iterator[list[str]]:
    """The SQL statements that look a token up by its keyed hash while the block runs."""
    engine = app.state.playground.engine
    seen: list[str] = []

    def listen(*args: Any) -> None:
        statement = str(args[2])
        if "access_token.token_hash =" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def _uses(app: FastAPI) -> list[AuditEvent]:
    """The audit events of token uses, oldest first."""
    with Session(app.state.playground.engine) as db:
        query = select(AuditEvent).where(AuditEvent.kind == "token.used")
        return list(db.exec(query.order_by(col(AuditEvent.id))))


def _headers_only(
    base_url: str, method: str, path: str, *headers: str
) -> tuple[int, dict[str, str], bytes]:
    """Send a request's head announcing a body of ANNOUNCED bytes, never the body; the answer."""
    host, port = base_url.removeprefix("http://").split(":")
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json"]
    head += [f"Content-Length: {ANNOUNCED}", *headers, "", ""]
    with socket.create_connection((host, int(port)), timeout=PATIENCE) as conn:
        conn.sendall("\r\n".join(head).encode("latin-1"))
        return read_response(conn)


class SignallingLimiter(RateLimiter):
    """A rate limiter that tells when it has counted a request."""

    def __init__(self, per_minute: int) -> None:
        super().__init__(per_minute)
        self.counted = threading.Event()

    def wait_for(self, token_id: int) -> float:
        """As RateLimiter; then the event is set."""
        wait = super().wait_for(token_id)
        self.counted.set()
        return wait


@pytest.fixture
def served_app(app: FastAPI) -> Iterator[str]:
    """The app over real HTTP, with ada (an admin) and her Sandbox profile; its base URL."""
    state = app.state.playground
    with Session(state.engine, expire_on_commit=False) as db:
        ada = accounts.create_user(db, username="ada", password=PASSWORD, is_admin=True)
        ensure_sandbox_profile(state, db, ada)
    with served(app, lifespan="on") as base_url:
        yield base_url


def test_a_token_past_its_limit_is_refused_before_its_body_is_read(
    served_app: str, app: FastAPI
) -> None:
    app.state.api_v1.state.rate_limiter = RateLimiter(2)
    token = make_token(app, "ada")
    body = send_body(sandbox_profile(app, "ada"), READ_ESTATES)
    with httpx.Client(verify=LOCAL_TLS, base_url=served_app, timeout=PATIENCE) as client:
        # Two writes within a limit of two: each counted once, not by the middleware and
        # again by the route. On one kept-alive connection, the next request carries no
        # admission of the one before it.
        for _ in range(2):
            sent = client.post("/api/v1/send", json=body, headers=bearer(token))
            assert sent.status_code == 200, sent.text
            nobody = client.post("/api/v1/send", json=body)
            assert nobody.status_code == 401 and nobody.headers["content-type"] == PROBLEM
    # The third announces 2 MB and sends none of it: refused at once, nothing read.
    status, headers, answer = _headers_only(
        served_app, "POST", "/api/v1/send", f"Authorization: Bearer {token}"
    )
    assert status == 429, answer
    assert headers["content-type"] == PROBLEM
    assert 1 <= int(headers["retry-after"]) <= 60
    assert b"This token may make 2 requests a minute" in answer
    assert len(_uses(app)) == 2 and len(rows(app, HistoryEntry)) == 2  # a refusal is no use


def test_a_body_without_a_live_token_or_a_route_is_never_read(
    served_app: str, app: FastAPI
) -> None:
    token = make_token(app, "ada")
    cases = {
        ("POST", "/api/v1/send", ""): 401,  # no token
        ("POST", "/api/v1/saved/1/run", "Authorization: Bearer pgt_not-a-token"): 401,
        ("POST", "/api/v1/nowhere", ""): 404,  # no route takes it, token or not
        ("PUT", "/api/v1/", f"Authorization: Bearer {token}"): 404,
        ("DELETE", "/api/v1/send", ""): 405,  # a route, not of this method
    }
    for (method, path, header), expected in cases.items():
        extra = (header,) if header else ()
        status, headers, answer = _headers_only(served_app, method, path, *extra)
        assert status == expected, (method, path, answer)
        assert headers["content-type"] == PROBLEM
        if status == 401:
            assert headers["www-authenticate"] == 'Bearer realm="playground"'
    assert _uses(app) == []


def test_a_token_revoked_while_its_slow_body_comes_is_refused(
    served_app: str, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Resolved once, before the body: a body slower than RECHECK_AFTER (here: any) has
    # its token looked up again, so a request admitted before a revocation is not sent.
    monkeypatch.setattr(auth, "RECHECK_AFTER", 0.0)
    limiter = SignallingLimiter(10)
    app.state.api_v1.state.rate_limiter = limiter
    token = make_token(app, "ada")
    body = json.dumps(send_body(sandbox_profile(app, "ada"), READ_ESTATES)).encode()
    host, port = served_app.removeprefix("http://").split(":")
    head = [
        "POST /api/v1/send HTTP/1.1", f"Host: {host}", "Content-Type: application/json",
        f"Content-Length: {len(body)}", f"Authorization: Bearer {token}", "", "",
    ]  # fmt: skip
    with socket.create_connection((host, int(port)), timeout=PATIENCE) as conn:
        conn.sendall("\r\n".join(head).encode("latin-1"))
        assert limiter.counted.wait(PATIENCE)  # admitted, its body not yet sent
        with Session(app.state.playground.engine, expire_on_commit=False) as db:
            ada = users.find(db, username="ada")
            [stored] = db.exec(select(AccessToken)).all()
            assert stored.id is not None
            tokens.revoke(db, actor=ada, token_id=stored.id)
        conn.sendall(body)
        status, headers, answer = read_response(conn)
    assert status == 401 and headers["content-type"] == PROBLEM
    assert b"The token is revoked." in answer
    assert _uses(app) == [] and rows(app, HistoryEntry) == []


def test_a_write_looks_its_token_up_once_and_records_its_use(
    admin_client: TestClient, app: FastAPI
) -> None:
    writer = make_token(app, "ada", read_only=False)
    body = send_body(sandbox_profile(app, "ada"), READ_ESTATES)
    with token_lookups(app) as lookups:
        sent = admin_client.post("/api/v1/send", json=body, headers=bearer(writer))
    assert sent.status_code == 200, sent.text
    assert len(lookups) == 1
    [use] = _uses(app)
    assert use.summary.endswith(": POST /api/v1/send") and use.username == "ada"
    with Session(app.state.playground.engine) as db:
        [stored] = db.exec(select(AccessToken)).all()
    assert stored.last_used_at is not None
    with token_lookups(app) as lookups:  # a GET, which the middleware leaves to the route
        assert admin_client.get("/api/v1/profiles", headers=bearer(writer)).status_code == 200
    assert len(lookups) == 1 and len(_uses(app)) == 2


def test_when_the_middleware_cannot_decide_the_route_does_and_counts_once(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_connection(*_args: Any) -> None:
        raise PoolTimeout("no connection in time")

    monkeypatch.setattr(auth, "in_session", no_connection)
    app.state.api_v1.state.rate_limiter = RateLimiter(1)
    token = make_token(app, "ada")
    body = send_body(sandbox_profile(app, "ada"), READ_ESTATES)
    with token_lookups(app) as lookups:
        first = admin_client.post("/api/v1/send", json=body, headers=bearer(token))
    assert first.status_code == 200, first.text
    assert len(lookups) == 1
    second = admin_client.post("/api/v1/send", json=body, headers=bearer(token))
    assert second.status_code == 429 and "retry-after" in second.headers
    refused = admin_client.post("/api/v1/send", json=body, headers=bearer("pgt_nope"))
    assert refused.status_code == 401 and "not known" in refused.json()["detail"]
    assert len(_uses(app)) == 1


def test_an_admission_in_the_scope_from_elsewhere_is_never_taken(
    admin_client: TestClient, app: FastAPI, make_client: Callable[[str], TestClient]
) -> None:
    make_client("bob")
    ada_token, bob_token = make_token(app, "ada"), make_token(app, "bob")
    with Session(app.state.playground.engine, expire_on_commit=False) as db:
        ada = tokens.resolve(db, raw=ada_token, key=app.state.playground.session_key)
    planted = auth._Admitted(bob_token, ada, time.monotonic())

    async def planting(scope: Scope, receive: Receive, send: Send) -> None:
        """Whatever runs before the API puts ada's admission, under bob's token, in."""
        if scope["type"] == "http":
            scope = dict(scope, **{ADMITTED: planted})
        await app(scope, receive, send)

    client = TestClient(planting)  # no `with`: the app's lifespan runs for admin_client
    listed = client.get("/api/v1/profiles", headers=bearer(bob_token))
    assert listed.status_code == 200
    sent = client.post(
        "/api/v1/send", json=send_body("Sandbox", READ_ESTATES), headers=bearer(bob_token)
    )
    assert sent.status_code == 200, sent.text
    nobody = client.post("/api/v1/send", json=send_body("Sandbox", READ_ESTATES))
    assert nobody.status_code == 401
    assert [u.username for u in _uses(app)] == ["bob", "bob"]
    [entry] = rows(app, HistoryEntry)
    assert entry.profile_id == sandbox_profile(app, "bob")


def test_only_the_api_is_guarded_so(admin_client: TestClient, app: FastAPI) -> None:
    # The middleware wraps the API app mounted at /api/v1, not the pages: their forms
    # (CSRF-checked, with a session) never meet it, nor does a path that merely starts so.
    pages: list[object] = [m.cls for m in app.user_middleware]
    api: list[object] = [m.cls for m in app.state.api_v1.user_middleware]
    assert TokenBeforeBody not in pages and TokenBeforeBody in api
    for path in ("/nowhere", "/api/v1x"):
        answer = admin_client.post(path, json={})
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    form = {"name": "Form", "expires": "30", "access": "read"}
    assert admin_client.post("/account/tokens", data=form).status_code in (200, 303)
