"""Helpers for two-factor tests: a clock the test sets, enrolment, and signing in with a code."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlmodel import Session

from playground.services.two_factor import code_at, step_of
from playground.store.models import TwoFactor, utcnow
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.team_support import user_named

SECRET_RE = re.compile(r'data-testid="two-factor-secret">([A-Z2-7]+)<')
CODES_RE = re.compile(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>")


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def use_clock(app: FastAPI) -> Clock:
    """Give the app a clock of the test's own."""
    clock = Clock()
    app.state.playground.clock = clock
    return clock


def current_code(secret: str, clock: Clock) -> str:
    """What the authenticator app shows now."""
    return code_at(secret, step_of(clock()))


def enrol(client: TestClient, clock: Clock) -> tuple[str, list[str]]:
    """Set up two-factor sign-in through the pages; the secret and the recovery codes."""
    token = {"X-CSRF-Token": csrf_of(client, "/account")}
    assert client.post("/account/two-factor/begin", headers=token).status_code == 303
    match = SECRET_RE.search(client.get("/account/two-factor").text)
    assert match, "the key is shown while setting up"
    secret = match.group(1)
    form = {"code": current_code(secret, clock)}
    answer = client.post("/account/two-factor/confirm", data=form, headers=token)
    assert answer.status_code == 200, answer.text
    codes = CODES_RE.findall(answer.text)
    assert len(codes) == 10
    return secret, codes


def password_step(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    """A new browser past the password; two-factor users still owe the code."""
    client = TestClient(app, follow_redirects=False)
    answer = client.post("/login", data={"username": username, "password": password})
    assert answer.status_code == 303
    return client


def pending_code(app: FastAPI, username: str) -> str:
    """The code that confirms the user's enrolment now (read from the database)."""
    state = app.state.playground
    with Session(state.engine) as db:
        row = db.get(TwoFactor, user_named(app, username).id)
        assert row is not None, "enrolment begun"
        secret = state.box.decrypt(row.secret_ciphertext)
    return code_at(secret, step_of(state.clock()))
