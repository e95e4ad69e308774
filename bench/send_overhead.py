"""Latency a send through the playground adds on top of the same call made directly.

Starts the standalone sandbox (``playground sandbox``) and the playground
(``playground serve``, in a temporary data directory, with the sandbox URL as an allowed
endpoint) on free loopback ports, creates the first account and a profile for the sandbox,
then times read-estate calls with listlimit 20 and 500 two ways, alternating:

* direct: a freshly signed body (``build_envelope`` + ``encode_body``) posted with httpx
  straight to the sandbox, as ``bench.sandbox_direct`` does;
* playground: ``POST /send`` as htmx sends it (HX-Request, X-CSRF-Token), which signs,
  forwards, records history and renders the response panel.

Each latency runs from the request until the whole answer body has arrived; signing the
direct body and checking the answers happen outside the timed window. Prints p50/p95 of
both and the added p50 (playground minus direct) against the targets: at most 10 ms for
20 records and 60 ms for 500 records. Because wall-clock figures swing with whatever else
the machine runs, it also prints the playground server's own CPU time per send (from
/proc, on Linux) and the load average.

    .venv/bin/python -m bench.send_overhead [--requests 200] [--warmup 20]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.support import (
    ESTATE_FIELDS,
    Sandbox,
    base_url,
    clean_env,
    create_first_account,
    csrf_token,
    free_port,
    ms_since,
    percentiles,
    print_load,
    run_playground,
    run_serve,
    signed_read_estate,
    target_cell,
    verdict,
)

# listlimit -> the most the playground may add to the direct p50, in ms.
TARGETS = {20: 10.0, 500: 60.0}
PROFILE_NAME = "Bench sandbox"
SELECT_RE = re.compile(r'<select[^>]*name="profile_id"[^>]*>(.*?)</select>', re.S)
OPTION_RE = re.compile(r'<option value="(\d+)"[^>]*>\s*([^<]*?)\s*</option>')
# The same headers the playground's own client sends upstream.
JSON_HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "gzip, deflate"}


@dataclass(frozen=True)
class Row:
    """Latencies (ms) of both ways for one listlimit."""

    listlimit: int
    direct: list[float]
    playground: list[float]
    cpu_per_send: float | None

    def cells(self) -> str:
        """One line of the results table."""
        d50, d95 = percentiles(self.direct)
        p50, p95 = percentiles(self.playground)
        added = p50 - d50
        target = TARGETS[self.listlimit]
        cpu = "n/a" if self.cpu_per_send is None else f"{self.cpu_per_send:.1f}"
        return (
            f"{self.listlimit:>9} {len(self.direct):>5} {d50:>10.2f} {d95:>10.2f}"
            f" {p50:>10.2f} {p95:>10.2f} {cpu:>10} {added:>10.2f} {target_cell(target)}"
            f"  {verdict(added <= target)}"
        )


def cpu_ms(pid: int) -> float | None:
    """User plus system CPU time a process has used so far, in ms; None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # utime and stime are fields 14 and 15 of stat(5), counted after the ")" from field 3.
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000.0 / os.sysconf("SC_CLK_TCK")


def set_up_playground(client: httpx.Client, sandbox: Sandbox) -> int:
    """Create the first account and a profile for the sandbox URL; return the profile id."""
    create_first_account(client)
    client.headers["X-CSRF-Token"] = csrf_token(client)
    profile = {
        "name": PROFILE_NAME,
        "endpoint": sandbox.url,
        "hmac_version": "2",
        "token": sandbox.token,
        "secret": sandbox.secret,
    }
    response = client.post("/profiles", data=profile)
    if response.status_code != 303:
        raise RuntimeError(f"POST /profiles answered {response.status_code}: {response.text}")
    select = SELECT_RE.search(client.get("/").text)
    options = OPTION_RE.findall(select.group(1)) if select else []
    for value, label in options:
        if label.startswith(PROFILE_NAME + " "):
            return int(value)
    raise RuntimeError(f"profile {PROFILE_NAME!r} not among the composer's options {options}")


def time_direct(client: httpx.Client, sandbox: Sandbox, listlimit: int) -> float:
    """Post one signed call straight to the sandbox; return its latency in ms."""
    body = signed_read_estate(sandbox, listlimit)
    started = time.perf_counter()
    response = client.post(sandbox.url, content=body, headers=JSON_HEADERS)
    elapsed = ms_since(started)
    payload = response.json()
    records = payload["response"]["results"][0]["data"]["records"]
    if payload["status"]["errorcode"] != 0 or len(records) != listlimit:
        raise RuntimeError(f"unexpected direct answer: {payload['status']}")
    return elapsed


