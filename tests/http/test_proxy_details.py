"""Single sign-on details: names without case, one user header only; login posts from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.settings import Settings
from playground.store.models import User
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD

PROXY = ("127.0.0.1", 50000)


@pytest.fixture
def proxy_app(settings: Settings) -> FastAPI:
    """The playground in proxy mode behind 127.0.0.1; "Boss" becomes an admin."""
    return create_app(settings.model_copy(update={"auth_mode": "proxy", "proxy_admins": "Boss"}))


@pytest.fixture
def through_proxy(proxy_app: FastAPI) -> Iterator[TestClient]:
    """A client whose connection comes from the trusted proxy."""
    with TestClient(proxy_app, follow_redirects=False, client=PROXY) as client:
        yield client


def _names(app: FastAPI) -> list[str]:
    """Every account name."""
    with Session(app.state.playground.engine) as db:
        return sorted(db.exec(select(User.username)))


def test_names_from_the_proxy_compare_without_case(
    proxy_app: FastAPI, through_proxy: TestClient
) -> None:
    for spelling in ("Admin", "ADMIN", "admin"):
        answer = through_proxy.get("/account", headers={"X-Forwarded-User": spelling})
        assert answer.status_code == 200
    assert _names(proxy_app) == ["admin"]


def test_the_same_person_keeps_the_session_whatever_the_case(
    proxy_app: FastAPI, through_proxy: TestClient
) -> None:
    through_proxy.get("/", headers={"X-Forwarded-User": "Ada"})
    cookie = through_proxy.cookies.get("playground_session")
    through_proxy.get("/", headers={"X-Forwarded-User": "ADA"})
    assert through_proxy.cookies.get("playground_session") == cookie


def test_an_admin_name_matches_without_case(proxy_app: FastAPI, through_proxy: TestClient) -> None:
    answer = through_proxy.get("/admin/users", headers={"X-Forwarded-User": "BOSS"})
    assert answer.status_code == 200


def test_a_request_naming_two_users_is_refused(
    proxy_app: FastAPI, through_proxy: TestClient
) -> None:
    headers = [("X-Forwarded-User", "alice"), ("X-Forwarded-User", "boss")]
    answer = through_proxy.get("/", headers=headers)
    assert answer.status_code == 403
    assert "named more than one user" in answer.text
    assert _names(proxy_app) == []


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Wrong logins must not wait for the throttle."""
    return {"login_delay_seconds": 0}


@pytest.mark.parametrize("path", ["/login", "/setup"])
def test_a_same_site_form_from_another_host_is_refused(client: TestClient, path: str) -> None:
    form = {"username": "eve", "password": PASSWORD, "password_confirm": PASSWORD}
    headers = {"Sec-Fetch-Site": "same-site", "Origin": "https://evil.example.org"}
    answer = client.post(path, data=form, headers=headers)
    assert answer.status_code == 403
    assert "came from elsewhere" in answer.text
    assert "playground_session" not in client.cookies


def test_a_form_from_the_apps_own_origin_is_accepted(client: TestClient) -> None:
    form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    for site in ("same-origin", "same-site"):
        headers = {"Sec-Fetch-Site": site, "Origin": "http://testserver"}
        answer = client.post("/setup", data=form, headers=headers)
        assert answer.status_code == 303
