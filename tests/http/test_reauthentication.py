"""Sensitive actions ask for the password again (and the code, with two-factor on) when the
last proof of identity is over ten minutes old."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from playground.sandbox import DEMO_SECRET
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.route_support import sandbox_profile
from tests.http.team_support import events, user_named
from tests.http.two_factor_support import current_code, enrol, use_clock

TOKEN_FORM = {"name": "CI", "expires": "30", "access": "read"}


def _confirm_target(answer: Any) -> str:
    assert answer.status_code == 303, answer.text
    location: str = answer.headers["location"]
    assert location.startswith("/account/confirm?next=")
    return location


def test_an_old_session_confirms_the_password_before_creating_a_token(
    admin_client: TestClient, app: FastAPI
) -> None:
    clock = use_clock(app)
    clock.advance(minutes=11)
    token = {
        "X-CSRF-Token": csrf_of(admin_client, "/account"),
        "Referer": "http://testserver/account",
    }
    asked = admin_client.post("/account/tokens", data=TOKEN_FORM, headers=token)
    assert _confirm_target(asked) == "/account/confirm?next=%2Faccount"
    assert "Confirm it is you" in admin_client.get(asked.headers["location"]).text
    wrong = admin_client.post(
        "/account/confirm", data={"password": "not it at all", "next": "/account"}, headers=token
    )
    assert wrong.status_code == 401 and "not your password" in wrong.text
    right = admin_client.post(
        "/account/confirm", data={"password": PASSWORD, "next": "/account"}, headers=token
    )
    assert right.status_code == 303 and right.headers["location"] == "/account"
    assert admin_client.post("/account/tokens", data=TOKEN_FORM, headers=token).status_code == 200
    assert events(app, "reauth") and events(app, "reauth.failed")
    assert PASSWORD not in events(app, "reauth")[0].summary


def test_making_someone_admin_and_changing_two_factor_need_a_recent_proof(
    admin_client: TestClient, app: FastAPI, make_client: Any
) -> None:
    clock = use_clock(app)
    make_client("bob")
    bob_id = user_named(app, "bob").id
    token = {"X-CSRF-Token": csrf_of(admin_client, "/account")}
    clock.advance(minutes=11)
    role = admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "admin"}, headers=token)
    _confirm_target(role)
    assert not user_named(app, "bob").is_admin
    _confirm_target(admin_client.post("/account/two-factor/begin", headers=token))
    assert 'data-testid="two-factor-secret"' not in admin_client.get("/account/two-factor").text
    # A profile's new secret needs the proof; renaming it does not.
    profile_id = sandbox_profile(app, "ada")
    form = {"name": "Renamed", "endpoint": "sandbox", "hmac_version": "2"}
    renamed = admin_client.post(f"/profiles/{profile_id}", data=form, headers=token)
    assert not renamed.headers.get("location", "").startswith("/account/confirm")
    new_secret = form | {"secret": DEMO_SECRET}
    _confirm_target(admin_client.post(f"/profiles/{profile_id}", data=new_secret, headers=token))
    # Another user's password or second factor, and finishing one's own two-factor setup.
    reset = {"password": "bob's new one, longer"}
    path = f"/admin/users/{bob_id}/reset-password"
    _confirm_target(admin_client.post(path, data=reset, headers=token))
    with TestClient(app, follow_redirects=False) as bob_again:  # his password stands
        login = {"username": "bob", "password": PASSWORD}
        assert bob_again.post("/login", data=login).status_code == 303
    _confirm_target(admin_client.post(f"/admin/users/{bob_id}/two-factor/reset", headers=token))
    code = {"code": "123456"}
    _confirm_target(admin_client.post("/account/two-factor/confirm", data=code, headers=token))


def test_with_two_factor_on_the_confirmation_asks_for_the_code_too(
    admin_client: TestClient, app: FastAPI
) -> None:
    clock = use_clock(app)
    secret, _codes = enrol(admin_client, clock)
    token = {"X-CSRF-Token": csrf_of(admin_client, "/account")}
    clock.advance(minutes=11)
    _confirm_target(admin_client.post("/account/two-factor/disable", headers=token))
    assert 'name="code"' in admin_client.get("/account/confirm?next=/account/two-factor").text
    form = {"password": PASSWORD, "next": "/account/two-factor"}
    without = admin_client.post("/account/confirm", data=form, headers=token)
    assert without.status_code == 401
    form["code"] = current_code(secret, clock)
    assert admin_client.post("/account/confirm", data=form, headers=token).status_code == 303
    assert admin_client.post("/account/two-factor/disable", headers=token).status_code == 303
    assert events(app, "2fa.disabled")
