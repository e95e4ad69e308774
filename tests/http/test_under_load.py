"""Under load the server never stalls: slow upstreams, floods of sends, logins and page views.

The playground runs in uvicorn on a real port with a tiny database pool; the upstream is
the sandbox behind a delay, on a port of its own. A probe measures /healthz throughout.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.sandbox.seed import FIRST_ESTATE_ID
from playground.services import passwords
from playground.settings import Settings
from playground.store.models import AccessToken, AuditEvent, HistoryEntry, Profile, utcnow
from playground.web.app import create_app
from tests.conftest import PASSWORD
from tests.http.flow_support import action, flow_form
from tests.http.loop_probe import HEALTHZ_BOUND, healthz_probe
from tests.http.slow_upstream import SlowUpstream, serve_slow_upstream
from tests.http.token_support import bearer, make_token
from tests.served import LOCAL_TLS, served

pytestmark = pytest.mark.anyio

HX = {"HX-Request": "true"}
READ = {"verb": "read", "resourcetype": "estate", "parameters": '{"data": ["Id"], "listlimit": 2}'}
MODIFY = {
    "verb": "modify",
    "resourcetype": "estate",
    "resourceid": str(FIRST_ESTATE_ID),
    "parameters": '{"data": {"kaufpreis": 1}}',
}


@pytest.fixture
def upstream() -> Iterator[SlowUpstream]:
    """The sandbox behind a one-second delay, over real HTTP."""
    with serve_slow_upstream(delay=1.0) as slow:
        yield slow


@pytest.fixture
def settings_overrides(upstream: SlowUpstream, request: pytest.FixtureRequest) -> dict[str, Any]:
    """A pool far smaller than the load, the slow upstream allowed, and a test's own changes."""
    extra: dict[str, Any] = getattr(request, "param", {})
    return {
        "db_pool_size": 2,
        "db_max_overflow": 0,
        "allowed_endpoints": upstream.url,
        "login_delay_seconds": 0.2,
    } | extra


@dataclass
class Live:
    """A running playground, its app object and a logged-in admin's cookies and token."""

    base_url: str
    app: FastAPI
    cookies: httpx.Cookies
    csrf: str
    profile_id: int

    def client(self, *, logged_in: bool = True) -> httpx.AsyncClient:
        """A client of its own connections (the admin's session unless told otherwise)."""
        limits = httpx.Limits(max_connections=300, max_keepalive_connections=300)
        return httpx.AsyncClient(
            verify=LOCAL_TLS,
            base_url=self.base_url,
            cookies=self.cookies if logged_in else None,
            headers={"X-CSRF-Token": self.csrf} if logged_in else None,
            limits=limits,
            timeout=60,
        )


async def _log_in_admin(base_url: str) -> tuple[httpx.Cookies, str]:
    """Create the first account through /setup; its cookies and CSRF token."""
    async with httpx.AsyncClient(verify=LOCAL_TLS, base_url=base_url) as client:
        form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
        assert (await client.post("/setup", data=form)).status_code == 303
        page = (await client.get("/")).text
        csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        return client.cookies, csrf


@pytest.fixture
async def live(settings: Settings, upstream: SlowUpstream) -> AsyncIterator[Live]:
    """The playground on a real port, an admin, and a profile for the slow upstream."""
    app = create_app(settings)
    with served(app, lifespan="on") as base_url:
        cookies, csrf = await _log_in_admin(base_url)
        async with httpx.AsyncClient(
            verify=LOCAL_TLS, base_url=base_url, cookies=cookies
        ) as client:
            fields = {"name": "Slow", "endpoint": upstream.url, "hmac_version": "2"}
            fields |= {"token": upstream.token, "secret": upstream.secret}
            created = await client.post("/profiles", data=fields, headers={"X-CSRF-Token": csrf})
            assert created.status_code == 303, created.text
        with Session(app.state.playground.engine) as db:
            profile_id = db.exec(select(Profile.id).where(Profile.name == "Slow")).one()
        assert profile_id is not None
        yield Live(base_url, app, cookies, csrf, profile_id)
    # create_app configured this process's password hashing; the next test starts cheap.
    passwords.configure(Settings())


def send_form(profile_id: int, action: dict[str, str]) -> dict[str, str]:
    """The composer's fields for one action."""
    return {"profile_id": str(profile_id), "resourceid": "", "identifier": ""} | action


