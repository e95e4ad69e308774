"""Many sends at once to an upstream that answers after a delay: does the server keep up?

Starts the sandbox with every answer one second late (``playground sandbox --delay 1``)
and the playground (``playground serve`` with the sandbox URL allowed) on free loopback
ports. For each N it posts N sends at once, as htmx does, while a probe asks /healthz
every 10 ms; it prints the wall time, p50/p95 of the sends, the errors and the worst
/healthz latency, against the targets: 256 at once within 2 s of wall time with no
error, /healthz at worst 100 ms.

Then 32 failed logins at once (at the production password cost), with the same probe.
Then it serves 20 MB answers from a second local upstream and sends 8 of them at once,
printing the worst /healthz latency meanwhile and the playground's peak resident memory
(VmHWM) before and after.

One user sends everything, so the per-user bound is raised to the largest N for the run
(PLAYGROUND_UPSTREAM_CONCURRENCY_PER_USER); the overall bound keeps its default.

    .venv/bin/python -m bench.slow_upstream [--sizes 16 64 256] [--delay 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.send_overhead import set_up_playground
from bench.support import (
    HOST,
    Sandbox,
    base_url,
    clean_env,
    free_port,
    percentiles,
    print_load,
    run_playground,
    run_serve,
    verdict,
)

WALL_TARGET_S = 2.0
HEALTHZ_TARGET_MS = 100.0
BIG_ANSWER_BYTES = 20_000_000
TOKEN = "benchslowtoken0123456789abcdefgh"
SECRET = "benchslowsecret" + "0123456789abcdef" * 3 + "z"


@dataclass(frozen=True)
class Round:
    """The figures of one round of N sends at once."""

    size: int
    wall_s: float
    latencies_ms: list[float]
    errors: int
    healthz_worst_ms: float

    def line(self) -> str:
        """One line of the results table."""
        p50, p95 = percentiles(self.latencies_ms)
        return (
            f"{self.size:>5} {self.wall_s:>8.2f} {p50:>9.0f} {p95:>9.0f} {self.errors:>7}"
            f" {self.healthz_worst_ms:>12.1f}"
        )


def send_form(profile_id: int) -> dict[str, str]:
    """One read-estate action as the composer posts it."""
    parameters = json.dumps({"data": ["Id", "kaufpreis"], "listlimit": 5})
    return {
        "profile_id": str(profile_id),
        "verb": "read",
        "resourcetype": "estate",
        "resourceid": "",
        "identifier": "",
        "parameters": parameters,
    }


async def probe(url: str, done: asyncio.Event) -> list[float]:
    """Latencies (ms) of /healthz, asked every 10 ms until `done`."""
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=url) as client:
        while not done.is_set():
            started = time.perf_counter()
            answer = await client.get("/healthz", timeout=30)
            latencies.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                latencies.append(float("inf"))
            await asyncio.sleep(0.01)
    return latencies


async def one_send(client: httpx.AsyncClient, form: dict[str, str]) -> tuple[float, bool]:
    """Latency (ms) of one send, and whether it came back as a stored success."""
    started = time.perf_counter()
    answer = await client.post("/send", data=form, headers={"HX-Request": "true"})
    elapsed = (time.perf_counter() - started) * 1000
    ok = answer.status_code == 200 and 'data-testid="top-status">200 ' in answer.text
    return elapsed, ok


async def run_round(url: str, session: httpx.Client, profile_id: int, size: int) -> Round:
    """N sends at once, with the /healthz probe running alongside."""
    limits = httpx.Limits(max_connections=size + 10, max_keepalive_connections=size + 10)
    headers = dict(session.headers)
    done = asyncio.Event()
    async with httpx.AsyncClient(
        base_url=url, cookies=session.cookies, headers=headers, limits=limits, timeout=120
    ) as client:
        probing = asyncio.create_task(probe(url, done))
        await asyncio.sleep(0.1)  # a few probes before the burst, as a baseline
        started = time.perf_counter()
        results = await asyncio.gather(
            *(one_send(client, send_form(profile_id)) for _ in range(size))
        )
        wall = time.perf_counter() - started
        done.set()
        healthz = await probing
    return Round(
        size=size,
        wall_s=wall,
        latencies_ms=[r[0] for r in results],
        errors=sum(not r[1] for r in results),
        healthz_worst_ms=max(healthz),
    )


async def login_flood(url: str, count: int) -> tuple[float, float, set[int]]:
    """`count` failed logins at once: wall time (s), worst /healthz (ms), the statuses."""
    done = asyncio.Event()
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        probing = asyncio.create_task(probe(url, done))
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        logins = (
            client.post("/login", data={"username": f"nobody{n}", "password": "a guess"})
            for n in range(count)
        )
        answers = await asyncio.gather(*logins)
        wall = time.perf_counter() - started
        done.set()
        healthz = await probing
    return wall, max(healthz), {a.status_code for a in answers}


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def big_answer() -> bytes:
    """An onOffice answer of about 20 MB: read-estate records."""
    record = {"id": 1, "type": "estate", "elements": {"objekttitel": "x" * 180}}
    count = BIG_ANSWER_BYTES // (len(json.dumps(record)) + 1)
    data = {"meta": {"cntabsolute": count}, "records": [record] * count}
    result = {"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:read", "resourceid": "",
              "resourcetype": "estate", "cacheable": True, "identifier": "", "data": data,
              "status": {"errorcode": 0, "message": "OK"}}  # fmt: skip
    answer = {"status": {"code": 200, "errorcode": 0, "message": "OK"},
              "response": {"results": [result]}}  # fmt: skip
    return json.dumps(answer).encode()


@contextmanager
def big_upstream() -> Iterator[str]:
    """A local HTTP server that answers every POST with the same 20 MB answer."""
    body = big_answer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer((HOST, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/api/stable/api.php"
    finally:
        server.shutdown()
        server.server_close()


async def big_round(url: str, session: httpx.Client, profile_id: int) -> Round:
    """8 sends of 20 MB answers at once, with the /healthz probe alongside."""
    return await run_round(url, session, profile_id, 8)


def main(argv: list[str] | None = None) -> int:
    """Run the rounds and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 64, 256])
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=1, help="playground serve --workers")
    parser.add_argument(
        "--setting", action="append", default=[], metavar="NAME=VALUE",
        help="a further PLAYGROUND_* setting for the playground, e.g. WORKER_THREADS=8",
    )  # fmt: skip
    args = parser.parse_args(argv)
    print_load()
    with tempfile.TemporaryDirectory() as tmp_dir, big_upstream() as big_url:
        tmp = Path(tmp_dir)
        sandbox_port, port = free_port(), free_port()
        sandbox = Sandbox(f"{base_url(sandbox_port)}/api/stable/api.php", TOKEN, SECRET)
        sandbox_env = clean_env(PLAYGROUND_SANDBOX_TOKEN=TOKEN, PLAYGROUND_SANDBOX_SECRET=SECRET)
        settings = {
            "PLAYGROUND_ALLOWED_ENDPOINTS": f"{sandbox.url},{big_url}",
            "PLAYGROUND_UPSTREAM_CONCURRENCY_PER_USER": str(max(args.sizes)),
            "PLAYGROUND_MAX_RESPONSE_BYTES": str(BIG_ANSWER_BYTES + 1_000_000),
        }
        settings |= {"PLAYGROUND_" + k: v for k, v in (s.split("=", 1) for s in args.setting)}
        delay = ["--delay", f"{args.delay:g}"]
        with (
            run_playground("sandbox", sandbox_env, sandbox_port, tmp / "sandbox.log", extra=delay),
            run_serve(
                tmp / "data", port, tmp / "serve.log", settings=settings, workers=args.workers
            ) as serve,
            httpx.Client(base_url=base_url(port), timeout=120) as session,
        ):
            profile_id = set_up_playground(session, sandbox)
            url = base_url(port)
            print(f"\nN sends at once, upstream answering after {args.delay:g} s")
            report_rounds(url, session, profile_id, args.sizes)
            wall, worst, codes = asyncio.run(login_flood(url, 32))
            print(f"\n32 failed logins at once: {wall:.2f} s, answers {sorted(codes)},"
                  f" /healthz worst {worst:.1f} ms")  # fmt: skip
            report_big_answers(
                url, session, add_profile(session, "Big answers", big_url), serve.pid
            )
    return 0


