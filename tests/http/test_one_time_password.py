"""A one-time password an admin generated is changed at the first sign-in with it."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI

from playground.store.models import AccessToken
from tests.client import TestClient
from tests.conftest import csrf_of
from tests.http.team_support import rows, user_named
from tests.http.token_support import bearer, make_token

OTP_RE = re.compile(r'data-testid="one-time-password">([^<]+)<')
OWN_PASSWORD = "a-password-of-carols-own-2026"


def _signed_in(app: FastAPI, name: str, password: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    assert client.post("/login", data={"username": name, "password": password}).status_code == 303
    return client


def test_until_the_one_time_password_is_changed_only_the_account_page_opens(
    admin_client: TestClient, app: FastAPI
) -> None:
    created = admin_client.post(
        "/admin/users", data={"username": "carol", "role": "member", "password": ""}
    )
    match = OTP_RE.search(created.text)
    assert match
    carol = _signed_in(app, "carol", match.group(1))
    for path in ("/", "/history", "/profiles", "/api/history"):
        answer = carol.get(path)
        assert (answer.status_code, answer.headers.get("location")) == (303, "/account"), path
    page = carol.get("/account")
    assert page.status_code == 200 and 'data-testid="must-change-password"' in page.text
    form = {"current_password": match.group(1), "new_password": OWN_PASSWORD}
    form |= {"new_password_confirm": OWN_PASSWORD, "csrf_token": csrf_of(carol, "/account")}
    assert carol.post("/account/password", data=form).status_code == 303
    assert carol.get("/").status_code == 200
    assert 'data-testid="must-change-password"' not in carol.get("/account").text


def test_a_password_the_admin_chose_asks_for_no_change(
    admin_client: TestClient, app: FastAPI
) -> None:
    chosen = "dave-gets-this-password-2026"
    created = admin_client.post(
        "/admin/users", data={"username": "dave", "role": "member", "password": chosen}
    )
    assert created.status_code == 303
    assert _signed_in(app, "dave", chosen).get("/").status_code == 200


def test_a_one_time_password_gives_no_api_access_until_it_is_changed(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    make_client("bob")
    token = make_token(app, "bob")
    assert admin_client.get("/api/v1/profiles", headers=bearer(token)).status_code == 200
    bob_id = user_named(app, "bob").id
    reset = admin_client.post(f"/admin/users/{bob_id}/reset-password", data={"password": ""})
    match = OTP_RE.search(reset.text)
    assert match
    # Whoever else knows the one-time password gets no token, and bob's own are paused.
    bob = _signed_in(app, "bob", match.group(1))
    form = {
        "name": "n8n",
        "expires": "never",
        "access": "all",
        "csrf_token": csrf_of(bob, "/account"),
    }
    made = bob.post("/account/tokens", data=form)
    assert (made.status_code, made.headers.get("location")) == (303, "/account")
    assert [t.name for t in rows(app, AccessToken)] == ["script"]
    paused = admin_client.get("/api/v1/profiles", headers=bearer(token))
    assert paused.status_code == 401 and "must choose a new password first" in paused.text
    own = {"current_password": match.group(1), "new_password": OWN_PASSWORD}
    own |= {"new_password_confirm": OWN_PASSWORD, "csrf_token": csrf_of(bob, "/account")}
    assert bob.post("/account/password", data=own).status_code == 303
    assert admin_client.get("/api/v1/profiles", headers=bearer(token)).status_code == 200
