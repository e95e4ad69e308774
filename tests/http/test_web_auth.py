"""First run, login, logout and the session cookie."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.store.models import LoginSession, User
from tests.client import TestClient

PASSWORD = "correct horse battery"


def test_every_page_leads_to_first_run_while_no_user_exists(client: TestClient) -> None:
    for path in ("/", "/history", "/profiles", "/login"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/setup"


def test_first_run_creates_an_admin_with_an_argon2_hash(client: TestClient, app: FastAPI) -> None:
    response = client.post(
        "/setup", data={"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    )
    assert response.status_code == 303
    assert client.get("/").status_code == 200
    with Session(app.state.playground.engine) as db:
        user = db.exec(select(User)).one()
    assert user.username == "ada" and user.is_admin
    assert user.password_hash.startswith("$argon2")
    assert client.get("/setup").headers["location"] == "/login"


def test_first_run_rejects_a_short_password_and_stores_nothing(
    client: TestClient, app: FastAPI
) -> None:
    response = client.post(
        "/setup", data={"username": "ada", "password": "short", "password_confirm": "short"}
    )
    assert response.status_code == 422
    assert "at least 12 characters" in response.text
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(User)).first() is None


def test_session_cookie_is_httponly_and_lax(client: TestClient) -> None:
    response = client.post(
        "/setup", data={"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_login_logout_and_wrong_password(admin_client: TestClient, app: FastAPI) -> None:
    admin_client.post("/logout")
    assert admin_client.get("/history").headers["location"] == "/login?next=%2Fhistory"
    wrong = admin_client.post("/login", data={"username": "ada", "password": "nope-nope"})
    assert wrong.status_code == 401
    assert "Wrong user name or password" in wrong.text
    right = admin_client.post(
        "/login", data={"username": "ada", "password": PASSWORD, "next": "/history"}
    )
    assert right.status_code == 303 and right.headers["location"] == "/history"


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\\evil.example", "/\tevil.example", "/\n/evil.example"]
)
def test_login_never_redirects_to_another_host(admin_client: TestClient, target: str) -> None:
    admin_client.post("/logout")
    form = {"username": "ada", "password": PASSWORD, "next": target}
    assert admin_client.post("/login", data=form).headers["location"] == "/"
    # htmx is told where to go in a header of its own, which nothing percent-encodes.
    admin_client.post("/logout")
    htmx = admin_client.post("/login", data=form, headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == "/"


def test_logout_ends_the_server_side_session(admin_client: TestClient, app: FastAPI) -> None:
    with Session(app.state.playground.engine) as db:
        assert len(db.exec(select(LoginSession)).all()) == 1
    admin_client.post("/logout")
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(LoginSession)).all() == []


def test_a_post_without_the_csrf_token_is_refused(admin_client: TestClient) -> None:
    del admin_client.headers["X-CSRF-Token"]
    response = admin_client.post("/logout")
    assert response.status_code == 403
    assert admin_client.get("/").status_code == 200


def test_healthz_needs_no_login(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_every_answer_carries_the_security_headers(admin_client: TestClient) -> None:
    for path in ("/", "/login", "/static/app.css", "/no-such-page"):
        headers = admin_client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_an_htmx_request_after_the_session_ended_comes_back_to_its_page(
    admin_client: TestClient,
) -> None:
    admin_client.post("/logout")
    here = {"HX-Request": "true", "HX-Current-URL": "http://testserver/history?q=kauf"}
    answer = admin_client.get("/history/recent", headers=here)
    assert answer.headers["HX-Redirect"] == "/login?next=%2Fhistory%3Fq%3Dkauf"
    form = {"username": "ada", "password": PASSWORD, "next": "/history?q=kauf"}
    assert admin_client.post("/login", data=form).headers["location"] == "/history?q=kauf"


def test_a_next_page_with_any_character_is_reached_by_htmx_too(admin_client: TestClient) -> None:
    admin_client.post("/logout")
    form = {"username": "ada", "password": PASSWORD, "next": "/history?q=Kaufpreis €\u2028"}
    answer = admin_client.post("/login", data=form, headers={"HX-Request": "true"})
    assert answer.status_code == 204  # a 500 before: a header holds Latin-1 only
    assert answer.headers["HX-Redirect"] == "/history?q=Kaufpreis%20%E2%82%AC%E2%80%A8"
