"""The audit log: what is recorded (never a password), and the admin page with filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.services import audit
from playground.store.models import AuditEvent, User
from tests.client import TestClient
from tests.conftest import PASSWORD

MakeClient = Callable[[str], TestClient]
PLANTED = "planted-Pa55word-7f3a"
OTP_RE = re.compile(r'data-testid="one-time-password">([^<]+)<')
ROW_RE = re.compile(r'data-testid="audit-row" data-kind="([^"]+)"')


def _events(app: FastAPI) -> list[AuditEvent]:
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(AuditEvent).order_by(col(AuditEvent.id))))


def _user_id(app: FastAPI, name: str) -> int:
    with Session(app.state.playground.engine) as db:
        user_id = db.exec(select(User.id).where(User.username == name)).one()
    assert user_id is not None
    return user_id


def _plant(app: FastAPI, *events: tuple[str, str, datetime]) -> None:
    with Session(app.state.playground.engine) as db:
        for username, kind, at in events:
            db.add(AuditEvent(username=username, kind=kind, at=at, summary=f"{kind} by {username}"))
        db.commit()


def test_first_run_login_failure_and_logout_are_recorded(
    admin_client: TestClient, app: FastAPI
) -> None:
    admin_client.post("/logout")
    admin_client.post("/login", data={"username": "ada", "password": "not the password"})
    admin_client.post("/login", data={"username": "ada", "password": PASSWORD})
    events = _events(app)
    assert [e.kind for e in events] == ["user.first_run", "logout", "login.failed", "login"]
    assert {e.username for e in events} == {"ada"}
    assert {e.address for e in events} == {"testclient"}
    failed = events[2]
    assert failed.user_id is None and "Wrong user name or password" in failed.summary
    assert events[3].user_id == _user_id(app, "ada")


def test_user_administration_is_recorded_without_any_password(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    admin_client.post(
        "/admin/users", data={"username": "bob", "role": "member", "password": PLANTED}
    )
    bob_id = _user_id(app, "bob")
    generated = admin_client.post(f"/admin/users/{bob_id}/reset-password", data={"password": ""})
    match = OTP_RE.search(generated.text)
    assert match
    one_time = match.group(1)
    admin_client.post(f"/admin/users/{bob_id}/reset-password", data={"password": PLANTED + "2"})
    admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "admin"})
    admin_client.post(f"/admin/users/{bob_id}/disable")
    admin_client.post(f"/admin/users/{bob_id}/enable")
    carol = make_client("carol")
    carol.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": PLANTED + "3",
            "new_password_confirm": PLANTED + "3",
        },
    )
    kinds = [e.kind for e in _events(app)]
    for kind in (
        "user.created",
        "user.password_reset",
        "user.role_changed",
        "user.disabled",
        "user.enabled",
        "user.password_changed",
    ):
        assert kind in kinds, kind
    stored = " ".join(
        f"{e.username} {e.kind} {e.summary} {e.address}" for e in _events(app)
    ).lower()
    page = admin_client.get("/admin/audit").text.lower()
    for secret in (PLANTED, one_time, PASSWORD):
        assert secret.lower() not in stored
        assert secret.lower() not in page
    assert "bob" in stored and "changed the role of bob to admin" in stored


def test_the_audit_page_lists_events_newest_first(admin_client: TestClient, app: FastAPI) -> None:
    page = admin_client.get("/admin/audit")
    assert page.status_code == 200
    assert ROW_RE.findall(page.text) == ["user.first_run"]
    admin_client.post("/logout")
    admin_client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert ROW_RE.findall(admin_client.get("/admin/audit").text) == [
        "login",
        "logout",
        "user.first_run",
    ]


def test_the_audit_page_filters_by_user_kind_and_days(
    admin_client: TestClient, app: FastAPI
) -> None:
    _plant(
        app,
        ("bob", "login", datetime(2026, 1, 1, 23, 59, tzinfo=UTC)),
        ("bob", "login.failed", datetime(2026, 1, 2, 0, 0, tzinfo=UTC)),
        ("carol", "login", datetime(2026, 1, 2, 23, 59, tzinfo=UTC)),
        ("carol", "logout", datetime(2026, 1, 3, 0, 0, tzinfo=UTC)),
    )

    def kinds(query: str) -> list[str]:
        answer = admin_client.get("/admin/audit?" + query)
        assert answer.status_code == 200
        return ROW_RE.findall(answer.text)

    assert kinds("user=bob") == ["login.failed", "login"]
    assert kinds("kind=logout") == ["logout"]
    assert kinds("user=carol&kind=login") == ["login"]
    assert kinds("from=2026-01-02&to=2026-01-02") == ["login", "login.failed"]
    assert kinds("from=2026-01-03") == ["logout", "user.first_run"]  # by id, newest first
    assert kinds("to=2026-01-01") == ["login"]
    assert kinds("user=nobody") == []
    page = admin_client.get("/admin/audit?kind=logout").text
    assert '<option value="logout" selected>' in page


def test_the_audit_page_refuses_malformed_or_reversed_dates(admin_client: TestClient) -> None:
    answer = admin_client.get("/admin/audit?from=yesterday")
    assert answer.status_code == 422 and "Use a date like 2026-01-31." in answer.text
    answer = admin_client.get("/admin/audit?from=2026-02-01&to=2026-01-01")
    assert answer.status_code == 422 and "before the start date" in answer.text


def test_the_audit_page_pages_with_a_keyset(admin_client: TestClient, app: FastAPI) -> None:
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    _plant(app, *[("bob", f"test.{n:03d}", moment) for n in range(audit.PAGE_SIZE + 20)])
    first = admin_client.get("/admin/audit?user=bob")
    rows = ROW_RE.findall(first.text)
    assert len(rows) == audit.PAGE_SIZE and rows[0] == "test.119"
    match = re.search(r'href="(/admin/audit\?[^"]+)" data-testid="audit-older"', first.text)
    assert match
    second = admin_client.get(match.group(1).replace("&amp;", "&"))
    rows = ROW_RE.findall(second.text)
    assert len(rows) == 20 and rows[-1] == "test.000"
    assert 'data-testid="audit-older"' not in second.text


def test_htmx_filtering_answers_with_the_list_only(admin_client: TestClient) -> None:
    answer = admin_client.get("/admin/audit?kind=user.first_run", headers={"HX-Request": "true"})
    assert answer.status_code == 200 and "HX-Request" in answer.headers["vary"].split(", ")
    assert "<html" not in answer.text and 'data-testid="audit-table"' in answer.text


def test_members_cannot_read_the_audit_log(make_client: MakeClient) -> None:
    answer = make_client("bob").get("/admin/audit")
    assert answer.status_code == 403
    assert "user.first_run" not in answer.text
