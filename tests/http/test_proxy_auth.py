"""Single sign-on behind a trusted reverse proxy (PLAYGROUND_AUTH_MODE=proxy)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.types import ASGIApp, Scope

from playground.services import accounts
from playground.settings import Settings
from playground.store.models import AuditEvent, LoginSession, User
from playground.store.users import add_user_once
from playground.web.app import create_app
from playground.web.proxy_auth import (
    PEER_KEY,
    direct_peer,
    is_trusted,
    trusted_networks,
    with_forwarding,
)
from tests.client import TestClient

PROXY = ("127.0.0.1", 50000)
ELSEWHERE = ("192.0.2.7", 50000)
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HX = {"HX-Request": "true"}


def as_user(name: str, email: str = "") -> dict[str, str]:
    """The headers oauth2-proxy sends upstream for a signed-in person."""
    headers = {"X-Forwarded-User": name}
    return headers | ({"X-Forwarded-Email": email} if email else {})


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Proxy mode; the proxy is 127.0.0.1 or anything in 10.1.0.0/16; "boss" is an admin."""
    return {
        "auth_mode": "proxy",
        "trusted_proxies": "127.0.0.1, 10.1.0.0/16",
        "proxy_admins": "boss, chief",
    }


@pytest.fixture
def connect(app: FastAPI) -> Iterator[Callable[..., TestClient]]:
    """Clients whose connection comes from a chosen address."""
    opened: list[TestClient] = []

    def make(peer: tuple[str, int] = PROXY, wrapped: ASGIApp | None = None) -> TestClient:
        client = TestClient(wrapped or app, follow_redirects=False, client=peer)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()


def users(app: FastAPI) -> dict[str, User]:
    with Session(app.state.playground.engine) as db:
        return {u.username: u for u in db.exec(select(User))}


def events(app: FastAPI) -> list[AuditEvent]:
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(AuditEvent).order_by(col(AuditEvent.id))))


def sessions(app: FastAPI) -> int:
    with Session(app.state.playground.engine) as db:
        return len(db.exec(select(LoginSession)).all())