def _rows(app: FastAPI, model: Any) -> list[Any]:
    """Every row of a table, oldest first."""
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(model).order_by(col(model.id))))


# The last 16 sends wait for 32 others: two rounds of the upstream's second plus their
# database work through a pool of 2, which took up to 4.8 s of the default 5 s wait on a
# loaded machine (a 429 in about one run of eight). Refusing after the wait is
# test_sends_beyond_a_users_bound_are_refused_clearly's; here a send waits as long as
# the client does, and `elapsed` tells three rounds from a queue of 48.
@pytest.mark.parametrize("settings_overrides", [{"upstream_queue_seconds": 60.0}], indirect=True)
async def test_many_more_sends_than_connections_all_complete_and_healthz_stays_fast(
    live: Live, upstream: SlowUpstream
) -> None:
    async with live.client() as client, healthz_probe(live.base_url) as latencies:
        started = time.perf_counter()
        answers = await asyncio.gather(
            *(
                client.post("/send", data=send_form(live.profile_id, READ), headers=HX)
                for _ in range(48)
            )
        )
        elapsed = time.perf_counter() - started
    assert [a.status_code for a in answers] == [200] * 48
    entries = _rows(live.app, HistoryEntry)
    assert len(entries) == 48 and all(e.ok for e in entries)
    assert upstream.received == 48
    # 16 sends of one user at a time, one second each: three rounds, not a queue of 48.
    assert elapsed < 15
    assert len(latencies) > 10 and max(latencies) < HEALTHZ_BOUND


@pytest.mark.database_agnostic  # the point is where the hashing runs
async def test_a_flood_of_failed_logins_costs_cpu_not_availability(live: Live) -> None:
    # The production cost of a password hash, so that each check takes real time.
    passwords.configure(Settings(password_time_cost=3, password_memory_kib=65_536))
    # Sixteen such checks in a row take longer than HEALTHZ_BOUND even on a fast machine,
    # so hashing on the event loop would show; in worker threads, /healthz is not held up.
    async with live.client(logged_in=False) as client, healthz_probe(live.base_url) as latencies:
        answers = await asyncio.gather(
            *(
                client.post("/login", data={"username": f"nobody{n}", "password": "guess"})
                for n in range(16)
            )
        )
    assert {a.status_code for a in answers} <= {401, 429}
    assert max(latencies) < HEALTHZ_BOUND


async def test_a_flood_of_history_pages_does_not_stall_the_server(live: Live) -> None:
    async with live.client() as client:
        sends = [client.post("/send", data=send_form(live.profile_id, READ)) for _ in range(5)]
        await asyncio.gather(*sends)
        async with healthz_probe(live.base_url) as latencies:
            pages = await asyncio.gather(*(client.get("/history") for _ in range(40)))
    assert [p.status_code for p in pages] == [200] * 40
    assert all(p.text.count('data-testid="history-row"') == 5 for p in pages)
    assert max(latencies) < HEALTHZ_BOUND


async def test_a_burst_of_guesses_verifies_no_more_passwords_than_the_limit(live: Live) -> None:
    async with live.client(logged_in=False) as client:
        guesses = [{"username": "ada", "password": f"wrong {n}"} for n in range(12)]
        answers = await asyncio.gather(*(client.post("/login", data=g) for g in guesses))
        right = await client.post("/login", data={"username": "ada", "password": PASSWORD})
    # Each attempt is counted before its password is checked: five are checked, seven are
    # refused unchecked (and the checked ones may already see the lock their burst made).
    assert {a.status_code for a in answers} <= {401, 429}
    assert sum(a.status_code == 429 for a in answers) >= 7
    kinds = [e.kind for e in _rows(live.app, AuditEvent)]
    assert kinds.count("login.failed") == 5
    assert right.status_code == 429 and kinds.count("login.refused") == 8


async def test_a_write_is_audited_before_it_leaves_and_completed_after(
    live: Live, upstream: SlowUpstream
) -> None:
    upstream.hold()
    async with live.client() as client:
        sending = asyncio.create_task(
            client.post("/send", data=send_form(live.profile_id, MODIFY), headers=HX)
        )
        await upstream.wait_received(1)
        # The request is at the upstream and unanswered: the write is on record already.
        [pending] = _rows(live.app, HistoryEntry)
        assert pending.failure_kind == "pending"
        event = [e for e in _rows(live.app, AuditEvent) if e.kind == "send"][-1]
        assert "modify estate" in event.summary and "answer pending" in event.summary
        upstream.release()
        answer = await sending
    assert answer.status_code == 200
    [entry] = _rows(live.app, HistoryEntry)
    assert entry.id == pending.id and entry.failure_kind is None and entry.ok
    [completed] = [e for e in _rows(live.app, AuditEvent) if e.id == event.id]
    assert "status 200/0" in completed.summary and "pending" not in completed.summary