def time_playground(client: httpx.Client, profile_id: int, listlimit: int) -> float:
    """Send one call through the playground as htmx does; return its latency in ms."""
    form = {
        "profile_id": str(profile_id),
        "verb": "read",
        "resourcetype": "estate",
        "resourceid": "",
        "identifier": "",
        "parameters": json.dumps({"data": ESTATE_FIELDS, "listlimit": listlimit}),
    }
    started = time.perf_counter()
    response = client.post("/send", data=form, headers={"HX-Request": "true"})
    elapsed = ms_since(started)
    html = response.text
    if response.status_code != 200 or 'data-testid="top-status">200 ' not in html:
        raise RuntimeError(f"unexpected playground answer {response.status_code}: {html[:500]}")
    if f">{listlimit} shown<" not in html:
        raise RuntimeError(f"the response panel does not show {listlimit} records")
    return elapsed


def measure(
    direct: httpx.Client,
    playground: httpx.Client,
    sandbox: Sandbox,
    profile_id: int,
    listlimit: int,
    requests: int,
    warmup: int,
    server_pid: int,
) -> Row:
    """Warm up both ways, then alternate them so drift affects both alike."""
    for _ in range(warmup):
        time_direct(direct, sandbox, listlimit)
        time_playground(playground, profile_id, listlimit)
    cpu_before = cpu_ms(server_pid)
    direct_ms: list[float] = []
    playground_ms: list[float] = []
    for i in range(requests):
        if i % 2:
            playground_ms.append(time_playground(playground, profile_id, listlimit))
            direct_ms.append(time_direct(direct, sandbox, listlimit))
        else:
            direct_ms.append(time_direct(direct, sandbox, listlimit))
            playground_ms.append(time_playground(playground, profile_id, listlimit))
    cpu_after = cpu_ms(server_pid)
    cpu_per_send = None
    if cpu_before is not None and cpu_after is not None:
        cpu_per_send = (cpu_after - cpu_before) / requests
    return Row(listlimit, direct_ms, playground_ms, cpu_per_send)


def run(requests: int, warmup: int) -> list[Row]:
    """Start both servers in a temporary directory, set up, measure, and stop them."""
    token, secret = secrets.token_hex(16), secrets.token_hex(32)
    credentials = {"PLAYGROUND_SANDBOX_TOKEN": token, "PLAYGROUND_SANDBOX_SECRET": secret}
    sandbox_port, playground_port = free_port(), free_port()
    sandbox = Sandbox(f"{base_url(sandbox_port)}/api/stable/api.php", token, secret)
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-send-")))
        sandbox_env = clean_env(**credentials)
        stack.enter_context(
            run_playground("sandbox", sandbox_env, sandbox_port, tmp / "sandbox.log")
        )
        serve = stack.enter_context(
            run_serve(
                tmp / "data",
                playground_port,
                tmp / "serve.log",
                settings={"PLAYGROUND_ALLOWED_ENDPOINTS": sandbox.url, **credentials},
            )
        )
        timeout = httpx.Timeout(60.0)
        direct = stack.enter_context(httpx.Client(timeout=timeout))
        base = base_url(playground_port)
        playground = stack.enter_context(httpx.Client(base_url=base, timeout=timeout))
        profile_id = set_up_playground(playground, sandbox)
        print(f"sandbox:    {sandbox.url}")
        print(f"playground: {base} (profile {profile_id}, data in {tmp})")
        return [
            measure(direct, playground, sandbox, profile_id, limit, requests, warmup, serve.pid)
            for limit in TARGETS
        ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=200, help="measured sends per way")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured sends per way")
    args = parser.parse_args(argv)
    if not 2 <= args.requests <= 5000 or not 0 <= args.warmup <= 1000:
        parser.error("need 2 <= --requests <= 5000 and 0 <= --warmup <= 1000")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    args = parse_args(argv)
    rows = run(args.requests, args.warmup)
    print(
        f"{'listlimit':>9} {'n':>5} {'direct p50':>10} {'direct p95':>10} {'pg p50':>10}"
        f" {'pg p95':>10} {'pg CPU':>10} {'added p50':>10} {'target':>8}  result"
    )
    for row in rows:
        print(row.cells())
    print("ms; pg = through the playground; pg CPU = playground server CPU time per send;")
    print("added p50 = pg p50 - direct p50")
    print_load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
