"""The event loop stays free while requests do work that could hold it.

The playground runs in uvicorn on a real port; a probe measures /healthz throughout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from playground.settings import Settings
from playground.web.app import create_app
from tests.http import oidc_support
from tests.http.loop_probe import HEALTHZ_BOUND, healthz_probe
from tests.http.oidc_support import CLIENT_ID, CLIENT_SECRET, Provider
from tests.served import served

pytestmark = [pytest.mark.anyio, pytest.mark.database_agnostic]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """An OpenID provider over real HTTP."""
    yield from oidc_support.serve_provider()


@pytest.fixture
def settings_overrides(provider: Provider) -> dict[str, Any]:
    """OpenID Connect mode against the test provider."""
    return {
        "auth_mode": "oidc",
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": CLIENT_SECRET,
    }


async def test_a_flood_of_sign_in_starts_does_not_stall_the_server(settings: Settings) -> None:
    # Each start of a sign-in opens an HTTP client to the provider; one that loads the CA
    # bundle afresh holds the loop ~25 ms, so two hundred of them held it for seconds.
    with served(create_app(settings), lifespan="on") as base_url:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
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
        client = httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60)
        async with client, healthz_probe(base_url) as latencies:
            sends = (
                client.post("/api/v1/send", content=body, headers=json_type) for _ in range(32)
            )
            answers = await asyncio.gather(*sends)
    assert {a.status_code for a in answers} == {401}
    assert "Authorization: Bearer" in answers[0].json()["detail"]
    assert latencies and max(latencies) < HEALTHZ_BOUND
