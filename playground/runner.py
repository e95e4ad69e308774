"""`playground run`: run saved requests through a playground server, as a smoke test for CI.

Each saved request is sent with its own profile by POST /api/v1/saved/{id}/run; the server
signs, records and checks the request's expectations (a saved flow: every step in order).
The runner prints a table, can write JUnit XML, and exits 1 when any action failed or any
expectation was not met (2 when the run could not start: server unreachable, token refused,
a saved request not found).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

TIMEOUT = httpx.Timeout(120.0, connect=10.0)


class RunnerError(Exception):
    """The run could not start; the message says why."""


@dataclass(frozen=True)
class Outcome:
    """One saved request's run."""

    saved_id: int
    name: str
    passed: bool
    status: str
    records: int
    seconds: float
    problems: list[str] = field(default_factory=list)
    history_id: int | None = None


def _problem(answer: httpx.Response) -> str:
    """The detail of a problem answer, or its status line."""
    try:
        body = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}"
    detail = body.get("detail") if isinstance(body, dict) else None
    return f"HTTP {answer.status_code}: {detail or body}"


def select(client: httpx.Client, names: Sequence[str], *, all_team: bool) -> list[dict[str, Any]]:
    """The saved requests named (by id or name), or all the team's."""
    answer = client.get("/api/v1/saved")
    if answer.status_code != 200:
        raise RunnerError(f"Listing the saved requests failed: {_problem(answer)}")
    items: list[dict[str, Any]] = answer.json()
    chosen = [item for item in items if item["team"]] if all_team else []
    for name in names:
        found = [i for i in items if str(i["id"]) == name or i["name"] == name]
        if not found:
            raise RunnerError(f"No saved request {name!r} is visible to this token's owner.")
        chosen += [i for i in found[:1] if i not in chosen]
    if not chosen:
        raise RunnerError("Nothing to run: name saved requests or pass --all-team.")
    return chosen


def _status(answer: dict[str, Any]) -> str:
    """A short status: the failure kind, or the top status and each action's errorcode."""
    if answer.get("failure"):
        return f"failed ({answer['failure']['kind']})"
    top = answer.get("status") or {}
    codes = " ".join(str(a["status"]["errorcode"]) for a in answer["actions"]) or "-"
    return f"{top.get('code')}/{top.get('errorcode')} actions {codes}"


def _failures(answer: dict[str, Any], checks: list[dict[str, Any]]) -> list[str]:
    """What went wrong: failed actions and unmet expectations."""
    found = []
    if answer.get("failure"):
        found.append(answer["failure"]["message"])
    for action in answer["actions"]:
        status = action["status"]
        if not status["ok"]:
            found.append(
                f"action {action['index']}: error {status['errorcode']} {status['message']}"
            )
    found += [f"expected {c['expectation']}: {c['detail']}" for c in checks if not c["met"]]
    return found


def run_one(client: httpx.Client, item: dict[str, Any]) -> Outcome:
    """Run one saved request."""
    started = time.monotonic()
    answer = client.post(f"/api/v1/saved/{item['id']}/run", json={})
    seconds = time.monotonic() - started
    if answer.status_code != 200:
        return Outcome(
            item["id"],
            item["name"],
            False,
            f"HTTP {answer.status_code}",
            0,
            seconds,
            [_problem(answer)],
        )
    body = answer.json()
    if body.get("steps"):
        return _flow_outcome(item, body, seconds)
    sent = body["answer"]
    records = sum(len(a["records"]) for a in sent["actions"])
    problems = _failures(sent, body["expectations"])
    return Outcome(
        item["id"], item["name"], body["passed"], _status(sent), records, seconds, problems,
        sent["history_id"],
    )  # fmt: skip


def _flow_outcome(item: dict[str, Any], body: dict[str, Any], seconds: float) -> Outcome:
    """A saved flow's run: a row for the flow, a problem line for each step that failed."""
    steps = body["steps"]
    answers = [s["answer"] for s in steps if s["answer"]]
    records = sum(len(a["records"]) for answer in answers for a in answer["actions"])
    problems = []
    for step in steps:
        if step["state"] == "failed":
            found = [step["problem"]] if step["problem"] else _failures(step["answer"], [])
            problems += [f"step {step['number']}: {p}" for p in found]
        elif step["state"] == "not_run":
            problems.append(f"step {step['number']}: not run")
    problems += [f"expected {c['expectation']}: {c['detail']}" for c in body["expectations"]
                 if not c["met"]]  # fmt: skip
    done = sum(1 for s in steps if s["state"] == "ok")
    status = f"flow: {done}/{len(steps)} steps ok"
    last = answers[-1]["history_id"] if answers else None
    return Outcome(
        item["id"], item["name"], body["passed"], status, records, seconds, problems, last
    )


def table(outcomes: Sequence[Outcome]) -> str:
    """The outcomes as a plain text table, with the problems under each failed row."""
    lines = [f"{'':4} {'#':>5}  {'saved request':<36} {'status':<28} {'records':>7} {'time':>7}"]
    for o in outcomes:
        mark = "PASS" if o.passed else "FAIL"
        lines.append(
            f"{mark:4} {o.saved_id:>5}  {o.name[:36]:<36} {o.status[:28]:<28} "
            f"{o.records:>7} {o.seconds:>6.2f}s"
        )
        lines += [f"{'':13}- {p}" for p in o.problems]
    failed = sum(1 for o in outcomes if not o.passed)
    lines.append(f"{len(outcomes) - failed} passed, {failed} failed")
    return "\n".join(lines)


def junit(outcomes: Sequence[Outcome]) -> bytes:
    """The outcomes as JUnit XML (one test case per saved request)."""
    failed = sum(1 for o in outcomes if not o.passed)
    suite = ET.Element(
        "testsuite",
        name="playground saved requests",
        tests=str(len(outcomes)),
        failures=str(failed),
        errors="0",
        time=f"{sum(o.seconds for o in outcomes):.3f}",
    )
    for o in outcomes:
        case = ET.SubElement(
            suite, "testcase", classname="playground.saved", name=f"{o.name} (#{o.saved_id})",
            time=f"{o.seconds:.3f}",
        )  # fmt: skip
        if not o.passed:
            failure = ET.SubElement(case, "failure", message=(o.problems or [o.status])[0][:500])
            failure.text = "\n".join([o.status, *o.problems])
        if o.history_id is not None:
            ET.SubElement(case, "system-out").text = f"history entry {o.history_id}: {o.status}"
    written: bytes = ET.tostring(suite, encoding="utf-8", xml_declaration=True)
    return written


def run(
    url: str, token: str, names: Sequence[str], *, all_team: bool, junit_file: Path | None
) -> int:
    """Run, print the table, write JUnit XML; 0 all passed, 1 some failed, 2 not started."""
    if not token:
        print("Give an access token: --token or PLAYGROUND_API_TOKEN.")
        return 2
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=TIMEOUT) as client:
            chosen = select(client, names, all_team=all_team)
            outcomes = [run_one(client, item) for item in chosen]
    except RunnerError as exc:
        print(f"Not run: {exc}")
        return 2
    except httpx.HTTPError as exc:
        print(f"Not run: the playground at {url} could not be reached ({type(exc).__name__}).")
        return 2
    print(table(outcomes))
    if junit_file is not None:
        junit_file.write_bytes(junit(outcomes))
    return 0 if all(o.passed for o in outcomes) else 1
