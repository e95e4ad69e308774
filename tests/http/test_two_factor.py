"""Two-factor sign-in: enrolment, codes at sign-in (once each, throttled), recovery codes,
an admin's reset, the requirement setting and key rotation."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from playground.cli_admin import rotate_keys
from playground.services.two_factor import code_at
from playground.settings import Settings
from playground.store.models import TwoFactor
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import csrf_of
from tests.http.team_support import events, user_named
from tests.http.two_factor_support import current_code, enrol, password_step, use_clock

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"login_max_failures": 5, "login_delay_seconds": 0}


@pytest.mark.parametrize(
    ("seconds", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_codes_match_the_rfc_6238_test_vectors(seconds: int, code: str) -> None:
    assert code_at(RFC_SECRET, seconds // 30, digits=8) == code


def test_enrolment_shows_a_qr_code_once_and_needs_a_right_first_code(
    admin_client: TestClient, app: FastAPI
) -> None:
    clock = use_clock(app)
    token = {"X-CSRF-Token": csrf_of(admin_client, "/account")}
    admin_client.post("/account/two-factor/begin", headers=token)
    page = admin_client.get("/account/two-factor").text
    assert "<svg" in page and 'data-testid="two-factor-secret"' in page
    wrong = admin_client.post("/account/two-factor/confirm", data={"code": "000000"}, headers=token)
    assert wrong.status_code == 422 and "This code is not right" in wrong.text
    assert not events(app, "2fa.enabled")
    secret, codes = enrol(admin_client, clock)
    after = admin_client.get("/account/two-factor").text
    assert 'data-testid="two-factor-on"' in after
    assert secret not in after and codes[0] not in after
    [enabled] = events(app, "2fa.enabled")
    assert secret not in enabled.summary


def test_a_two_factor_user_cannot_sign_in_with_the_password_alone(
    admin_client: TestClient, app: FastAPI
) -> None:
    clock = use_clock(app)
    secret, _codes = enrol(admin_client, clock)
    clock.advance(seconds=30)  # the code that confirmed the enrolment is spent
    browser = password_step(app, "ada")
    assert browser.get("/account").status_code == 303  # the password opens nothing
    assert browser.get("/login/code").status_code == 200
    code = current_code(secret, clock)
    answer = browser.post("/login/code", data={"code": code, "next": "/history"})
    assert answer.status_code == 303 and answer.headers["location"] == "/history"
    assert browser.get("/account").status_code == 200
    # The same code again, in another browser within its 30 seconds: refused.
    again = password_step(app, "ada")
    replay = again.post("/login/code", data={"code": code})
    assert replay.status_code == 401 and "used already" in replay.text
    assert again.get("/account").status_code == 303
    assert events(app, "2fa.failed") and code not in events(app, "2fa.failed")[0].summary


def test_wrong_codes_are_throttled_like_passwords(admin_client: TestClient, app: FastAPI) -> None:
    clock = use_clock(app)
    secret, _codes = enrol(admin_client, clock)
    browser = password_step(app, "ada")
    for _ in range(4):
        assert browser.post("/login/code", data={"code": "123456"}).status_code == 401
    fifth = browser.post("/login/code", data={"code": "123456"})
    assert fifth.status_code == 429 and "Too many wrong attempts" in fifth.text
    clock.advance(seconds=30)
    locked = browser.post("/login/code", data={"code": current_code(secret, clock)})
    assert locked.status_code == 429 and "Retry-After" in locked.headers
    assert browser.get("/account").status_code == 303


def test_a_recovery_code_signs_in_once(admin_client: TestClient, app: FastAPI) -> None:
    clock = use_clock(app)
    _secret, codes = enrol(admin_client, clock)
    first = password_step(app, "ada")
    assert first.post("/login/code", data={"code": codes[3].upper()}).status_code == 303
    assert first.get("/account").status_code == 200
    second = password_step(app, "ada")
    assert second.post("/login/code", data={"code": codes[3]}).status_code == 401
    [used] = events(app, "2fa.recovery_used")
    assert codes[3] not in used.summary and "9 left" in used.summary


def test_an_admin_resets_a_users_second_factor(
    admin_client: TestClient, app: FastAPI, make_client: Any
) -> None:
    clock = use_clock(app)
    bob = make_client("bob")
    enrol(bob, clock)
    bob_id = user_named(app, "bob").id
    assert password_step(app, "bob").get("/account").status_code == 303
    assert 'data-testid="two-factor-enrolled"' in admin_client.get("/admin/users").text
    answer = admin_client.post(f"/admin/users/{bob_id}/two-factor/reset")
    assert answer.status_code == 303
    assert password_step(app, "bob").get("/account").status_code == 200
    [reset] = events(app, "2fa.reset")
    assert "bob" in reset.summary
    # Whoever held bob's sessions (a lost phone may be a stolen one) signs in again.
    assert bob.get("/account").status_code == 303
    again = password_step(app, "bob")
    assert again.post(f"/admin/users/{bob_id}/two-factor/reset").status_code == 403
    # One's own second factor is turned off on the account page, with a code.
    ada_id = user_named(app, "ada").id
    own = admin_client.post(f"/admin/users/{ada_id}/two-factor/reset")
    assert own.status_code == 400 and "on your account page" in own.text


@pytest.mark.parametrize(("setting", "admin_asked", "member_asked"), [
    ("none", False, False), ("admins", True, False), ("all", True, True),
])  # fmt: skip
def test_the_requirement_setting_sends_users_to_set_it_up(
    settings: Settings, setting: str, admin_asked: bool, member_asked: bool, make_client: Any
) -> None:
    make_client("bob")  # on the default app; the accounts live in the database
    required = create_app(settings.model_copy(update={"require_2fa": setting}))
    for name, asked in (("ada", admin_asked), ("bob", member_asked)):
        client = password_step(required, name)
        answer = client.get("/history")
        if asked:
            assert answer.headers["location"] == "/account/two-factor?required=1"
            assert "requires two-factor sign-in" in client.get("/account/two-factor").text
        else:
            assert answer.status_code == 200
        client.close()


def test_key_rotation_keeps_two_factor_working(
    admin_client: TestClient, app: FastAPI, settings: Settings
) -> None:
    clock = use_clock(app)
    secret, _codes = enrol(admin_client, clock)
    with Session(app.state.playground.engine) as db:
        before = db.get(TwoFactor, user_named(app, "ada").id)
        assert before is not None and secret.encode() not in before.secret_ciphertext
    assert rotate_keys(settings, new_key=True) == 0
    rotated = create_app(settings)  # reads the key file with the new key first
    clock = use_clock(rotated)
    clock.advance(seconds=60)  # a fresh code: the one used to enrol is spent
    with Session(rotated.state.playground.engine) as db:
        after = db.get(TwoFactor, user_named(app, "ada").id)
        assert after is not None and after.secret_ciphertext != before.secret_ciphertext
    browser = password_step(rotated, "ada")
    code = current_code(secret, clock)
    assert browser.post("/login/code", data={"code": code}).status_code == 303
