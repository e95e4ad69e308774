"""Login throttling: slowed, then refused with 429; state in the database, shared by instances."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from playground.services import throttle
from playground.settings import Settings
from playground.store.models import AuditEvent, LoginThrottle, utcnow
from playground.web.app import create_app
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
    row = _throttle_rows(app)["user:ada"]
    assert row.failures == 5 and row.locked_until is not None
    assert row.locked_until > utcnow() + timedelta(minutes=14)
    kinds = _kinds(app)
    assert kinds.count("login.failed") == 5 and kinds.count("login.refused") == 1


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
    assert "user:ada" not in rows
    assert rows["addr:testclient"].failures == 3


def test_failures_from_one_address_lock_it_across_user_names(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    for name in ("bob", "carol", "dave", "erin", "frank"):
        _attempt(admin_client, name, "some guess")
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
    assert _throttle_rows(app)["user:ada"].failures == 1
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


def test_the_verdict_slows_after_the_configured_failures(app: FastAPI) -> None:
    policy = throttle.Policy(
        max_failures=5, lock=timedelta(minutes=15), slow_after=3, delay_seconds=1.0
    )
    now = utcnow()
    with Session(app.state.playground.engine) as db:
        for expected_slow in (False, False, False, True):
            verdict = throttle.check(db, username="ada", address="10.0.0.1", policy=policy, now=now)
            assert verdict.slow is expected_slow and verdict.locked_minutes == 0
            throttle.note_failure(db, username="ada", address="10.0.0.1", policy=policy, now=now)
        throttle.note_failure(db, username="ada", address="10.0.0.1", policy=policy, now=now)
        verdict = throttle.check(db, username="ADA ", address="10.9.9.9", policy=policy, now=now)
        assert verdict.locked_minutes == 15
        later = now + timedelta(minutes=16)
        verdict = throttle.check(db, username="ada", address="10.0.0.1", policy=policy, now=later)
        assert verdict.locked_minutes == 0 and not verdict.slow
