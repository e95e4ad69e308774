"""A flow against an upstream whose answers are shaped unlike onOffice's: a later step that
reads one stops with a message, and the run ends instead of staying claimed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from playground.store.models import FlowRun, Profile
from tests.http.flow_support import action, flow_form, run_in_page, step_states
from tests.http.team_support import PLANTED_SECRET, PLANTED_TOKEN, rows
from tests.served import served

STATUS = {"code": 200, "errorcode": 0, "message": "OK"}
# An action's data as a list with something in it (onOffice's are objects, or an empty list).
ODD = {"status": STATUS, "response": {"results": [{"data": ["odd"], "status": STATUS}]}}


class OddUpstream:
    """An ASGI app answering every request with the one body it was told."""

    def __init__(self) -> None:
        self.body = b""
        self.url = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the request, then answer 200 with the body."""
        while (await receive()).get("more_body"):
            pass
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


@pytest.fixture(scope="module")
def odd_upstream() -> Iterator[OddUpstream]:
    """The odd upstream on a free port."""
    upstream = OddUpstream()
    with served(upstream) as base_url:
        upstream.url = base_url + "/api/stable/api.php"
        yield upstream


@pytest.fixture
def settings_overrides(odd_upstream: OddUpstream) -> dict[str, Any]:
    """Profiles may point at the odd upstream."""
    return {"allowed_endpoints": odd_upstream.url}


def _odd_profile(client: TestClient, app: FastAPI, url: str) -> int:
    """A profile of the admin's pointing at the odd upstream."""
    form = {"name": "Odd", "endpoint": url, "hmac_version": "2"}
    form |= {"token": PLANTED_TOKEN, "secret": PLANTED_SECRET}
    assert client.post("/profiles", data=form).status_code == 303
    [found] = [p.id for p in rows(app, Profile) if p.name == "Odd"]
    return int(found)


def test_a_step_reading_an_oddly_shaped_answer_stops_the_run_with_a_message(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    odd_upstream.body = json.dumps(ODD).encode()
    profile = _odd_profile(admin_client, app, odd_upstream.url)
    first = action("read", "estate", {"data": ["Id"]})
    second = action("read", "estate", {"data": ["Id"], "listlimit": "{{steps.1.cntabsolute}}"})
    run_id, pieces = run_in_page(
        admin_client, flow_form(profile, [first], [second], stops=("0", "1"))
    )
    states = step_states(pieces)
    assert states[-1] == (2, "failed"), states
    assert "{{steps.1.cntabsolute}}" in pieces[-1]
    [run] = [r for r in rows(app, FlowRun) if r.id == run_id]
    assert (run.state, run.busy) == ("stopped", False)
