"""Login throttling: slowed, then refused with 429; state in the database, shared by instances.

A lock holds for one (user name, address) pair, so nobody can lock the owner out from
elsewhere; the user name alone only slows logins down.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.services import throttle
from playground.settings import Settings
from playground.store.models import AuditEvent, LoginThrottle, utcnow
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD

LOCKED = "Too many failed attempts"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The shared settings, with the slow-down delay off so the tests run fast."""
    return {
        "login_delay_seconds": 0,
        "login_max_failures": 5,
        "login_lock_minutes": 15,
    }


def _attempt(client: TestClient, username: str, password: str) -> int:
    answer = client.post("/login", data={"username": username, "password": password})
    code: int = answer.status_code
    return code


def _throttle_rows(app: FastAPI) -> dict[str, LoginThrottle]:
    with Session(app.state.playground.engine) as db:
        return {row.key: row for row in db.exec(select(LoginThrottle))}


def _kinds(app: FastAPI) -> list[str]:
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(AuditEvent.kind).order_by(col(AuditEvent.id))))


def test_repeated_failures_lock_the_user_name_with_a_clear_message(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    codes = [_attempt(admin_client, "ada", f"wrong guess {n}") for n in range(4)]
    assert codes == [401, 401, 401, 401]
    fifth = admin_client.post("/login", data={"username": "ada", "password": "wrong guess 5"})
    assert fifth.status_code == 429
    assert LOCKED in fifth.text and "try again in 15 minutes" in fifth.text
    assert fifth.headers["retry-after"] == "900"
    # Now even the right password is refused without being checked.
    right = admin_client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert right.status_code == 429 and LOCKED in right.text
    assert "playground_session" not in right.headers.get("set-cookie", "")
    row = _throttle_rows(app)["pair:ada|testclient"]
    assert row.locked_until is not None
    assert row.locked_until > utcnow() + timedelta(minutes=14)
    assert "locked_until" not in _throttle_rows(app)["user:ada"].model_dump(exclude_none=True)
    kinds = _kinds(app)
    assert kinds.count("login.failed") == 5 and kinds.count("login.refused") == 1


def test_the_owner_still_gets_in_from_another_address(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    for n in range(6):
        _attempt(admin_client, "ada", f"wrong guess {n}")
    assert _attempt(admin_client, "ada", PASSWORD) == 429
    with TestClient(app, follow_redirects=False, client=("192.0.2.7", 4000)) as elsewhere:
        assert _attempt(elsewhere, "ada", PASSWORD) == 303


def test_the_lock_is_shared_by_two_instances_on_one_database(settings: Settings) -> None:
    first, second = create_app(settings), create_app(settings)
    with (
        TestClient(first, follow_redirects=False) as one,
        TestClient(second, follow_redirects=False) as two,
    ):
        data = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
        assert one.post("/setup", data=data).status_code == 303
        # The session lives in the database, too: log in through one, go on through the other.
        two.cookies.set("playground_session", one.cookies["playground_session"])
        assert two.get("/").status_code == 200
        two.cookies.clear()
        for n in range(5):
            _attempt(one, "ada", f"wrong {n}")
        answer = two.post("/login", data={"username": "ada", "password": PASSWORD})
        assert answer.status_code == 429 and LOCKED in answer.text


def test_a_successful_login_clears_the_user_name_counter_only(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    for n in range(3):
        _attempt(admin_client, "ada", f"wrong {n}")
    assert _throttle_rows(app)["user:ada"].failures == 3
    assert _attempt(admin_client, "ada", PASSWORD) == 303
    rows = _throttle_rows(app)
    assert "user:ada" not in rows and "pair:ada|testclient" not in rows
    assert rows["addr:testclient"].failures == 3


def test_many_failures_from_one_address_lock_it_across_user_names(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    names = [f"user{n}" for n in range(5 * throttle.ADDRESS_FACTOR)]
    assert {_attempt(admin_client, name, "some guess") for name in names[:-1]} == {401}
    # The failure that reaches the address's limit locks it, for every user name.
    assert _attempt(admin_client, names[-1], "some guess") == 429
    assert _attempt(admin_client, "ada", PASSWORD) == 429
    assert _throttle_rows(app)["addr:testclient"].locked_until is not None


def test_logins_work_again_once_the_lock_is_over(admin_client: TestClient, app: FastAPI) -> None:
    admin_client.post("/logout")
    for n in range(5):
        _attempt(admin_client, "ada", f"wrong {n}")
    assert _attempt(admin_client, "ada", PASSWORD) == 429
    past = utcnow() - timedelta(minutes=16)
    with Session(app.state.playground.engine) as db:
        for row in db.exec(select(LoginThrottle)):
            row.locked_until = past
            row.window_started_at = past - timedelta(minutes=1)
            db.add(row)
        db.commit()
    assert _attempt(admin_client, "ada", "one more wrong") == 401
    assert _throttle_rows(app)["pair:ada|testclient"].failures == 1
    assert _attempt(admin_client, "ada", PASSWORD) == 303


def test_logins_are_slowed_after_repeated_failures(tmp_path: Path, database_url: str) -> None:
    slow = Settings(data_dir=tmp_path / "data", database_url=database_url, login_delay_seconds=0.4)
    with TestClient(create_app(slow), follow_redirects=False) as client:
        data = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
        client.post("/setup", data=data)
        for n in range(3):
            _attempt(client, "nobody", f"wrong {n}")
        started = time.monotonic()
        assert _attempt(client, "nobody", "wrong again") == 401
        assert time.monotonic() - started >= 0.4


def test_the_verdict_slows_then_locks_the_pair_only(app: FastAPI) -> None:
    policy = throttle.Policy(
        max_failures=5, lock=timedelta(minutes=15), slow_after=3, delay_seconds=1.0
    )
    now = utcnow()
    who = {"username": "ada", "address": "10.0.0.1"}
    with Session(app.state.playground.engine) as db:
        verdicts = [throttle.admit(db, policy=policy, now=now, **who) for _ in range(6)]
        assert [v.slow for v in verdicts[:4]] == [False, False, False, True]
        assert [v.locked_minutes for v in verdicts] == [0, 0, 0, 0, 0, 15]
        assert throttle.failed(db, policy=policy, now=now, **who) == 15
        # Another address: slowed (the name has failed often), not locked.
        elsewhere = throttle.admit(db, username="ADA ", address="10.9.9.9", policy=policy, now=now)
        assert elsewhere.locked_minutes == 0 and elsewhere.slow
        later = now + timedelta(minutes=16)
        again = throttle.admit(db, policy=policy, now=later, **who)
        assert again.locked_minutes == 0 and not again.slow


def test_the_current_password_check_is_throttled_like_a_login(admin_client: TestClient) -> None:
    def change(current: str) -> int:
        fields = {"current_password": current, "new_password": "a brand new password"}
        fields["new_password_confirm"] = fields["new_password"]
        answer = admin_client.post("/account/password", data=fields)
        code: int = answer.status_code
        return code

    assert [change(f"wrong {n}") for n in range(4)] == [422] * 4
    assert change("wrong 5") == 422
    refused = admin_client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "x" * 12,
            "new_password_confirm": "x" * 12,
        },
    )
    assert refused.status_code == 429 and "Too many wrong attempts" in refused.text
