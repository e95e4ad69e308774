"""Helpers for the JSON API tests: make a token as a user would, and its header."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from playground.services import tokens, users
from playground.services.tokens import TokenInput

READ_ESTATES: dict[str, Any] = {
    "verb": "read",
    "resourcetype": "estate",
    "parameters": {"data": ["Id", "kaufpreis"], "listlimit": 3},
}
CREATE_ESTATE: dict[str, Any] = {
    "verb": "create",
    "resourcetype": "estate",
    "parameters": {"data": {"objektart": "haus", "kaufpreis": 1}},
}
READ_ADDRESSES: dict[str, Any] = {
    "verb": "read",
    "resourcetype": "address",
    "parameters": {"data": ["Name"], "listlimit": 2},
}


def make_token(
    app: FastAPI,
    username: str,
    *,
    profile_ids: Sequence[int] = (),
    read_only: bool = True,
    resourcetypes: Sequence[str] = (),
    expires_days: int | None = 30,
    name: str = "script",
) -> str:
    """A new access token of a user, made through the service the account page uses."""
    state = app.state.playground
    data = TokenInput(
        name=name,
        profile_ids=profile_ids,
        read_only=read_only,
        resourcetypes=resourcetypes,
        expires_days=expires_days,
    )
    with Session(state.engine, expire_on_commit=False) as db:
        user = users.find(db, username=username)
        return tokens.create(db, user=user, data=data, key=state.session_key).token


def bearer(token: str) -> dict[str, str]:
    """The header that carries a token."""
    return {"Authorization": f"Bearer {token}"}


def send_body(
    profile: int | str, *actions: dict[str, Any], confirm: bool = False
) -> dict[str, Any]:
    """A POST /api/v1/send body."""
    return {"profile": profile, "actions": list(actions), "confirm": confirm}
