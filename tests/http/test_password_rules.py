"""Every page that sets a password refuses a guessable one, says why, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http.team_support import user_named

GUESSABLE = "qwertyuiop123"
WHY = "easy to guess"


def test_first_run_refuses_a_password_built_from_the_user_name(client: TestClient) -> None:
    weak = "Margarete-2026-margarete"
    form = {"username": "margarete", "password": weak, "password_confirm": weak}
    answer = client.post("/setup", data=form)
    assert answer.status_code == 422
    assert "built from your user name" in answer.text
    assert client.get("/login").headers["location"] == "/setup"  # still no account


def test_an_admin_cannot_create_or_set_a_guessable_password(
    admin_client: TestClient, app: FastAPI, make_client: Callable[[str], TestClient]
) -> None:
    form = {"username": "erin", "role": "member", "password": GUESSABLE}
    created = admin_client.post("/admin/users", data=form)
    assert created.status_code == 422 and WHY in created.text
    make_client("bob")
    bob = user_named(app, "bob")
    reset = admin_client.post(f"/admin/users/{bob.id}/reset-password", data=form)
    assert reset.status_code == 422 and WHY in reset.text
    assert user_named(app, "bob").password_hash == bob.password_hash


def test_changing_ones_own_password_to_a_guessable_one_is_refused(
    make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    bob = make_client("bob")
    before = user_named(app, "bob").password_hash
    form = {"current_password": PASSWORD, "new_password": GUESSABLE}
    answer = bob.post("/account/password", data=form | {"new_password_confirm": GUESSABLE})
    assert answer.status_code == 422 and WHY in answer.text
    assert user_named(app, "bob").password_hash == before
