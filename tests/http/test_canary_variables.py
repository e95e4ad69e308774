"""A planted token and secret never become a variable, nor show up around the attempt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from playground.settings import Settings
from tests.client import TestClient
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, send_form

CANARY_TOKEN = "CANARYtoken0123456789abcdefVWXYZ"
CANARY_SECRET = "CANARYsecret" + "0123456789abcdef" * 3 + "s3cr"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every user's sandbox profile holds the canary credentials."""
    return {"sandbox_token": CANARY_TOKEN, "sandbox_secret": CANARY_SECRET}


def test_no_variable_holds_the_canary_and_no_answer_shows_it(
    admin_client: TestClient, app: FastAPI, settings: Settings
) -> None:
    profile = str(sandbox_profile(app, "ada"))
    seen = []
    for value in (CANARY_TOKEN, CANARY_SECRET, f"Bearer {CANARY_TOKEN}"):
        for scope in ("user", "team", "profile"):
            form = {"name": "key", "value": value, "scope": scope, "profile_id": profile}
            for headers in ({}, HX):
                answer = admin_client.post("/variables", data=form, headers=headers)
                assert answer.status_code == 422
                seen.append(answer.text)
    assert admin_client.post("/variables", data={"name": "id", "value": "7"}).status_code == 303
    action = {"verb": "read", "resourcetype": "estate", "resourceid": "{{id}}"}
    checked = admin_client.post("/variables/check", data=send_form(int(profile), action))
    seen += [checked.text, admin_client.get("/variables").text]
    for body in seen:
        assert CANARY_TOKEN not in body and CANARY_SECRET not in body
    assert "variable-known" in checked.text  # the check did run
    database = Path(settings.effective_database_url.removeprefix("sqlite:///"))
    for path in database.parent.glob(database.name + "*"):
        raw = path.read_bytes()
        assert CANARY_TOKEN.encode() not in raw and CANARY_SECRET.encode() not in raw
