"""The own-account page and changing one's password (other sessions end, this one stays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.services import accounts, passwords, users
from playground.services.users import Actor
from playground.store import users as user_store
from playground.store.models import User
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.team_support import sessions_of, user_named

RESET = "a brand new passphrase 42"

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


def _reset_during_the_check(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """An admin resets bob's password while his login is in the (slow) password check."""
    check, engine = accounts.check_login, app.state.playground.engine

    def check_then_reset(user: User | None, password: str) -> tuple[User | None, str | None]:
        result = check(user, password)
        with Session(engine, expire_on_commit=False) as db:
            ada = db.exec(select(User).where(User.username == "ada")).one()
            bob = db.exec(select(User).where(User.username == "bob")).one()
            assert bob.id is not None
            users.reset_password(db, actor=Actor(user=ada), user_id=bob.id, password=RESET)
        return result

    monkeypatch.setattr(accounts, "check_login", check_then_reset)


@pytest.mark.parametrize("rehash", [False, True], ids=["same-cost", "rehash"])
def test_a_login_checked_while_an_admin_resets_the_password_is_refused(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, rehash: bool
) -> None:
    with Session(app.state.playground.engine) as db:
        bob = accounts.create_user(db, username="bob", password=PASSWORD, is_admin=False)
        if rehash:  # hashed at another cost: the login stores a new hash of the old password
            bob.password_hash = PasswordHasher(time_cost=2, memory_cost=8, parallelism=1).hash(
                PASSWORD
            )
            db.add(bob)
            db.commit()
    _reset_during_the_check(app, monkeypatch)
    intruder = TestClient(app, follow_redirects=False)
    answer = intruder.post("/login", data={"username": "bob", "password": PASSWORD})
    assert answer.status_code == 401 and "Wrong user name or password" in answer.text
    assert intruder.get("/account").status_code == 303  # no session
    with Session(app.state.playground.engine) as db:
        stored = db.exec(select(User).where(User.username == "bob")).one().password_hash
    assert passwords.verify(stored, RESET) and not passwords.verify(stored, PASSWORD)


def test_a_reset_just_before_the_session_is_stored_leaves_no_session(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username="bob", password=PASSWORD, is_admin=False)
    add_session = user_store.add_login_session

    def reset_first(*args: Any, **kwargs: Any) -> Any:
        # The password was checked; before the session is written an admin resets it.
        with Session(app.state.playground.engine, expire_on_commit=False) as db:
            ada = db.exec(select(User).where(User.username == "ada")).one()
            bob = db.exec(select(User).where(User.username == "bob")).one()
            assert bob.id is not None
            users.reset_password(db, actor=Actor(user=ada), user_id=bob.id, password=RESET)
        return add_session(*args, **kwargs)

    monkeypatch.setattr(user_store, "add_login_session", reset_first)
    intruder = TestClient(app, follow_redirects=False)
    answer = intruder.post("/login", data={"username": "bob", "password": PASSWORD})
    assert answer.status_code == 409 and "Sign in again." in answer.text
    assert intruder.get("/history").status_code == 303
    assert sessions_of(app, "bob") == 0
