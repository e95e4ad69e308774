"""p95 latency of the history pages when one user has 100,000 entries.

In a temporary data directory this migrates a database (``create_app``), creates a user
with two profiles and bulk-inserts realistic history rows: the requests and answers come
from the catalogue's calls sent to the sandbox (read estate and address with a few to
a few dozen records, get fields and search, the small calls, some HMAC and token errors,
some network failures) and are turned into rows by the send service's own
``_entry_for``, so every column looks as a real send would leave it.

Then it starts ``playground serve`` on a free loopback port, logs in over HTTP and times:
the history page (full page and htmx fragment, first page and an older keyset page), a
text search for a term most entries contain, one only five entries contain and one none
contains, and the detail view of random entries. Target: every p95 at most 50 ms.
Before that it times the store's list query alone for each search and prints SQLite's
EXPLAIN QUERY PLAN, to tell database time from the rest.

    .venv/bin/python -m bench.history_scale [--entries 100000] [--requests 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Table, event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bench.support import (
    PASSWORD,
    USERNAME,
    log_in,
    ms_since,
    percentiles,
    print_load,
    serving,
    target_cell,
    verdict,
)
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.catalogue import search_templates
from playground.onoffice.client import Delivered, Failed, FailureKind, Outcome
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import create_sandbox_app
from playground.services import accounts, profiles
from playground.services.profiles import ProfileInput
from playground.services.recording import history_entry
from playground.settings import Settings
from playground.store import history as history_store
from playground.store.db import make_engine
from playground.store.history import HistoryFilter
from playground.store.models import HistoryEntry, Profile, User
from playground.web.app import create_app

TARGET_P95_MS = 50.0
STARTUP_TIMEOUT = 60.0
SANDBOX_TOKEN = "bench-token-0123456789abcdefghij"
SANDBOX_SECRET = "bench-secret-" + "0123456789abcdef" * 3 + "012"
BATCH = 2000
NEEDLE = "needle-7f3a"
NEEDLE_COUNT = 5
ABSENT = "no-such-term-q8z"
MANY = "estate"
ROW_RE = re.compile(r'data-testid="history-row"')
ESTATE_FIELDS = ["Id", "objekttitel", "objektart", "vermarktungsart", "kaufpreis", "ort", "plz"]
ADDRESS_FIELDS = ["Id", "Vorname", "Name", "Email", "Ort", "Plz"]


@dataclass(frozen=True)
class Sample:
    """One kind of send, weighted: its actions and what came back."""

    actions: list[ActionRequest]
    outcome: Outcome
    weight: int


@dataclass(frozen=True)
class Case:
    """One timed request: a label, a path and whether htmx asks for it."""

    label: str
    paths: list[str]
    htmx: bool
    expect_rows: int | None


def read_action(resourcetype: str, fields: list[str], listlimit: int) -> ActionRequest:
    """A read of a few fields of some records."""
    parameters = {"data": fields, "listlimit": listlimit, "listoffset": 0}
    return ActionRequest(Verb.READ, resourcetype, parameters=parameters)


def catalogue_actions() -> list[tuple[list[ActionRequest], int]]:
    """The actions to sample, with weights: reads dominate, as they do in real use."""
    chosen: list[tuple[list[ActionRequest], int]] = []
    for limit in (5, 10, 15, 25):  # five estates first: see insert_history
        chosen.append(([read_action("estate", ESTATE_FIELDS, limit)], 12))
        chosen.append(([read_action("address", ADDRESS_FIELDS, limit)], 6))
    pair = [read_action("estate", ESTATE_FIELDS, 5), read_action("address", ADDRESS_FIELDS, 5)]
    chosen.append((pair, 6))
    for template in search_templates(""):
        action = template.to_action()
        heavy = action.resourcetype in ("fields", "search")
        chosen.append(([action], 4 if heavy else 1))
    return chosen


async def sample_outcomes() -> list[Sample]:
    """Send every sampled request to an in-process sandbox and keep the answers."""
    app = create_sandbox_app(token=SANDBOX_TOKEN, secret=SANDBOX_SECRET)
    transport = httpx.ASGITransport(app=app)
    samples: list[Sample] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:

        async def post(actions: list[ActionRequest], token: str, secret: str) -> Delivered:
            """Sign and send, and wrap the answer as the playground's client would."""
            envelope = build_envelope(
                actions, token=token, secret=secret, timestamp=int(time.time())
            )
            response = await client.post("/api/stable/api.php", content=encode_body(envelope))
            body = response.content
            return Delivered(response.status_code, json.loads(body), body, len(body), 0.0)

        for actions, weight in catalogue_actions():
            samples.append(
                Sample(actions, await post(actions, SANDBOX_TOKEN, SANDBOX_SECRET), weight)
            )
        estate = [read_action("estate", ESTATE_FIELDS, 10)]
        wrong_secret = await post(estate, SANDBOX_TOKEN, "not-the-secret")
        wrong_token = await post(estate, "not-the-token", SANDBOX_SECRET)
        samples += [Sample(estate, wrong_secret, 3), Sample(estate, wrong_token, 2)]
    timeout = Failed(
        FailureKind.TIMEOUT, "onOffice did not answer within 30 s (read timeout).", 30000.0
    )
    refused = Failed(
        FailureKind.REFUSED,
        "Could not connect to api.onoffice.de: the connection was refused or the host is "
        "unreachable.",
        3.0,
    )
    bad_gateway = Failed(
        FailureKind.HTTP_STATUS,
        "onOffice answered with HTTP 502 Bad Gateway.",
        120.0,
        http_status=502,
        body_excerpt="<html><body><h1>502 Bad Gateway</h1></body></html>",
    )
    samples += [Sample(estate, f, 1) for f in (timeout, refused, bad_gateway)]
    return samples


