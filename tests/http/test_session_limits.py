"""Logins end after 8 hours unused or 7 days in all (a clock of the test's own steps time)."""

from __future__ import annotations

from fastapi import FastAPI

from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.two_factor_support import Clock


def _signed_in(app: FastAPI) -> tuple[TestClient, Clock]:
    clock = Clock()
    app.state.playground.clock = clock
    client = TestClient(app, follow_redirects=False)
    form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    assert client.post("/setup", data=form).status_code == 303
    return client, clock


def _still_in(client: TestClient) -> bool:
    answer = client.get("/account")
    assert answer.status_code in (200, 303)
    return bool(answer.status_code == 200)


def test_a_session_ends_after_eight_hours_unused_but_not_while_used(app: FastAPI) -> None:
    client, clock = _signed_in(app)
    clock.advance(hours=7, minutes=50)
    assert _still_in(client)  # used: the idle time starts again
    clock.advance(hours=7, minutes=50)
    assert _still_in(client)
    clock.advance(hours=8, minutes=1)
    assert not _still_in(client)
    assert client.get("/account").headers["location"].startswith("/login")
    client.close()


def test_a_session_ends_seven_days_after_it_began_however_busy(app: FastAPI) -> None:
    client, clock = _signed_in(app)
    for _ in range(27):  # every 6 hours for 6 days and 18 hours
        clock.advance(hours=6)
        assert _still_in(client)
    clock.advance(hours=5, minutes=59)
    assert _still_in(client)
    clock.advance(minutes=2)
    assert not _still_in(client)
    client.close()


def test_over_https_the_cookie_has_the_host_prefix(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
        answer = client.post("/setup", data=form)
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("__Host-playground_session=")
        assert "secure" in cookie.lower() and "path=/" in cookie.lower()
        assert "domain" not in cookie.lower()
        assert client.get("/account").status_code == 200
        out = client.post("/logout", headers={"X-CSRF-Token": csrf_of(client, "/account")})
        assert "__Host-playground_session=" in out.headers["set-cookie"]
        assert client.get("/account").status_code == 303
