"""The event loop stays free while requests do work that could hold it.

The playground runs in uvicorn on a real port; a probe measures /healthz throughout.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session

from playground.onoffice.actions import ActionRequest
from playground.services import accounts, profiles, saved
from playground.services.compose import ActionForm
from playground.services.flow_steps import FlowStep, saved_json
from playground.services.profiles import ProfileInput
from playground.settings import Settings
from playground.web.app import create_app
from tests.conftest import PASSWORD
from tests.http import oidc_support
from tests.http.loop_probe import HEALTHZ_BOUND, healthz_probe
from tests.http.odd_upstream import OddUpstream
from tests.http.oidc_support import Provider
from tests.http.team_support import PLANTED_SECRET, PLANTED_TOKEN
from tests.http.token_support import READ_ESTATES, bearer, make_token
from tests.served import LOCAL_TLS, served

pytestmark = [pytest.mark.anyio, pytest.mark.database_agnostic]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """An OpenID provider over real HTTP."""
    yield from oidc_support.serve_provider()


@pytest.fixture
def settings_overrides(provider: Provider) -> dict[str, Any]:
    """OpenID Connect mode against the test provider."""
    return oidc_support.oidc_settings(provider)


async def test_a_flood_of_sign_in_starts_does_not_stall_the_server(settings: Settings) -> None:
    # Each start of a sign-in opens an HTTP client to the provider; one that loads the CA
    # bundle afresh holds the loop ~25 ms, so two hundred of them held it for seconds.
    with served(create_app(settings), lifespan="on") as base_url:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(
            verify=LOCAL_TLS, base_url=base_url, limits=limits, timeout=60
        ) as client:
            assert (await client.get("/oidc/login")).status_code in (302, 303, 307)
            async with healthz_probe(base_url) as latencies:
                starts = await asyncio.gather(*(client.get("/oidc/login") for _ in range(200)))
    assert {s.status_code for s in starts} <= {302, 303, 307}
    assert all(s.headers["location"].startswith(settings.oidc_issuer) for s in starts)
    assert len(latencies) >= 3 and max(latencies) < HEALTHZ_BOUND


async def test_api_bodies_without_a_token_do_not_stall_the_server(settings: Settings) -> None:
    # FastAPI decodes a JSON body before the token is checked: 1.8 MB of tiny arrays held
    # the loop a fifth of a second or more each, and thirty-two of them for seconds.
    body = b'{"actions": [' + b"[]," * 600_000 + b"[]]}"
    json_type = {"content-type": "application/json"}
    limits = httpx.Limits(max_connections=50)
    with served(create_app(settings), lifespan="on") as base_url:
        client = httpx.AsyncClient(verify=LOCAL_TLS, base_url=base_url, limits=limits, timeout=60)
        async with client, healthz_probe(base_url) as latencies:
            sends = (
                client.post("/api/v1/send", content=body, headers=json_type) for _ in range(32)
            )
            answers = await asyncio.gather(*sends)
    assert {a.status_code for a in answers} == {401}
    assert "Authorization: Bearer" in answers[0].json()["detail"]
    assert latencies and max(latencies) < HEALTHZ_BOUND


def _many_records(results: int) -> bytes:
    """An answer of `results` reads of 1000 small records each: cheap to read, but each
    record is a model the API's answer used to build and encode on the event loop."""
    status = {"code": 200, "errorcode": 0, "message": "OK"}
    records = [{"id": n, "type": "estate", "elements": {"Id": n}} for n in range(1000)]
    read = {"data": {"meta": {"cntabsolute": 1000}, "records": records}, "status": status}
    return json.dumps({"status": status, "response": {"results": [read] * results}}).encode()


def _saved_flow(settings: Settings, upstream_url: str) -> tuple[FastAPI, int, str]:
    """The app, a one-step saved flow reading through a profile for `upstream_url`, and a
    token of its owner."""
    app = create_app(settings)
    state = app.state.playground
    with Session(state.engine, expire_on_commit=False) as db:
        ada = accounts.create_user(db, username="ada", password=PASSWORD, is_admin=True)
        data = ProfileInput("Odd", upstream_url, "2", PLANTED_TOKEN, PLANTED_SECRET)
        profile = profiles.save(db, user=ada, data=data, settings=settings, box=state.box)
        step = FlowStep([ActionForm.from_action(ActionRequest.from_dict(READ_ESTATES))])
        flow = saved.create(
            db, user=ada, name="Big", team=False, profile_id=profile.id, actions=[],
            flow_json=saved_json([step]),
        )  # fmt: skip
    return app, flow.id, make_token(app, "ada")


async def test_a_large_api_answer_is_written_without_holding_the_loop(
    tmp_path: Path, database_url: str, odd_upstream: OddUpstream
) -> None:
    # 120,000 records: the run's answer holds them twice (the last answer and its step's).
    # Built as models and encoded on the event loop, that held it 2.6-3.2 s in one step.
    odd_upstream.body = _many_records(120)
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database_url, allowed_endpoints=odd_upstream.url
    )
    app, flow_id, token = _saved_flow(settings, odd_upstream.url)
    with served(app, lifespan="on") as base_url:
        client = httpx.AsyncClient(verify=LOCAL_TLS, base_url=base_url, timeout=60)
        async with client, healthz_probe(base_url) as latencies:
            run = await client.post(f"/api/v1/saved/{flow_id}/run", headers=bearer(token))
    assert run.status_code == 200, run.text[:500]
    body = run.json()
    assert body["passed"] and [s["state"] for s in body["steps"]] == ["ok"]
    assert body["steps"][0]["answer"] == body["answer"]
    assert [len(a["records"]) for a in body["answer"]["actions"]] == [1000] * 120
    assert len(latencies) >= 3 and max(latencies) < HEALTHZ_BOUND
