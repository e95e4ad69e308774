"""Flows: steps run one after another in the composer, later steps read earlier answers,
a failing step stops the flow, and history keeps the run with its steps."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session

from playground.services import retention
from playground.store import profiles as profile_store
from playground.store import saved as saved_store
from playground.store.models import (
    AccessToken,
    AuditEvent,
    FlowRun,
    HistoryEntry,
    Profile,
    SavedRequest,
    utcnow,
)
from tests.client import TestClient
from tests.http.flow_support import (
    BUYER,
    PICTURE,
    action,
    flow_form,
    run_in_page,
    step_states,
    upload_steps,
)
from tests.http.race_support import deleted_after_read
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, create_profile, rows, send_form
from tests.http.token_support import bearer, make_token

ESTATE = 1


def _answers(app: FastAPI, run_id: int) -> dict[int, Any]:
    """Each step's stored answer, by step."""
    found = [e for e in rows(app, HistoryEntry) if e.flow_run_id == run_id]
    return {e.flow_step: json.loads(e.response_body or "null") for e in found}


def _first_record(answer: Any) -> dict[str, Any]:
    """The first record of the first action's answer."""
    record: dict[str, Any] = answer["response"]["results"][0]["data"]["records"][0]
    return record


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
    assert read_back["elements"]["fileSize"] == len(PICTURE)
    # History shows the run: each step's entry names its run and lists the others.
    page = admin_client.get(f"/history/{_entry_of(app, run_id, 3)}").text
    assert f"Step 3 of run {run_id}" in page
    assert page.count('data-testid="flow-run-step"') == 4


def _entry_of(app: FastAPI, run_id: int, step: int) -> int:
    """The history entry of one step of a run."""
    [entry] = [e for e in rows(app, HistoryEntry) if (e.flow_run_id, e.flow_step) == (run_id, step)]
    return int(entry.id)


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
    # Clearing one's history forgets the runs too (their steps as written).
    assert admin_client.post("/history/delete-all").status_code == 303
    assert rows(app, FlowRun) == []


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
    # Nor overwrites another user's saved flow.
    form = flow_form(profile, [read]) | {"flow_name": "Ada's"}
    saved_id = _saved_id(admin_client.post("/flows/save", data=form))
    bobs = flow_form(sandbox_profile(app, "bob"), [read], [read])
    overwrite = bobs | {"flow_saved_id": str(saved_id), "update": "1"}
    assert bob.post("/flows/save", data=overwrite, headers=HX).status_code == 404
    assert admin_client.get(f"/?saved={saved_id}").text.count('data-testid="flow-panel-step"') == 1


