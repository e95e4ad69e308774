"""Flows: steps run one after another in the composer, later steps read earlier answers,
a failing step stops the flow, and history keeps the run with its steps."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from playground.store.models import FlowRun, HistoryEntry
from tests.http.flow_support import (
    BUYER,
    PICTURE,
    action,
    flow_form,
    run_in_page,
    step_states,
    upload_steps,
)
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, rows

ESTATE = 1


def _answers(app: FastAPI, run_id: int) -> dict[int, dict]:
    """Each step's stored answer, by step."""
    found = [e for e in rows(app, HistoryEntry) if e.flow_run_id == run_id]
    return {e.flow_step: json.loads(e.response_body or "null") for e in found}


def _first_record(answer: dict) -> dict:
    """The first record of the first action's answer."""
    return answer["response"]["results"][0]["data"]["records"][0]


def test_upload_in_blocks_then_link_to_an_estate_and_read_it_back(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    run_id, pieces = run_in_page(admin_client, flow_form(profile, *upload_steps(ESTATE)))
    assert step_states(pieces) == [(1, "ok"), (2, "ok"), (3, "ok"), (4, "ok")]
    assert "The flow ran every step." in pieces[-1]
    answers = _answers(app, run_id)
    upload_id = _first_record(answers[1])["elements"]["tmpUploadId"]
    assert _first_record(answers[2])["elements"]["tmpUploadId"] == upload_id  # same upload
    attached = _first_record(answers[3])["elements"]
    assert attached["filesize"] == len(PICTURE)  # both blocks arrived
    read_back = _first_record(answers[4])
    assert str(read_back["id"]) == attached["fileId"]
    assert read_back["elements"]["originalname"] == "plan.png"
    # History shows the run: each step's entry names its run and lists the others.
    page = admin_client.get(f"/history/{_entry_of(app, run_id, 3)}").text
    assert f"Step 3 of run {run_id}" in page
    assert page.count('data-testid="flow-run-step"') == 4


def _entry_of(app: FastAPI, run_id: int, step: int) -> int:
    """The history entry of one step of a run."""
    [entry] = [e for e in rows(app, HistoryEntry) if (e.flow_run_id, e.flow_step) == (run_id, step)]
    assert entry.id is not None
    return entry.id


def test_a_failing_step_stops_the_flow_and_later_steps_are_not_run(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    create = action("create", "address", {"Name": "Stopper", "Vorname": "Stefan"})
    unknown = action("read", "estate", {"data": ["Id", "no_such_field"]})
    relate = action("create", "relation", {"relationtype": BUYER, "parentid": [ESTATE],
                                           "childid": ["{{steps.1.records.0.id}}"]})  # fmt: skip
    form = flow_form(profile, [create], [unknown], [relate])
    run_id, pieces = run_in_page(admin_client, form)
    assert step_states(pieces) == [(1, "ok"), (2, "failed"), (3, "not_run")]
    assert "The flow stopped at this step" in pieces[2]
    assert "The flow stopped after step 2 of 3." in pieces[-1]
    assert sorted(_answers(app, run_id)) == [1, 2]  # step 3 was never sent
    [run] = [r for r in rows(app, FlowRun) if r.id == run_id]
    assert (run.state, run.done_steps) == ("stopped", 2)


def test_a_step_that_goes_on_after_a_failure_lets_the_next_one_run(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    unknown = action("read", "estate", {"data": ["Id", "no_such_field"]})
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    _run_id, pieces = run_in_page(
        admin_client, flow_form(profile, [unknown], [read], stops=("0", "1"))
    )
    assert step_states(pieces) == [(1, "failed"), (2, "ok")]


def test_a_reference_that_leads_nowhere_stops_the_flow_before_its_step_is_sent(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    wrong = action("read", "address", {"data": ["Id"]}, resourceid="{{steps.1.records.5.id}}")
    run_id, pieces = run_in_page(admin_client, flow_form(profile, [read], [wrong], [read]))
    assert step_states(pieces) == [(1, "ok"), (2, "failed"), (3, "not_run")]
    assert "{{steps.1.records.5.id}}: records.5 is out of range: there are 1" in pieces[2]
    assert sorted(_answers(app, run_id)) == [1]


def test_nobody_runs_or_reads_another_users_run(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    started = admin_client.post("/flows/run", data=flow_form(profile, [read], [read]), headers=HX)
    run_id = started.text.split('data-run-id="', 1)[1].split('"', 1)[0]
    bob = make_client("bob")
    assert bob.post("/flows/next", data={"run_id": run_id}, headers=HX).status_code == 404
    assert [e for e in rows(app, HistoryEntry) if e.flow_run_id == int(run_id)] == []
