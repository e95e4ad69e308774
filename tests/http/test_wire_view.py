"""The wire view: for every send, the envelope as sent (token and HMACs as markers), the
endpoint URL, HMAC version, timestamp, and the request and response headers."""

from __future__ import annotations

import html
import json
import re
import time
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.store.models import HistoryEntry
from tests.client import TestClient
from tests.http.team_support import HX, PLANTED_SECRET, PLANTED_TOKEN, create_profile


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The sandbox accepts the planted credentials."""
    return {"sandbox_token": PLANTED_TOKEN, "sandbox_secret": PLANTED_SECRET}


def _send(client: TestClient, profile_id: int, parameters: object, **headers: str) -> Any:
    """Send one read estate with a profile."""
    form = {"profile_id": str(profile_id), "verb": "read", "resourcetype": "estate"}
    return client.post("/send", data=form | {"parameters": json.dumps(parameters)}, headers=headers)


def _wire(page: str) -> str:
    """The "Sent" panel of a page or fragment."""
    match = re.search(r'data-testid="wire">(.*?)</div>\s*</div>', page, re.S)
    assert match, "no wire panel"
    return match.group(1)


def _envelope(wire: str) -> dict[str, Any]:
    """The envelope the panel shows, decoded."""
    match = re.search(r'data-testid="wire-envelope"[^>]*>(.*?)</pre>', wire, re.S)
    assert match
    envelope: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return envelope


def test_the_composer_result_shows_what_went_over_the_wire(
    admin_client: TestClient, app: FastAPI
) -> None:
    """Markers for token and HMAC; the signing timestamp; headers both ways; no credential."""
    profile_id = create_profile(admin_client, app, "Team")
    before = int(time.time())
    answer = _send(admin_client, profile_id, {"data": ["Id", "ort"], "listlimit": 2}, **HX)
    assert answer.status_code == 200
    wire = _wire(answer.text)
    envelope = _envelope(wire)
    assert envelope["token"] == "<token>"
    (action,) = envelope["request"]["actions"]
    assert list(action) == [
        "actionid", "identifier", "parameters", "resourceid", "resourcetype", "timestamp",
        "hmac_version", "hmac",
    ]  # fmt: skip
    assert action["hmac"] == "<HMAC v2, computed when sent>"
    assert action["parameters"] == {"data": ["Id", "ort"], "listlimit": 2}
    assert before <= action["timestamp"] <= int(time.time())
    assert f"timestamp {action['timestamp']}" in wire and "HMAC v2" in wire
    assert "http://sandbox.internal/api/stable/api.php" in wire
    request_headers = wire.split('data-testid="wire-request-headers"', 1)[1].split("</table>")[0]
    assert 'content-type</th><td class="mono">application/json' in request_headers
    assert "user-agent" in request_headers and "content-length" in request_headers
    response_headers = wire.split('data-testid="wire-response-headers"', 1)[1]
    assert "content-type" in response_headers
    assert PLANTED_TOKEN not in answer.text and PLANTED_SECRET not in answer.text


def test_history_detail_shows_it_too_and_v1_profiles_say_v1(
    admin_client: TestClient, app: FastAPI
) -> None:
    """The entry's page has the same panel; a v1 profile's send shows v1 and no hmac_version."""
    data = {"name": "Legacy", "endpoint": "sandbox", "hmac_version": "1"}
    data |= {"token": PLANTED_TOKEN, "secret": PLANTED_SECRET}
    assert admin_client.post("/profiles", data=data).status_code == 303
    with Session(app.state.playground.engine) as db:
        entries_before = len(db.exec(select(HistoryEntry)).all())
    page = admin_client.get("/").text
    profile_id = int(re.findall(r'<option value="(\d+)"[^>]*>Legacy ·', page)[0])
    answer = _send(admin_client, profile_id, {"data": ["Id"], "listlimit": 1})
    assert answer.status_code == 303
    detail = admin_client.get(answer.headers["location"]).text
    wire = _wire(detail)
    (action,) = _envelope(wire)["request"]["actions"]
    assert "hmac_version" not in action and action["hmac"] == "<HMAC v1, computed when sent>"
    assert "signed with HMAC v1" in wire
    assert PLANTED_TOKEN not in detail and PLANTED_SECRET not in detail
    with Session(app.state.playground.engine) as db:
        entries = db.exec(select(HistoryEntry)).all()
    assert len(entries) == entries_before + 1
    stored = entries[-1].exchange_json or ""
    assert PLANTED_TOKEN not in stored and PLANTED_SECRET not in stored