def test_a_saved_flow_creates_an_address_then_relates_it_through_the_json_api(
    admin_client: TestClient, app: FastAPI
) -> None:
    """Saved from the flow panel, opened again, then run by a script with a token."""
    profile = sandbox_profile(app, "ada")
    create = action("create", "address", {"Name": "Flow", "Vorname": "Fiona"})
    relate = action("create", "relation", {"relationtype": BUYER, "parentid": [ESTATE],
                                           "childid": ["{{steps.1.records.0.id}}"]})  # fmt: skip
    read_back = action("get", "idsfromrelation", {"relationtype": BUYER, "parentids": [ESTATE]})
    address = action("read", "address", {"data": ["Name"]}, resourceid="{{steps.1.id}}")
    form = flow_form(profile, [create], [relate], [read_back, address]) | {"flow_name": "New buyer"}
    saved = admin_client.post("/flows/save", data=form)
    assert saved.status_code == 303
    opened = admin_client.get(saved.headers["location"]).text
    assert "Opened the saved flow “New buyer”." in opened
    assert opened.count('data-testid="flow-panel-step"') == 3
    assert "reads {{steps.1.records.0.id}}" in opened
    saved_id = int(saved.headers["location"].rsplit("=", 1)[1])
    token = make_token(app, "ada", read_only=False)
    with TestClient(app) as script:
        answer = script.post(f"/api/v1/saved/{saved_id}/run", json={}, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["passed"] is True
    assert [s["state"] for s in body["steps"]] == ["ok", "ok", "ok"]
    created = body["steps"][0]["answer"]["actions"][0]["records"][0]["id"]
    related = body["steps"][2]["answer"]["actions"][0]["records"][0]["elements"]
    assert created in related[str(ESTATE)]  # the new address is the estate's buyer
    [name] = body["steps"][2]["answer"]["actions"][1]["records"]
    assert (name["id"], name["elements"]["Name"]) == (created, "Flow")  # and reads back
    listed = admin_client.get("/saved").text
    assert "Flow · 3 steps" in listed
    # Each step's audit event names the run, the step and the token that ran it.
    [run] = rows(app, FlowRun)
    [token_row] = rows(app, AccessToken)
    steps = [e.summary for e in rows(app, AuditEvent) if e.kind == "send"]
    assert [s.rsplit("; flow run", 1)[1] for s in steps] == [
        f" #{run.id} step {n}; access token #{token_row.id}" for n in (1, 2, 3)
    ]


def test_a_read_only_token_cannot_run_a_flow_that_writes(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    create = action("create", "address", {"Name": "Never"})
    form = flow_form(profile, [read], [create]) | {"flow_name": "Writes later"}
    saved_id = int(
        admin_client.post("/flows/save", data=form).headers["location"].rsplit("=", 1)[1]
    )
    with TestClient(app) as script:
        answer = script.post(
            f"/api/v1/saved/{saved_id}/run", json={}, headers=bearer(make_token(app, "ada"))
        )
    assert answer.status_code == 403
    assert [r for r in rows(app, FlowRun)] == []  # refused before anything was sent


def test_the_composer_names_step_references_and_a_single_send_refuses_them(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "address", {"data": ["Id"]}, resourceid="{{steps.1.records.0.id}}")
    checked = admin_client.post("/variables/check", data=send_form(profile, read), headers=HX)
    assert "read from step 1's answer when the flow runs" in checked.text
    sent = admin_client.post("/send", data=send_form(profile, read), headers=HX)
    assert sent.status_code == 422
    assert "{{steps.1.records.0.id}} reads an earlier step" in sent.text
    assert "works only in a flow." in sent.text


def test_a_protected_profile_asks_once_for_the_whole_runs_writes(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    with Session(app.state.playground.engine) as db:
        row = db.get(Profile, profile)
        assert row is not None
        row.protected = True
        db.add(row)
        db.commit()
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    create = action("create", "address", {"Name": "Guarded"})
    form = flow_form(profile, [read], [create])
    asked = admin_client.post("/flows/run", data=form, headers=HX)
    assert asked.status_code == 409
    assert "create address" in asked.text and 'data-testid="confirm-protected"' in asked.text
    assert rows(app, FlowRun) == []  # nothing ran, not even the read
    _run_id, pieces = run_in_page(admin_client, form | {"confirm_protected": "1"})
    assert step_states(pieces) == [(1, "ok"), (2, "ok")]


def test_check_now_runs_a_saved_flow_and_names_the_step_that_failed(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    wrong = action("read", "estate", {"data": ["no_such_field"]})
    good = flow_form(profile, [read], [read]) | {"flow_name": "Reads twice"}
    bad = flow_form(profile, [read], [wrong], [read]) | {"flow_name": "Breaks in the middle"}
    ids = [_saved_id(admin_client.post("/flows/save", data=form)) for form in (good, bad)]
    passed, failed = (admin_client.post(f"/saved/{i}/check", headers=HX).text for i in ids)
    assert re.search(r'saved-check-verdict">passed<', passed)
    assert re.search(r'saved-check-verdict">failed<', failed)
    assert "Step 2 failed." in failed
    runs = rows(app, FlowRun)
    assert [(r.saved_id, r.state, r.done_steps) for r in runs] == [
        (ids[0], "finished", 2),
        (ids[1], "stopped", 2),
    ]


def test_a_saved_flow_offers_no_code_that_would_send_its_references_unresolved(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    by_id = action("read", "estate", {"data": ["Id"]}, resourceid="{{steps.1.records.0.id}}")
    form = flow_form(profile, [read], [by_id]) | {"flow_name": "Read one, then by its id"}
    flow = _saved_id(admin_client.post("/flows/save", data=form))
    plain = admin_client.post("/saved", data=send_form(profile, read) | {"name": "One read"})
    assert plain.status_code == 303
    listed = admin_client.get("/saved").text
    assert listed.count('data-testid="saved-code"') == 1  # the plain request's only
    refused = admin_client.get(f"/saved/{flow}/code/python")
    assert refused.status_code == 400
    assert "export a step there" in refused.text and "{{steps" not in refused.text


def _saved_id(answer: httpx.Response) -> int:
    """The id of the saved flow a plain save redirected to."""
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("=", 1)[1])


def test_the_panel_adds_loads_replaces_moves_and_removes_steps_and_updates_a_saved_flow(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    estate = action("read", "estate", {"data": ["Id"]})
    address = action("read", "address", {"data": ["Name"]})
    form = flow_form(profile, [estate])  # the composer holds the estate read

    def panel(data: dict[str, Any]) -> list[str]:
        answer = admin_client.post("/flows/steps", data=data, headers=HX)
        assert answer.status_code == 200, answer.text
        return re.findall(r'<span class="mono small">([^<]*)</span>', answer.text)

    assert panel(form | {"op": "add"}) == ["read estate", "read estate"]
    two = flow_form(profile, [estate], [address]) | send_form(profile, address)
    assert panel(two | {"op": "up", "index": "1"}) == ["read address", "read estate"]
    assert panel(two | {"op": "remove", "index": "0"}) == ["read address"]
    assert panel(flow_form(profile, [estate], [estate]) | send_form(profile, address)
                 | {"op": "replace", "index": "0"}) == ["read address", "read estate"]  # fmt: skip
    loaded = admin_client.post("/flows/steps", data=two | {"op": "load", "index": "1"}, headers=HX)
    assert 'id="actions" data-actions hx-swap-oob="true"' in loaded.text  # into the composer
    assert 'value="address"' in loaded.text.split('id="actions"', 1)[1]

    saved_id = _saved_id(admin_client.post("/flows/save", data=form | {"flow_name": "One"}))
    update = two | {"flow_saved_id": str(saved_id), "update": "1"}
    updated = admin_client.post("/flows/save", data=update, headers=HX)
    assert "Saved the flow as “One”." in updated.text
    assert admin_client.get(f"/?saved={saved_id}").text.count('data-testid="flow-panel-step"') == 2


def test_the_history_retention_forgets_old_runs(admin_client: TestClient, app: FastAPI) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    old_run, _pieces = run_in_page(admin_client, flow_form(profile, [read]))
    new_run, _pieces = run_in_page(admin_client, flow_form(profile, [read]))
    with Session(app.state.playground.engine) as db:
        old = db.get(FlowRun, old_run)
        assert old is not None
        old.created_at = utcnow() - timedelta(days=40)
        db.add(old)
        db.commit()
        retention.purge_history(db, retention_days=30)
    assert [r.id for r in rows(app, FlowRun)] == [new_run]


def test_a_shared_saved_flow_opens_with_its_steps(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    form = flow_form(profile, [read], [read]) | {"flow_name": "Shared twice", "flow_team": "1"}
    saved_id = _saved_id(admin_client.post("/flows/save", data=form))
    shared = admin_client.post(f"/saved/{saved_id}/share", headers=HX).text
    code = re.search(r'value="http://testserver/s/([\w-]+)"', shared)
    assert code, shared
    opened = make_client("bob").get(f"/?share={code.group(1)}").text
    assert opened.count('data-testid="flow-panel-step"') == 2
    assert 'name="flow_saved_id"' not in opened  # bob's save makes his own copy


def test_a_run_with_a_profile_deleted_meanwhile_is_404_and_records_nothing(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = create_profile(admin_client, app, "Going")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    # The profile passes the check, then another request deletes it before the run is stored.
    deleted_after_read(monkeypatch, app, profile_store, "get_usable_profile", (Profile, profile))
    started = admin_client.post("/flows/run", data=flow_form(profile, [read]), headers=HX)
    assert started.status_code == 404
    assert rows(app, FlowRun) == []


def test_a_run_of_a_saved_flow_deleted_meanwhile_runs_without_naming_it(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = sandbox_profile(app, "ada")
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    form = flow_form(profile, [read]) | {"flow_name": "Going"}
    saved_id = _saved_id(admin_client.post("/flows/save", data=form))
    # As for a saved flow gone before the run: the run goes on, only no longer names it.
    deleted_after_read(monkeypatch, app, saved_store, "get_with_owner", (SavedRequest, saved_id))
    started = admin_client.post(
        "/flows/run", data=form | {"flow_saved_id": str(saved_id)}, headers=HX
    )
    assert started.status_code == 200, started.text
    [run] = rows(app, FlowRun)
    assert run.saved_id is None and run.profile_id == profile and run.name == "Going"
    assert rows(app, SavedRequest) == []
