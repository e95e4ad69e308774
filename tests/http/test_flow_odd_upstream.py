"""A flow and a send against an upstream of the test's making: an answer shaped unlike
onOffice's, or one held back while the user clears their history (and with it the run)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi import FastAPI

from playground.store.models import AuditEvent, FlowRun, HistoryEntry
from tests.client import TestClient
from tests.http.flow_support import action, flow_form, run_in_page, step_states
from tests.http.odd_upstream import WAIT, OddUpstream, odd_profile
from tests.http.team_support import HX, rows, send_form
from tests.http.token_support import CREATE_ESTATE, bearer, make_token, send_body

STATUS = {"code": 200, "errorcode": 0, "message": "OK"}
# An action's data as a list with something in it (onOffice's are objects, or an empty list).
ODD = {"status": STATUS, "response": {"results": [{"data": ["odd"], "status": STATUS}]}}
EMPTY = {"meta": {"cntabsolute": 0}, "records": []}
PLAIN = {"status": STATUS, "response": {"results": [{"data": EMPTY, "status": STATUS}]}}


@pytest.fixture
def settings_overrides(odd_upstream: OddUpstream) -> dict[str, Any]:
    """Profiles may point at the odd upstream."""
    return {"allowed_endpoints": odd_upstream.url}


def test_a_step_reading_an_oddly_shaped_answer_stops_the_run_with_a_message(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    odd_upstream.body = json.dumps(ODD).encode()
    profile = odd_profile(admin_client, app, odd_upstream.url)
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


def test_clearing_the_history_while_a_step_is_sent_ends_the_run_without_an_error(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    odd_upstream.body = json.dumps(PLAIN).encode()
    profile = odd_profile(admin_client, app, odd_upstream.url)
    read = action("read", "estate", {"data": ["Id"]})
    started = admin_client.post("/flows/run", data=flow_form(profile, [read], [read]), headers=HX)
    run_id = started.text.split('data-run-id="', 1)[1].split('"', 1)[0]
    odd_upstream.received.clear()
    odd_upstream.released.clear()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            step = pool.submit(
                admin_client.post, "/flows/next", data={"run_id": run_id}, headers=HX
            )
            assert odd_upstream.received.wait(WAIT)
            assert admin_client.post("/history/delete-all").status_code == 303
            odd_upstream.released.set()
            answer = step.result(timeout=WAIT)
    finally:
        odd_upstream.released.set()
    assert answer.status_code == 404, answer.text  # the run is gone, as the user asked
    assert rows(app, FlowRun) == []


@pytest.mark.parametrize(
    "answer",
    [
        {"status": {"code": 2**31, "errorcode": -(2**31) - 1, "message": "OK"}},
        {"status": {"code": 1e300, "errorcode": 0, "message": "OK"}},
        {"status": {"code": 500, "errorcode": 7, "message": "bad\u0000 \ud800"}},
        {"status": STATUS, "results": [{"status": {"errorcode": 12345678}}] * 80},
    ],
    ids=["beyond-32-bits", "huge-float", "nul-and-surrogate", "many-error-codes"],
)
def test_a_write_keeps_its_record_whatever_the_upstream_answers(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream, answer: dict[str, Any]
) -> None:
    # Numbers no INTEGER column holds, a NUL, a lone surrogate, more error codes than the
    # column's 500 characters: the answer is stored as far as it can be, never a 500.
    status, results = answer["status"], answer.get("results", [])
    odd_upstream.body = json.dumps({"status": status, "response": {"results": results}}).encode()
    profile = odd_profile(admin_client, app, odd_upstream.url)
    write = action("create", "address", {"Name": "Odd"})
    form = send_form(profile, write)
    sent = admin_client.post("/send", data=form, headers=HX)
    assert sent.status_code == 200, sent.text
    [entry] = rows(app, HistoryEntry)
    assert entry.failure_kind is None and entry.response_body
    assert entry.status_code in (None, 200, 500) and len(entry.action_errorcodes) <= 500
    # Read again from history, the stored answer shows as it did when it came.
    assert admin_client.get(f"/history/{entry.id}").status_code == 200
    [event] = [e for e in rows(app, AuditEvent) if e.kind == "send"]
    assert "answer pending" not in event.summary and f"history #{entry.id}" in event.summary
    token = make_token(app, "ada", read_only=False)  # and a script's write through the API
    by_script = admin_client.post(
        "/api/v1/send", json=send_body(profile, CREATE_ESTATE), headers=bearer(token)
    )
    assert by_script.status_code == 200, by_script.text
    assert len(rows(app, HistoryEntry)) == 2
    read_back = admin_client.get(f"/api/v1/history/{entry.id}", headers=bearer(token))
    assert read_back.status_code == 200, read_back.text
