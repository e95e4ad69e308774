"""The own-account page and changing one's password (other sessions end, this one stays)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI

from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.team_support import sessions_of, user_named

MakeClient = Callable[[str], TestClient]
NEW_PASSWORD = "a brand new passphrase"


def _second_login(app: FastAPI, name: str) -> TestClient:
    other = TestClient(app, follow_redirects=False)
    assert other.post("/login", data={"username": name, "password": PASSWORD}).status_code == 303
    other.headers["X-CSRF-Token"] = csrf_of(other)
    return other


def test_the_account_page_shows_name_role_and_the_form(make_client: MakeClient) -> None:
    page = make_client("bob").get("/account")
    assert page.status_code == 200
    assert 'data-testid="account-username">bob<' in page.text
    assert 'data-testid="account-role">member<' in page.text
    assert 'name="current_password"' in page.text and 'name="new_password_confirm"' in page.text


def test_the_account_page_needs_a_login(client: TestClient, admin_client: TestClient) -> None:
    admin_client.post("/logout")
    assert client.get("/account").headers["location"] == "/login?next=%2Faccount"


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(
    make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    elsewhere = _second_login(app, "bob")
    assert sessions_of(app, "bob") == 2
    answer = bob.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD,
        },
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/account?changed=true"
    assert sessions_of(app, "bob") == 1
    assert 'data-testid="password-changed"' in bob.get("/account?changed=true").text
    assert bob.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 303
    elsewhere.close()
    fresh = TestClient(app, follow_redirects=False)
    assert fresh.post("/login", data={"username": "bob", "password": PASSWORD}).status_code == 401
    answer = fresh.post("/login", data={"username": "bob", "password": NEW_PASSWORD})
    assert answer.status_code == 303
    fresh.close()


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("not my password", NEW_PASSWORD, NEW_PASSWORD, "This is not your current password."),
        (PASSWORD, "short", "short", "at least 12 characters"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "The two passwords differ."),
    ],
)
def test_a_refused_change_keeps_password_and_sessions(
    make_client: MakeClient, app: FastAPI, current: str, new: str, confirm: str, message: str
) -> None:
    bob = make_client("bob")
    elsewhere = _second_login(app, "bob")
    before = user_named(app, "bob").password_hash
    answer = bob.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "new_password_confirm": confirm},
    )
    assert answer.status_code == 422
    assert message in answer.text
    assert NEW_PASSWORD not in answer.text
    assert user_named(app, "bob").password_hash == before
    assert elsewhere.get("/").status_code == 200
    elsewhere.close()


def test_changing_the_password_needs_the_csrf_token(make_client: MakeClient, app: FastAPI) -> None:
    bob = make_client("bob")
    del bob.headers["X-CSRF-Token"]
    before = user_named(app, "bob").password_hash
    answer = bob.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD,
        },
    )
    assert answer.status_code == 403
    assert user_named(app, "bob").password_hash == before
