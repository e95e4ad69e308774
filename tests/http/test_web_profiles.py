"""Profiles: write-only secret, masked token, allowed endpoints, per-user isolation."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.services import accounts
from playground.store.models import Profile
from tests.client import TestClient
from tests.conftest import PASSWORD

TOKEN = "tok" + "A" * 25 + "WXYZ"
SECRET = "sec" + "b" * 61


def _create(client: TestClient, name: str = "Prod", **fields: str) -> int:
    data = {"name": name, "endpoint": "sandbox", "hmac_version": "2", "token": TOKEN}
    data |= {"secret": SECRET} | fields
    response = client.post("/profiles", data=data)
    assert response.status_code == 303, response.text
    match = re.search(
        rf'data-profile-id="(\d+)">\s*<div class="card-header">\s*<h2>{name}<',
        client.get("/profiles").text,
    )
    assert match
    return int(match.group(1))


def test_a_new_user_finds_a_ready_sandbox_profile(admin_client: TestClient) -> None:
    page = admin_client.get("/").text
    assert "Sandbox · sandbox · v2" in page


def test_created_profile_shows_masked_token_and_fingerprint_only(
    admin_client: TestClient, app: FastAPI
) -> None:
    _create(admin_client)
    page = admin_client.get("/profiles").text
    assert "WXYZ" in page and TOKEN not in page and SECRET not in page
    with Session(app.state.playground.engine) as db:
        stored = db.exec(select(Profile).where(Profile.name == "Prod")).one()
    assert TOKEN.encode() not in stored.token_ciphertext
    assert SECRET.encode() not in stored.secret_ciphertext


def test_editing_keeps_the_secret_unless_a_new_one_is_typed(admin_client: TestClient) -> None:
    pid = _create(admin_client)

    def fingerprint() -> str:
        page = admin_client.get("/profiles").text
        found = re.search(rf'data-profile-id="{pid}".*?secret-fingerprint">(\w+)<', page, re.S)
        assert found
        return found.group(1)

    before = fingerprint()
    edit = {"name": "Prod", "endpoint": "sandbox", "hmac_version": "1"}
    assert admin_client.post(f"/profiles/{pid}", data=edit).status_code == 303
    assert fingerprint() == before
    assert (
        admin_client.post(f"/profiles/{pid}", data=edit | {"secret": "x" * 64}).status_code == 303
    )
    assert fingerprint() != before
    assert 'value="' + SECRET not in admin_client.get(f"/profiles/{pid}").text


def test_an_endpoint_outside_the_allowed_list_is_refused(
    admin_client: TestClient, app: FastAPI
) -> None:
    data = {"name": "Evil", "endpoint": "https://attacker.example/api.php", "hmac_version": "2"}
    response = admin_client.post("/profiles", data=data | {"token": TOKEN, "secret": SECRET})
    assert response.status_code == 422
    assert "Choose one of the listed endpoints" in response.text
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(Profile).where(Profile.name == "Evil")).first() is None


def test_missing_secret_and_duplicate_name_are_reported(admin_client: TestClient) -> None:
    _create(admin_client)
    data = {"name": "Prod", "endpoint": "sandbox", "hmac_version": "2", "token": TOKEN}
    response = admin_client.post("/profiles", data=data)
    assert response.status_code == 422
    assert "The secret is required" in response.text
    response = admin_client.post("/profiles", data=data | {"secret": SECRET})
    assert "already have a profile with this name" in response.text


def test_test_connection_explains_a_wrong_secret(admin_client: TestClient, app: FastAPI) -> None:
    state = app.state.playground
    pid = _create(admin_client, token=state.sandbox_token, secret="wrong" * 12 + "sec.")
    response = admin_client.post(f"/profiles/{pid}/test", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "137" in response.text and "secret" in response.text.lower()


def test_test_connection_succeeds_with_the_sandbox_profile(
    admin_client: TestClient, app: FastAPI
) -> None:
    state = app.state.playground
    pid = _create(admin_client, token=state.sandbox_token, secret=state.sandbox_secret)
    response = admin_client.post(f"/profiles/{pid}/test", headers={"HX-Request": "true"})
    assert "Connected" in response.text


def test_another_users_profile_answers_404(
    admin_client: TestClient, make_client: Callable[[str], TestClient]
) -> None:
    pid = _create(admin_client)
    bob = make_client("bob")
    assert bob.get(f"/profiles/{pid}").status_code == 404
    assert bob.post(f"/profiles/{pid}/test").status_code == 404
    assert (
        bob.post(f"/profiles/{pid}", data={"name": "x", "endpoint": "sandbox"}).status_code == 404
    )
    assert bob.post(f"/profiles/{pid}/delete").status_code == 404
    assert "Prod" not in bob.get("/profiles").text
    assert admin_client.get(f"/profiles/{pid}").status_code == 200


def test_delete_removes_the_profile(admin_client: TestClient) -> None:
    pid = _create(admin_client)
    assert admin_client.post(f"/profiles/{pid}/delete").status_code == 303
    assert admin_client.get(f"/profiles/{pid}").status_code == 404


def test_one_name_sent_by_several_requests_at_once_makes_one_profile(
    admin_client: TestClient, app: FastAPI
) -> None:
    # Each request finds the name free before any of them has stored it; the constraint
    # then refuses all but one, and those are told why (a 500 before).
    form = {"name": "Race", "endpoint": "sandbox", "hmac_version": "2"}
    form |= {"token": DEMO_TOKEN, "secret": DEMO_SECRET}
    start = threading.Barrier(6)

    def create() -> int:
        start.wait()
        status: int = admin_client.post("/profiles", data=form).status_code
        return status

    with ThreadPoolExecutor(6) as pool:
        statuses = sorted(pool.map(lambda _: create(), range(6)))
    assert statuses[0] == 303 and set(statuses[1:]) <= {422}, statuses
    with Session(app.state.playground.engine) as db:
        assert len(db.exec(select(Profile).where(Profile.name == "Race")).all()) == 1


# As many password checks at once as logins here: each browser below runs its request on an
# event loop of its own, and a login waiting for a check slot on one loop is never woken by
# a release on another (the server has one loop; only these tests have several).
@pytest.mark.parametrize("settings_overrides", [{"password_checks": 3}])
def test_several_first_logins_at_once_each_get_a_session_and_one_sandbox_profile(
    admin_client: TestClient, app: FastAPI
) -> None:
    # Each login gives a user without profiles the ready Sandbox profile; logins at the
    # same moment race to make it, and the ones that lose must still log in. (Each also
    # counts an attempt that a success clears: three stay below the login limit.)
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username="newcomer", password=PASSWORD, is_admin=False)
    start = threading.Barrier(3)

    def log_in() -> int:
        browser = TestClient(app, follow_redirects=False)
        start.wait()
        form = {"username": "newcomer", "password": PASSWORD}
        status: int = browser.post("/login", data=form).status_code
        return status

    with ThreadPoolExecutor(3) as pool:
        statuses = list(pool.map(lambda _: log_in(), range(3)))
    assert statuses == [303] * 3, statuses
    with Session(app.state.playground.engine) as db:
        sandboxes = db.exec(select(Profile).where(Profile.name == "Sandbox")).all()
    assert len(sandboxes) == 2  # the admin's and the newcomer's
