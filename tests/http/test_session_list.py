"""The account's session list: browser, address and last use; signing out everywhere else."""

from __future__ import annotations

from fastapi import FastAPI
from sqlmodel import Session, select

from playground.services.sessions import device_of
from playground.store.models import AuditEvent
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.team_support import sessions_of

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _browser(app: FastAPI, user_agent: str) -> TestClient:
    client = TestClient(app, follow_redirects=False, headers={"User-Agent": user_agent})
    assert client.post("/login", data={"username": "ada", "password": PASSWORD}).status_code == 303
    return client


def test_devices_are_named_from_the_user_agent() -> None:
    assert device_of(FIREFOX) == "Firefox on Linux"
    assert device_of(PHONE) == "Safari on iPhone"
    assert device_of("Edg/126 Chrome/126 Safari/537 Windows NT 10.0") == "Edge on Windows"
    assert device_of("my-script/1.0") == "my-script"


def test_the_list_shows_each_session_and_signing_out_elsewhere_keeps_this_one(
    admin_client: TestClient, app: FastAPI
) -> None:
    laptop, phone = _browser(app, FIREFOX), _browser(app, PHONE)
    page = laptop.get("/account/sessions").text
    assert page.count('data-testid="session-row"') == 3
    assert "Firefox on Linux" in page and "Safari on iPhone" in page
    assert page.count('data-testid="this-session"') == 1
    assert "testclient" in page  # the address each session came from
    assert 'href="/account/sessions"' in laptop.get("/account").text

    ended = laptop.post(
        "/account/sessions/end-others", headers={"X-CSRF-Token": csrf_of(laptop, "/account")}
    )
    assert ended.status_code == 303 and ended.headers["location"] == "/account/sessions?ended=2"
    assert sessions_of(app, "ada") == 1
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 303
    assert admin_client.get("/account").status_code == 303
    after = laptop.get("/account/sessions?ended=2").text
    assert "Signed out 2 other sessions." in after
    assert 'data-testid="end-other-sessions"' not in after  # nothing else left to end
    with Session(app.state.playground.engine) as db:
        kinds = [e.kind for e in db.exec(select(AuditEvent))]
    assert "sessions.ended" in kinds
    laptop.close()
    phone.close()