async def test_a_write_that_could_not_be_recorded_is_refused_before_sending(
    live: Live, upstream: SlowUpstream
) -> None:
    unstorable = MODIFY | {"parameters": json.dumps({"data": {"objekttitel": "\ud800"}})}
    async with live.client() as client:
        answer = await client.post("/send", data=send_form(live.profile_id, unstorable), headers=HX)
    assert 400 <= answer.status_code < 500
    assert "Nothing was sent" in answer.text
    assert upstream.received == 0
    assert _rows(live.app, HistoryEntry) == []
    assert [e for e in _rows(live.app, AuditEvent) if e.kind == "send"] == []


async def test_a_token_revoked_during_a_flow_run_stops_it_before_the_next_step(
    live: Live, upstream: SlowUpstream
) -> None:
    # Each step would create an address; "stop on failure" is off, so only the revocation
    # can keep steps 2 and 3 from going out.
    steps = [[action("create", "address", {"Name": f"Step {n}"})] for n in (1, 2, 3)]
    form = flow_form(live.profile_id, *steps, stops=("0", "0", "0")) | {"flow_name": "Three"}
    async with live.client() as client:
        saved = await client.post("/flows/save", data=form)
    assert saved.status_code == 303, saved.text
    saved_id = int(saved.headers["location"].rsplit("=", 1)[1])
    token = make_token(live.app, "ada", read_only=False)
    upstream.hold()
    async with live.client(logged_in=False) as script:
        running = asyncio.create_task(
            script.post(f"/api/v1/saved/{saved_id}/run", json={}, headers=bearer(token))
        )
        await upstream.wait_received(1)
        with Session(live.app.state.playground.engine) as db:
            [stored] = db.exec(select(AccessToken)).all()
            stored.revoked_at = utcnow()
            db.add(stored)
            db.commit()
        upstream.release()
        answer = await running
    assert answer.status_code == 200, answer.text
    outcome = [(s["state"], s["problem"]) for s in answer.json()["steps"]]
    assert outcome[0] == ("ok", "")
    assert outcome[1] == ("failed", "The token is revoked.")
    assert outcome[2][0] == "not_run"
    assert upstream.received == 1
    assert len([e for e in _rows(live.app, HistoryEntry) if e.flow_run_id]) == 1


@pytest.mark.parametrize(
    "settings_overrides",
    [{"upstream_concurrency_per_user": 2, "upstream_queue_seconds": 0.2}],
    indirect=True,
)
async def test_sends_beyond_a_users_bound_are_refused_clearly(
    live: Live, upstream: SlowUpstream
) -> None:
    upstream.hold()
    async with live.client() as client:
        form = send_form(live.profile_id, READ)
        first = [asyncio.create_task(client.post("/send", data=form, headers=HX)) for _ in range(2)]
        await upstream.wait_received(2)
        refused = await client.post("/send", data=form, headers=HX)
        upstream.release()
        finished = await asyncio.gather(*first)
    assert refused.status_code == 429
    assert "2 sends of your own are already waiting" in refused.text
    assert "Nothing was sent" in refused.text
    assert [a.status_code for a in finished] == [200, 200]
    assert upstream.received == 2


@pytest.mark.parametrize("settings_overrides", [{"db_pool_timeout": 0.5}], indirect=True)
async def test_an_exhausted_database_pool_answers_503_quickly(live: Live) -> None:
    engine = live.app.state.playground.engine
    held = [engine.connect(), engine.connect()]  # the whole pool (2, no overflow)
    try:
        async with live.client() as client:
            started = time.perf_counter()
            answer = await client.get("/history")
            elapsed = time.perf_counter() - started
    finally:
        for connection in held:
            connection.close()
    assert answer.status_code == 503 and "very busy" in answer.text
    assert answer.headers["retry-after"] == "2"
    assert elapsed < 5  # the pool's checkout timeout (0.5 s here), not a stall
