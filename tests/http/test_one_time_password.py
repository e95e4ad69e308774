"""A one-time password an admin generated is changed at the first sign-in with it."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.client import TestClient
from tests.conftest import csrf_of

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
