"""Upstreams served over real HTTP by uvicorn: the sandbox, for tests that talk to it like to
onOffice, and an upstream answering whatever a test tells it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from playground.sandbox import create_sandbox_app
from tests.http.odd_upstream import OddUpstream
from tests.served import served

TOKEN = "httptesttoken0123456789abcdef012"
SECRET = "httptestsecret-0123456789abcdef0123456789abcdef0123456789abcdef0"


@dataclass(frozen=True)
class SandboxServer:
    """Where the sandbox listens and the credentials it accepts."""

    base_url: str
    token: str
    secret: str

    @property
    def url(self) -> str:
        """The stable API endpoint."""
        return self.base_url + "/api/stable/api.php"

    @property
    def latest_url(self) -> str:
        """The latest (beta) API endpoint."""
        return self.base_url + "/api/latest/api.php"


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    """Serve one sandbox on a free 127.0.0.1 port for the whole session."""
    assert len(TOKEN) == 32
    assert len(SECRET) == 64
    app = create_sandbox_app(token=TOKEN, secret=SECRET)
    with served(app) as base_url:
        yield SandboxServer(base_url, TOKEN, SECRET)


@pytest.fixture(scope="module")
def odd_upstream() -> Iterator[OddUpstream]:
    """An upstream answering what the test tells it, on a free port (see odd_upstream.py)."""
    upstream = OddUpstream()
    with served(upstream) as base_url:
        upstream.url = base_url + "/api/stable/api.php"
        yield upstream