def row_templates(samples: list[Sample], user: User, profile: Profile) -> list[dict[str, Any]]:
    """Each sample as the column values the send service would store."""
    rows = []
    for sample in samples:
        entry = history_entry(user, profile, sample.actions, sample.outcome, 1_000_000)
        rows.append(entry.model_dump(exclude={"id"}))
    return rows


def with_needle(row: dict[str, Any], serial: int) -> dict[str, Any]:
    """A read-estate row whose request carries the rare search term as its identifier."""
    action = read_action("estate", ESTATE_FIELDS, 5)
    marked = ActionRequest(
        action.verb,
        action.resourcetype,
        identifier=f"{NEEDLE}-{serial}",
        parameters=action.parameters,
    )
    return row | {"request_json": json.dumps([marked.to_dict()], ensure_ascii=False)}


def insert_history(
    engine: Engine, user: User, profiles_: list[Profile], samples: list[Sample], count: int
) -> None:
    """Bulk-insert ``count`` entries, oldest first, over the last 30 days.

    The first sample is a read of five estates; the few rows that carry the rare search
    term are made from it, so their other columns still fit their request.
    """
    templates = row_templates(samples, user, profiles_[0])
    weights = [s.weight for s in samples]
    rng = random.Random(20240501)
    picks = rng.choices(range(len(templates)), weights=weights, k=count)
    needle_at = {count * (i + 1) // (NEEDLE_COUNT + 1) for i in range(NEEDLE_COUNT)}
    start = datetime.now(UTC) - timedelta(days=30)
    step = timedelta(days=30) / max(count, 1)
    table: Table = HistoryEntry.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        batch: list[dict[str, Any]] = []
        for i, pick in enumerate(picks):
            profile = profiles_[0] if i % 5 else profiles_[1]
            needle = i in needle_at
            row = templates[0 if needle else pick] | {
                "created_at": start + step * i,
                "duration_ms": round(rng.lognormvariate(3.5, 0.6), 1),
                "profile_id": profile.id,
                "profile_name": profile.name,
                "endpoint": profile.endpoint,
            }
            batch.append(with_needle(row, i) if needle else row)
            if len(batch) == BATCH:
                conn.execute(table.insert(), batch)
                batch = []
        if batch:
            conn.execute(table.insert(), batch)


def seed(data_dir: Path, count: int) -> int:
    """Migrate, create the user and two profiles, insert the history; return the user id."""
    settings = Settings(data_dir=data_dir)
    state = create_app(settings).state.playground
    with Session(state.engine, expire_on_commit=False) as db:
        user = accounts.create_user(db, username=USERNAME, password=PASSWORD, is_admin=True)
        for name, endpoint, token, secret in (
            ("Sandbox", "sandbox", SANDBOX_TOKEN, SANDBOX_SECRET),
            (
                "Production",
                "stable",
                "prod-token-" + "1234" * 5 + "x",
                "prod-secret-" + "5678" * 13,
            ),
        ):
            data = ProfileInput(name, endpoint, "2", token, secret)
            profiles.save(db, user=user, data=data, settings=settings, box=state.box)
        stored = db.exec(
            select(Profile).where(Profile.owner_id == user.id).order_by(col(Profile.id))
        )
        owned = list(stored)
    samples = asyncio.run(sample_outcomes())
    insert_history(state.engine, user, owned, samples, count)
    asyncio.run(state.upstream.aclose())
    state.engine.dispose()
    assert user.id is not None
    return user.id


def query_plans(database_url: str, user_id: int) -> list[str]:
    """Each search's time in the store alone (best of 3) and SQLite's plan for it."""
    engine = make_engine(database_url)
    statements: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        """Keep the SQL and parameters the store sends (before_cursor_execute)."""
        statements.append((args[2], args[3]))

    event.listen(engine, "before_cursor_execute", capture)
    lines = []
    try:
        with Session(engine) as db:
            for text in ("", MANY, NEEDLE, ABSENT):
                times = []
                for _ in range(3):
                    started = time.perf_counter()
                    history_store.list_entries(
                        db,
                        user_id=user_id,
                        filters=HistoryFilter(text=text),
                        before_id=None,
                        limit=51,
                    )
                    times.append(ms_since(started))
                statement, parameters = statements[-1]
                plan = db.connection().exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters
                )
                steps = "; ".join(str(row[3]) for row in plan)
                lines.append(f"  q={text!r:<20} {min(times):8.2f} ms  plan: {steps}")
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        engine.dispose()
    return lines