def report_big_answers(url: str, session: httpx.Client, profile_id: int, pid: int) -> None:
    """Send 8 requests for 20 MB answers at once; print the server's peak memory."""
    before = peak_rss_mb(pid)
    round_ = asyncio.run(big_round(url, session, profile_id))
    after = peak_rss_mb(pid)
    size = BIG_ANSWER_BYTES / 1e6
    print(f"\n8 sends of {size:.0f} MB answers at once: {8 - round_.errors}/8 ok in"
          f" {round_.wall_s:.2f} s, /healthz worst {round_.healthz_worst_ms:.1f} ms")  # fmt: skip
    print(f"playground peak RSS: {before:.0f} MB before, {after:.0f} MB after")


def report_rounds(url: str, session: httpx.Client, profile_id: int, sizes: list[int]) -> None:
    """Run a round per size and print the table and the targets."""
    print("    N   wall s  p50 ms  p95 ms  errors  healthz worst ms")
    rounds = [asyncio.run(run_round(url, session, profile_id, n)) for n in sizes]
    for round_ in rounds:
        print(round_.line())
    report_targets(rounds)


def report_targets(rounds: list[Round]) -> None:
    """Say whether the largest round met the targets."""
    largest = max(rounds, key=lambda r: r.size)
    wall_ok = largest.wall_s <= WALL_TARGET_S and largest.errors == 0
    healthz_ok = max(r.healthz_worst_ms for r in rounds) <= HEALTHZ_TARGET_MS
    print(f"{largest.size} at once within {WALL_TARGET_S:g} s, no error: {verdict(wall_ok)}")
    print(f"/healthz worst <= {HEALTHZ_TARGET_MS:g} ms: {verdict(healthz_ok)}")


def add_profile(session: httpx.Client, name: str, url: str) -> int:
    """Another profile of the bench user, for `url`; its id."""
    fields = {"name": name, "endpoint": url, "hmac_version": "2", "token": TOKEN, "secret": SECRET}
    answer = session.post("/profiles", data=fields)
    if answer.status_code != 303:
        raise RuntimeError(f"POST /profiles answered {answer.status_code}")
    page = session.get("/").text
    marker = f">{name} "
    start = page.index(marker)
    value = page.rindex('value="', 0, start) + len('value="')
    return int(page[value : page.index('"', value)])


if __name__ == "__main__":
    raise SystemExit(main())
