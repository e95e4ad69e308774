"""The mounted sandbox under a small memory budget (PLAYGROUND_SANDBOX_MEMORY_MB=1): a full
sandbox refuses writes and says how to reset it, reads go on, and the admin's reset frees it."""

from __future__ import annotations

import time
from typing import Any

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from tests.client import TestClient
from tests.http.team_support import HX

API = "/sandbox/api/stable/api.php"
# One emoji makes Python keep the whole text at four bytes a character: three such texts
# of 65,535 characters are about 0.75 MiB, so a second estate like it does not fit in 1 MiB.
LONG = "\N{GRINNING FACE}" + "a" * 65_534
BIG_ESTATE = ActionRequest(
    Verb.CREATE,
    "estate",
    parameters={"data": dict.fromkeys(("objektbeschreibung", "lage", "ausstatt_beschr"), LONG)},
)
READ = ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "listlimit": 500})


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """A sandbox budget of 1 MiB."""
    return {"sandbox_memory_mb": 1}


def result(client: TestClient, action: ActionRequest) -> dict[str, Any]:
    """Send one signed action to the mounted sandbox; its result."""
    envelope = build_envelope(
        [action], token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(time.time())
    )
    answer = client.post(API, content=encode_body(envelope))
    assert answer.status_code == 200, answer.text
    (only,) = answer.json()["response"]["results"]
    found: dict[str, Any] = only
    return found


def test_a_full_sandbox_refuses_writes_until_an_admin_resets_it(admin_client: TestClient) -> None:
    assert result(admin_client, BIG_ESTATE)["status"]["errorcode"] == 0
    refused = result(admin_client, BIG_ESTATE)["status"]
    assert refused["errorcode"] == 78
    assert refused["message"] == (
        "Entry could not be created: the sandbox's data has reached its budget of 1 MiB. "
        "Reset the sandbox data (Admin → Users → Reset sandbox data, or `playground sandbox "
        "reset`) to write again."
    )
    read = result(admin_client, READ)
    assert read["status"]["errorcode"] == 0
    assert read["data"]["meta"]["cntabsolute"] == 1001

    answer = admin_client.post("/admin/sandbox/reset", headers=HX)
    assert answer.status_code == 200 and 'data-testid="sandbox-reset-done"' in answer.text

    assert result(admin_client, BIG_ESTATE)["status"]["errorcode"] == 0
    assert result(admin_client, READ)["data"]["meta"]["cntabsolute"] == 1001