def test_the_header_from_the_proxy_logs_in_and_creates_a_member(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    client = connect()
    response = client.get("/", headers=as_user("mia", "mia@example.com"))
    assert response.status_code == 200
    assert 'data-testid="current-user">mia<' in response.text
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("playground_session=") and "httponly" in cookie
    mia = users(app)["mia"]
    assert not mia.is_admin and mia.is_active and mia.email == "mia@example.com"
    assert accounts.check_login(mia, "!sso") == (None, None)
    [event] = events(app)
    assert (event.kind, event.username) == ("login", "mia")
    assert event.summary == "single sign-on; account created as member"


def test_the_session_is_kept_while_the_proxy_names_the_same_user(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    client = connect()
    for path in ("/", "/history", "/profiles"):
        assert client.get(path, headers=as_user("mia")).status_code == 200
    assert sessions(app) == 1 and len(events(app)) == 1
    assert users(app)["mia"].email == ""


def test_a_listed_name_arrives_as_admin_and_a_network_entry_is_trusted(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    client = connect(("10.1.200.3", 41000))
    assert client.get("/", headers=as_user("boss")).status_code == 200
    assert users(app)["boss"].is_admin
    assert events(app)[0].summary.endswith("account created as admin")


def test_the_same_header_from_another_address_is_refused(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    response = connect(ELSEWHERE).get("/", headers=as_user("boss"))
    assert response.status_code == 403
    assert "through its single sign-on proxy only" in response.text
    assert "set-cookie" not in response.headers
    assert users(app) == {} and events(app) == []


def test_a_valid_cookie_from_another_address_is_refused_too(
    connect: Callable[..., TestClient],
) -> None:
    through_proxy = connect()
    through_proxy.get("/", headers=as_user("mia"))
    direct = connect(ELSEWHERE)
    direct.cookies = through_proxy.cookies
    assert direct.get("/history", headers=as_user("mia")).status_code == 403


def test_no_header_is_refused_with_a_clear_message(connect: Callable[..., TestClient]) -> None:
    response = connect().get("/")
    assert response.status_code == 403
    assert "did not say who you are (the X-Forwarded-User header is missing)" in response.text


def test_htmx_gets_the_refusal_as_a_fragment(connect: Callable[..., TestClient]) -> None:
    response = connect(ELSEWHERE).get("/history", headers=HX | as_user("mia"))
    assert response.status_code == 403
    assert 'data-testid="error"' in response.text and "<html" not in response.text


def test_a_name_the_playground_cannot_use_is_refused(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    response = connect().get("/", headers=as_user("x" * 65))
    assert response.status_code == 403
    assert "named a user the playground cannot use" in response.text
    assert users(app) == {}


def test_a_disabled_user_is_refused_even_with_a_live_session(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    client = connect()
    assert client.get("/", headers=as_user("mia")).status_code == 200
    with Session(app.state.playground.engine) as db:
        mia = db.exec(select(User).where(User.username == "mia")).one()
        mia.is_active = False
        db.add(mia)
        db.commit()
    response = client.get("/", headers=as_user("mia"))
    assert response.status_code == 403 and "account is disabled" in response.text
    assert connect().get("/", headers=as_user("mia")).status_code == 403


def test_another_name_on_the_same_cookie_starts_that_users_session(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    client = connect()
    client.get("/", headers=as_user("mia"))
    response = client.get("/", headers=as_user("noah"))
    assert response.status_code == 200
    assert 'data-testid="current-user">noah<' in response.text
    assert sessions(app) == 1
    assert client.get("/history", headers=as_user("noah")).status_code == 200
    assert sessions(app) == 1


def test_csrf_is_still_enforced_on_posts(connect: Callable[..., TestClient], app: FastAPI) -> None:
    client = connect()
    page = client.get("/", headers=as_user("mia")).text
    match = CSRF_RE.search(page)
    assert match
    refused = client.post("/logout", headers=as_user("mia"))
    assert refused.status_code == 403 and "Reload the page" in refused.text
    forged = client.post("/logout", headers=as_user("mia"), data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert sessions(app) == 1
    done = client.post("/logout", headers=as_user("mia"), data={"csrf_token": match.group(1)})
    assert done.status_code == 200
    assert "log out at the proxy" in done.text and "/oauth2/sign_out" in done.text
    assert sessions(app) == 0
    assert [e.kind for e in events(app)] == ["login", "logout"]


def test_a_first_post_without_a_session_is_refused_by_csrf(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    response = connect().post("/profiles", headers=as_user("mia"), data={"name": "x"})
    assert response.status_code == 403
    with Session(app.state.playground.engine) as db:
        assert len(db.exec(select(User)).all()) == 1  # the arrival, and nothing else


def test_login_and_setup_lead_to_the_composer(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username="ada", password="correct horse", is_admin=True)
    client = connect(ELSEWHERE)
    for path in ("/login", "/setup"):
        assert client.get(path).headers["location"] == "/"
    form = {"username": "ada", "password": "correct horse"}
    assert client.post("/login", data=form).headers["location"] == "/"
    assert "set-cookie" not in client.post("/login", data=form).headers
    assert sessions(app) == 0


def test_healthz_and_static_need_no_proxy(connect: Callable[..., TestClient]) -> None:
    client = connect(ELSEWHERE)
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_served_app_checks_the_direct_peer_not_x_forwarded_for(
    connect: Callable[..., TestClient], app: FastAPI
) -> None:
    served = with_forwarding(app, "*")
    spoofed = connect(ELSEWHERE, served).get(
        "/", headers=as_user("boss") | {"X-Forwarded-For": "127.0.0.1"}
    )
    assert spoofed.status_code == 403
    real = connect(PROXY, served).get(
        "/", headers=as_user("mia") | {"X-Forwarded-For": "203.0.113.9"}
    )
    assert real.status_code == 200
    assert events(app)[0].address == "203.0.113.9"


def test_trusted_list_parsing() -> None:
    networks = trusted_networks(("127.0.0.1", "::1", "10.0.0.0/8"))
    assert is_trusted("10.2.3.4", networks) and is_trusted("::ffff:127.0.0.1", networks)
    assert is_trusted("::1", networks)
    assert not is_trusted("11.0.0.1", networks) and not is_trusted("testclient", networks)


def test_a_bad_trusted_proxies_entry_stops_the_start(tmp_path: Path, database_url: str) -> None:
    bad = Settings(
        data_dir=tmp_path / "d", database_url=database_url, auth_mode="proxy", trusted_proxies="x"
    )
    with pytest.raises(ValueError, match="PLAYGROUND_TRUSTED_PROXIES"):
        create_app(bad)


def test_a_concurrent_first_arrival_finds_the_account_the_other_created(app: FastAPI) -> None:
    engine = app.state.playground.engine
    with Session(engine) as one, Session(engine) as two:
        first = add_user_once(one, username="mia", password_hash="!sso", is_admin=False, email="")
        second = add_user_once(two, username="mia", password_hash="!sso", is_admin=True, email="")
    assert first.id == second.id and not second.is_admin


def test_a_connection_without_an_address_is_never_the_proxy() -> None:
    scope: Scope = {"type": "http", "headers": [], PEER_KEY: None, "client": ("127.0.0.1", 1)}
    assert direct_peer(Request(scope)) == ""
    assert direct_peer(Request({"type": "http", "headers": [], "client": ("10.0.0.1", 1)})) == (
        "10.0.0.1"
    )
