"""Helpers shared by the team-feature tests: profiles, composer forms, database reads."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, SQLModel, col, func, select

from playground.store.models import AuditEvent, HistoryEntry, LoginSession, Profile, User
from tests.client import TestClient

HX = {"HX-Request": "true"}
# Recognisable credentials the sandbox accepts (tests override `settings` to plant them).
PLANTED_TOKEN = "PLANTEDtoken0123456789abcdePQRST"
PLANTED_SECRET = "PLANTEDsecret" + "0123456789abcdef" * 3 + "yzz"

READ_ESTATE = {
    "verb": "read",
    "resourcetype": "estate",
    "parameters": json.dumps({"data": ["Id", "ort"], "listlimit": 3}),
}
MODIFY_ESTATE = {
    "verb": "modify",
    "resourcetype": "estate",
    "resourceid": "1",
    "parameters": json.dumps({"data": {"kaufpreis": 123456}}),
}


def create_profile(
    client: TestClient,
    app: FastAPI,
    name: str,
    *,
    token: str = PLANTED_TOKEN,
    secret: str = PLANTED_SECRET,
    protected: bool = False,
) -> int:
    """Create a sandbox profile through the form and return its id."""
    data = {"name": name, "endpoint": "sandbox", "hmac_version": "2"}
    data |= {"token": token, "secret": secret} | ({"protected": "1"} if protected else {})
    response = client.post("/profiles", data=data)
    assert response.status_code == 303, response.text
    with Session(app.state.playground.engine) as db:
        profile_id = db.exec(select(Profile.id).where(Profile.name == name)).one()
    assert profile_id is not None
    return profile_id


def send_form(profile_id: int, *actions: dict[str, str], **extra: str) -> dict[str, Any]:
    """Form fields for actions, as the composer posts them (parallel lists)."""
    names = ("verb", "resourcetype", "resourceid", "identifier", "parameters")
    form: dict[str, Any] = {name: [a.get(name, "") for a in actions] for name in names}
    return form | {"profile_id": [str(profile_id)]} | extra


def picker_ids(client: TestClient) -> list[int]:
    """The profile ids the composer's picker offers."""
    page = client.get("/").text
    select_html = page.split('<select id="profile_id"', 1)[1].split("</select>", 1)[0]
    return [int(i) for i in re.findall(r'<option value="(\d+)"', select_html)]


def rows(app: FastAPI, model: type[SQLModel]) -> list[Any]:
    """Every row of a table, in id order."""
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(model).order_by(col(model.id))))  # type: ignore[attr-defined]


def entries(app: FastAPI) -> list[HistoryEntry]:
    """Every history entry, oldest first."""
    return rows(app, HistoryEntry)


def events(app: FastAPI, kind: str) -> list[AuditEvent]:
    """The audit events of one kind, oldest first."""
    return [e for e in rows(app, AuditEvent) if e.kind == kind]


def profile(app: FastAPI, profile_id: int) -> Profile:
    """One stored profile."""
    with Session(app.state.playground.engine) as db:
        found = db.get(Profile, profile_id)
    assert found is not None
    return found


def user_named(app: FastAPI, name: str) -> User:
    """The stored account with this user name."""
    with Session(app.state.playground.engine) as db:
        return db.exec(select(User).where(User.username == name)).one()


def sessions_of(app: FastAPI, name: str) -> int:
    """How many login sessions the named user has in the database."""
    user = user_named(app, name)
    with Session(app.state.playground.engine) as db:
        stmt = select(func.count()).select_from(LoginSession).where(LoginSession.user_id == user.id)
        return db.exec(stmt).one()
