"""After an unexpected error the answer is a 500 page and the keep-alive connection lives on."""

from __future__ import annotations

import logging
import socket

import pytest
from fastapi import FastAPI

from playground.web.deps import LoginDep, SessionDep
from tests.client import TestClient
from tests.http.serve_support import read_response, served_on_port

CANARY = "CANARYsecretInAnExceptionMessage0123456789"


def _get(path: str) -> bytes:
    """A keep-alive GET request."""
    return f"GET {path} HTTP/1.1\r\nHost: playground\r\n\r\n".encode()


def test_the_connection_serves_the_next_request_after_an_unexpected_error(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError(f"secret={CANARY}")

    app.add_api_route("/broken", broken)
    with (
        served_on_port(app) as port,
        socket.create_connection(("127.0.0.1", port), timeout=10) as conn,
    ):
        conn.sendall(_get("/broken"))
        status, headers, body = read_response(conn)
        assert status == 500
        assert b"Something went wrong" in body
        assert "content-security-policy" in headers
        assert headers.get("connection", "").lower() != "close"
        conn.sendall(_get("/healthz"))
        status, _, _ = read_response(conn)
        assert status == 200
    assert "Unexpected RuntimeError on GET /broken" in caplog.text
    assert "Traceback" in caplog.text  # logged with its traceback ...
    assert CANARY not in caplog.text  # ... but not with the secret its message quoted


def test_an_unexpected_error_is_logged_once(app: FastAPI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/broken", broken)
    with (
        served_on_port(app) as port,
        socket.create_connection(("127.0.0.1", port), timeout=10) as conn,
    ):
        conn.sendall(_get("/broken"))
        assert read_response(conn)[0] == 500
    assert caplog.text.count("Unexpected RuntimeError") == 1


def test_the_error_page_comes_even_when_the_requests_own_objects_are_gone(
    app: FastAPI, admin_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    # A failed commit expires what the request's session loaded, and the session is closed
    # as the error leaves the route: the page must not need the logged-in user object.
    def broken(db: SessionDep, login: LoginDep) -> None:
        db.expire(login.user)
        raise RuntimeError("the commit failed")

    app.add_api_route("/broken", broken)
    answer = admin_client.get("/broken")
    assert answer.status_code == 500
    assert "Something went wrong" in answer.text
    assert "Unexpected RuntimeError on GET /broken" in caplog.text