def newest_id(client: httpx.Client) -> int:
    """The id of the newest entry, read from the history page's first row."""
    match = re.search(r'id="history-row-(\d+)"', client.get("/history").text)
    if match is None:
        raise RuntimeError("the history page shows no entries")
    return int(match.group(1))


def cases(newest: int, count: int, requests: int) -> list[Case]:
    """The timed requests; detail views go to random entries."""
    rng = random.Random(7)
    oldest = newest - count + 1
    details = [f"/history/{rng.randint(oldest, newest)}" for _ in range(requests)]
    older = f"/history?before={oldest + count // 2}"
    return [
        Case("history page, full", ["/history"], False, 50),
        Case("history page, htmx fragment", ["/history"], True, 50),
        Case("older page (keyset), fragment", [older], True, 50),
        Case(f"search {MANY!r} (most entries)", [f"/history?q={MANY}"], True, 50),
        Case(f"search {NEEDLE!r} ({NEEDLE_COUNT} entries)", [f"/history?q={NEEDLE}"], True, 5),
        Case(f"search {ABSENT!r} (no entry)", [f"/history?q={ABSENT}"], True, 0),
        Case("detail view, random entries", details, False, None),
    ]


def time_case(client: httpx.Client, case: Case, requests: int, warmup: int) -> list[float]:
    """Warm up, then time ``requests`` GETs (ms) and check what came back."""
    headers = {"HX-Request": "true"} if case.htmx else {}
    latencies = []
    for i in range(warmup + requests):
        path = case.paths[i % len(case.paths)]
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        elapsed = ms_since(started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        rows = len(ROW_RE.findall(response.text))
        if case.expect_rows is not None and rows != case.expect_rows:
            raise RuntimeError(f"GET {path} showed {rows} rows, not {case.expect_rows}")
        if case.htmx == ("<html" in response.text):
            raise RuntimeError(f"GET {path} did not answer with the expected page or fragment")
        if i >= warmup:
            latencies.append(elapsed)
    return latencies


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=100_000, help="history entries to insert")
    parser.add_argument("--requests", type=int, default=50, help="measured requests per case")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests per case")
    args = parser.parse_args(argv)
    if not 1000 <= args.entries <= 1_000_000:
        parser.error("need 1000 <= --entries <= 1000000")
    if not 2 <= args.requests <= 2000 or not 0 <= args.warmup <= 200:
        parser.error("need 2 <= --requests <= 2000 and 0 <= --warmup <= 200")
    return args


def main(argv: list[str] | None = None) -> int:
    """Seed the history, serve it, time the pages and print a table."""
    args = parse_args(argv)
    for name in [k for k in os.environ if k.startswith("PLAYGROUND_")]:
        del os.environ[name]  # the caller's settings must not reach the temporary instance
    logging.getLogger("playground").setLevel(logging.ERROR)  # no "generated a key" notes
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        data_dir = Path(tmp) / "data"
        started = time.perf_counter()
        user_id = seed(data_dir, args.entries)
        seconds = time.perf_counter() - started
        size = (data_dir / "playground.db").stat().st_size / 1e6
        print(f"seeded {args.entries:,} entries in {seconds:.1f} s; database {size:.0f} MB")
        print("store.history.list_entries alone, first page (51 rows asked):")
        for line in query_plans(Settings(data_dir=data_dir).effective_database_url, user_id):
            print(line)
        with (
            serving(data_dir, Path(tmp) / "serve.log", STARTUP_TIMEOUT) as base,
            httpx.Client(base_url=base, timeout=60.0) as client,
        ):
            log_in(client)
            newest = newest_id(client)
            results = [
                (case, time_case(client, case, args.requests, args.warmup))
                for case in cases(newest, args.entries, args.requests)
            ]
    print(f"{'request':<42} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}  result")
    for case, latencies in results:
        p50, p95 = percentiles(latencies)
        print(
            f"{case.label:<42} {len(latencies):>4} {p50:>8.2f} {p95:>8.2f}"
            f" {target_cell(TARGET_P95_MS)}  {verdict(p95 <= TARGET_P95_MS)}"
        )
    print_load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
