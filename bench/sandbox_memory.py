"""How much the sandbox's data grows under the most memory-hungry writes anyone may send.

The sandbox's demo credentials are public, so anyone who reaches the server may write into
it. Each pattern runs in a fresh process against an in-process sandbox (``Sandbox.answer``,
the same code the mounted app calls) and sends ``--mb`` megabytes of request bodies, each
at most ``--body`` bytes (the mounted sandbox's default body limit is 2,000,000):

- relationinfo: pairs of a new relation and a ``modify relation`` whose relationinfo is a
  list of 21,000 empty objects (within 65,536 characters): three bytes of JSON become a
  64-byte dict, the worst ratio found;
- relations: 50 ``create relation`` actions with 500 children each (a relation entry is
  about 150 bytes for about 8 bytes of JSON);
- texts: seven ``create estate`` a request, every free-text field 65,535 characters with
  one emoji first, so that Python keeps the whole text at four bytes a character;
- uploads: unfinished ``do uploadfile`` blocks, each under a new tmpUploadId of 1,000
  characters (an emoji among them).

It prints, per pattern, the live memory the requests left behind (tracemalloc, after a
garbage collection: what the store kept), the growth of the resident set (a second run
without the tracer, whose tables would inflate it), the bytes the sandbox's budget
counted, and how many actions were refused, with the first refusal's message. Values
stay within the sandbox's per-value caps, so that the total budget is what stops them.

Target: whatever the pattern, the store keeps no more than its budget (32 MiB, 33.5 MB);
without one, 16 MB of such bodies kept 50 to 450 MB.

    .venv/bin/python -m bench.sandbox_memory [--mb 16] [--body 1900000] [--pattern texts]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Generator
from typing import Any

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope
from playground.sandbox.app import Sandbox
from playground.sandbox.credentials import DEMO_SECRET, DEMO_TOKEN

URN = "urn:onoffice-de-ns:smart:2.5:relationTypes:"
FREE_TEXTS = ("objektbeschreibung", "lage", "ausstatt_beschr", "sonstige_angaben")
Bodies = Callable[[int], Generator[bytes, None, None]]


def body(*actions: ActionRequest) -> bytes:
    """A v2-signed request (its HMAC leaves parameters out), non-ASCII sent as UTF-8."""
    envelope = build_envelope(
        actions, token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(time.time())
    )
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def relationinfo(size: int) -> Generator[bytes, None, None]:
    """Pairs of a new relation and a relationinfo of 21,000 empty objects (63,000 characters,
    under the sandbox's 65,536 for one value), as many as the body takes."""
    info: list[dict[str, object]] = [{} for _ in range(21_000)]
    pairs = min(25, size // 64_000)
    for start in range(0, 10**9, pairs):
        actions = []
        for parent in range(start, start + pairs):
            link = {"relationtype": URN + "bench:info", "parentid": [parent], "childid": [1]}
            info_link = {**link, "relationinfo": info}
            actions += [ActionRequest(Verb.CREATE, "relation", parameters=link),
                        ActionRequest(Verb.MODIFY, "relation", parameters=info_link)]  # fmt: skip
        yield body(*actions)


def batches(action: Callable[[int], ActionRequest]) -> Generator[bytes, None, None]:
    """Requests of 50 actions each, the nth action of all made by `action(n)`."""
    for start in range(0, 10**9, 50):
        yield body(*(action(start + n) for n in range(50)))


def relations(size: int) -> Generator[bytes, None, None]:
    """50 create-relation actions of 500 children each (about 200 kB a request)."""
    del size
    links = {"relationtype": URN + "bench:links", "childid": list(range(1, 501))}
    yield from batches(
        lambda n: ActionRequest(Verb.CREATE, "relation", parameters={**links, "parentid": [n]})
    )


def texts(size: int) -> Generator[bytes, None, None]:
    """Estates with every free-text field 65,535 characters long, as many as the body takes."""
    text = "\N{GRINNING FACE}" + "a" * 65_534
    create = ActionRequest(
        Verb.CREATE, "estate", parameters={"data": dict.fromkeys(FREE_TEXTS, text)}
    )
    while True:
        yield body(*[create] * max(1, size // 265_000))


def uploads(size: int) -> Generator[bytes, None, None]:
    """50 first blocks a request, each under a new tmpUploadId of 1,000 characters."""
    del size
    yield from batches(
        lambda n: ActionRequest(
            Verb.DO,
            "uploadfile",
            parameters={"data": "AAAA", "tmpUploadId": f"\N{GRINNING FACE}{n:08d}" + "x" * 991},
        )
    )


PATTERNS: dict[str, Bodies] = {
    "relationinfo": relationinfo,
    "relations": relations,
    "texts": texts,
    "uploads": uploads,
}


def rss_mb() -> float:
    """The process's resident set now, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 1e6


def refusals(answer: dict[str, Any]) -> list[str]:
    """The status messages of the actions that failed."""
    results = answer.get("response", {}).get("results", [])
    return [r["status"]["message"] for r in results if r["status"]["errorcode"] != 0]


def measure(pattern: str, megabytes: float, size: int, *, traced: bool) -> dict[str, Any]:
    """Send the pattern's bodies into a fresh sandbox; what the store kept and what it said.

    ``kept`` is live memory by tracemalloc when ``traced``, else resident set growth (the
    tracer's own tables would inflate it).
    """
    sandbox = Sandbox(token=DEMO_TOKEN, secret=DEMO_SECRET, seed=7, clock=time.time)
    gc.collect()
    if traced:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] / 1e6 if traced else rss_mb()
    sent, requests, refused, first = 0, 0, 0, ""
    started = time.perf_counter()
    bodies = PATTERNS[pattern](size)
    for raw in bodies:
        if sent + len(raw) > megabytes * 1e6:
            break
        failed = refusals(sandbox.answer(raw))
        sent, requests, refused = sent + len(raw), requests + 1, refused + len(failed)
        first = first or (failed[0] if failed else "")
    seconds = time.perf_counter() - started
    # Only what the store keeps counts: not the last body nor the generator's values.
    bodies.close()
    del raw, bodies
    gc.collect()
    after = tracemalloc.get_traced_memory()[0] / 1e6 if traced else rss_mb()
    budget = getattr(sandbox.store, "budget", None)
    return {"requests": requests, "sent": sent / 1e6, "kept": after - before,
            "counted": budget.used / 1e6 if budget else None, "refused": refused,
            "seconds": seconds, "first": first}  # fmt: skip


def child(pattern: str, args: argparse.Namespace, *, traced: bool) -> dict[str, Any]:
    """Run ``measure`` in a fresh interpreter, so patterns do not share memory."""
    command = [sys.executable, "-m", "bench.sandbox_memory", "--child", "--pattern", pattern]
    command += ["--mb", str(args.mb), "--body", str(args.body)]
    command += ["--traced"] if traced else []
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    """Run each pattern in its own processes and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=16.0, help="MB of request bodies a pattern")
    parser.add_argument("--body", type=int, default=1_900_000, help="largest body in bytes")
    parser.add_argument("--pattern", choices=sorted(PATTERNS), help="run only this one")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.pattern, args.mb, args.body, traced=args.traced)))
        return
    print(f"{'pattern':<13} {'reqs':>5} {'sent MB':>8} {'kept MB':>8} {'RSS +MB':>8} "
          f"{'counted':>8} {'refused':>8} {'secs':>6}  first refusal")  # fmt: skip
    for pattern in [args.pattern] if args.pattern else list(PATTERNS):
        plain, traced = child(pattern, args, traced=False), child(pattern, args, traced=True)
        counted = "-" if plain["counted"] is None else f"{plain['counted']:.1f}"
        print(f"{pattern:<13} {plain['requests']:>5} {plain['sent']:>8.1f} "
              f"{traced['kept']:>8.1f} {plain['kept']:>8.1f} {counted:>8} "
              f"{plain['refused']:>8} {plain['seconds']:>6.1f}  {plain['first'][:100]}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
