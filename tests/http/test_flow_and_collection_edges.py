"""Flows and collections under hostile or unlucky input: a clear 4xx and nothing half-written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from playground.services import compose
from playground.services.collection_reading import MAX_DEPTH, MAX_KEY
from playground.services.flow_steps import MAX_STEPS
from playground.store.models import FlowRun, SavedFolder, SavedRequest
from tests.client import TestClient
from tests.http.collection_support import make_folder, make_saved, move, upload
from tests.http.flow_support import RUN_ID, action, flow_form
from tests.http.route_support import changed_tables, sandbox_profile, snapshot
from tests.http.team_support import HX, PLANTED_SECRET, PLANTED_TOKEN, rows, send_form

FORMAT = "onoffice-playground-collection"
ACTION = {"verb": "read", "resourcetype": "estate", "resourceid": "", "identifier": ""}
READ = action("read", "estate", {"data": ["Id"], "listlimit": 1})
DEEP = "[" * 100_000 + "]" * 100_000  # deeper than any JSON reader follows


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every user's sandbox profile holds the planted credentials."""
    return {"sandbox_token": PLANTED_TOKEN, "sandbox_secret": PLANTED_SECRET}


def _document(*requests: Any, folder: str = "Given") -> dict[str, Any]:
    """A collection file's content."""
    return {"format": FORMAT, "version": 1, "folder": {"name": folder}, "requests": list(requests)}


def _entry(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": [ACTION | {"parameters": {"data": ["Id"]}}]} | extra


def _nested(levels: int) -> Any:
    """A value `levels` levels deep, counting the number innermost as one."""
    value: Any = 1
    for _ in range(levels - 1):
        value = {"k": value}
    return value


def test_a_flow_opened_from_a_saved_flow_that_is_gone_or_not_yours_still_runs(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    saved = admin_client.post("/flows/save", data=flow_form(profile, [READ]) | {"flow_name": "F"})
    saved_id = int(saved.headers["location"].rsplit("=", 1)[1])
    assert admin_client.post(f"/saved/{saved_id}/delete").status_code == 303
    form = flow_form(profile, [READ]) | {"flow_saved_id": str(saved_id)}
    started = admin_client.post("/flows/run", data=form, headers=HX)
    assert started.status_code == 200 and RUN_ID.search(started.text), started.text
    plain = admin_client.post("/flows/run", data=form)
    assert plain.status_code == 303
    # Another user's saved flow is not noted on one's own run either.
    kept = admin_client.post("/flows/save", data=flow_form(profile, [READ]) | {"flow_name": "G"})
    bob = make_client("bob")
    bobs = flow_form(sandbox_profile(app, "bob"), [READ])
    bobs["flow_saved_id"] = kept.headers["location"].rsplit("=", 1)[1]
    assert bob.post("/flows/run", data=bobs, headers=HX).status_code == 200
    assert [r.saved_id for r in rows(app, FlowRun)] == [None, None, None]


@pytest.mark.parametrize("route", ["/flows/steps", "/flows/save", "/flows/run"])
def test_a_step_field_nested_too_deeply_is_refused_with_a_message(
    admin_client: TestClient, app: FastAPI, route: str
) -> None:
    form = flow_form(sandbox_profile(app, "ada"), [READ]) | {"flow_step": [DEEP]}
    before = snapshot(app)
    answer = admin_client.post(route, data=form, headers=HX)
    assert 400 <= answer.status_code < 500
    assert "A step of the flow could not be read; add it again." in answer.text
    assert changed_tables(before, snapshot(app)) == []


def test_a_file_nested_too_deeply_is_refused_and_nothing_written(
    admin_client: TestClient, app: FastAPI
) -> None:
    before = snapshot(app)
    answer = upload(admin_client, DEEP.encode())
    assert answer.status_code == 400
    assert "The file nests too deeply to be read. Nothing was imported." in answer.text
    assert changed_tables(before, snapshot(app)) == []


def test_a_deep_file_with_long_keys_is_refused_and_nothing_written(
    admin_client: TestClient, app: FastAPI
) -> None:
    # The review's file: walked with every level's path text it held 460 MB for 1 MB.
    level = '{"' + "k" * (MAX_KEY + 30) + '":'
    head = f'{{"format":"{FORMAT}","version":1,"requests":[],"x":'
    before = snapshot(app)
    answer = upload(admin_client, (head + level * 960 + "1" + "}" * 961).encode())
    assert answer.status_code == 400
    refused = f"The file holds a key longer than {MAX_KEY} characters. Nothing was imported."
    assert refused in answer.text
    assert changed_tables(before, snapshot(app)) == []


def test_a_file_nested_deeper_than_an_export_goes_is_refused_whole(
    admin_client: TestClient, app: FastAPI
) -> None:
    before = snapshot(app)
    deeper = _document(_entry("Kept")) | {"x": _nested(MAX_DEPTH)}  # MAX_DEPTH + 1 with the top
    answer = upload(admin_client, deeper)
    assert answer.status_code == 400
    assert "The file nests too deeply to be read. Nothing was imported." in answer.text
    assert changed_tables(before, snapshot(app)) == []
    just = _document(_entry("Kept")) | {"x": _nested(MAX_DEPTH - 1)}
    answer = upload(admin_client, just)
    assert answer.status_code == 200, answer.text
    assert "Unknown fields ignored: x." in answer.text


def test_a_flow_with_parameters_as_deep_as_the_composer_takes_imports(
    admin_client: TestClient, app: FastAPI
) -> None:
    parameters = {"data": ["Id"], "filter": _nested(compose.MAX_DEPTH - 1)}
    step = {"actions": [ACTION | {"parameters": parameters}], "stop_on_failure": True}
    answer = upload(admin_client, _document({"name": "Deep flow", "request": {"steps": [step]}}))
    assert answer.status_code == 200, answer.text
    [saved] = rows(app, SavedRequest)
    assert json.loads(saved.request_json)["steps"][0]["actions"][0]["parameters"] == parameters


def test_an_entry_nested_too_deeply_or_a_flow_too_long_is_skipped(
    admin_client: TestClient, app: FastAPI
) -> None:
    step = {"actions": [ACTION | {"parameters": {}}], "stop_on_failure": True}
    document = _document(
        _entry("Kept"),
        {"name": "Deep", "request": DEEP[:6000]},
        {"name": "Long flow", "request": {"steps": [step] * (MAX_STEPS + 1)}},
        {"name": "Short flow", "request": {"steps": [step] * MAX_STEPS}},
    )
    answer = upload(admin_client, document)
    assert answer.status_code == 200, answer.text
    assert "Entry 2 (Deep): the request is invalid JSON or no request, skipped." in answer.text
    assert "Entry 3 (Long flow): the request is invalid JSON or no request, skipped." in answer.text
    assert sorted(s.name for s in rows(app, SavedRequest)) == ["Kept", "Short flow"]


def test_a_nul_character_in_a_name_or_description_is_not_imported(
    admin_client: TestClient, app: FastAPI
) -> None:
    document = _document(
        _entry("Kept", description="Text\x00mit NUL"),
        _entry("Bad\x00name"),
        folder="Ordner\x00",
    )
    answer = upload(admin_client, document)
    assert answer.status_code == 200, answer.text
    assert "Entry 1 (Kept): the description was unusable and left out." in answer.text
    assert "Entry 2" in answer.text and "no usable name, skipped." in answer.text
    assert [(s.name, s.description) for s in rows(app, SavedRequest)] == [("Kept", "")]
    assert [f.name for f in rows(app, SavedFolder)] == ["Imported"]


def test_a_file_with_a_credential_as_a_key_is_refused_whole(
    admin_client: TestClient, app: FastAPI
) -> None:
    planted = _entry("Sneaky", request=[ACTION | {"parameters": {PLANTED_SECRET: ["Id"]}}])
    before = snapshot(app)
    answer = upload(admin_client, json.dumps(_document(_entry("Harmless"), planted)).encode())
    assert answer.status_code == 400
    assert "The file carries a credential (at requests[1].request[0].parameters)" in answer.text
    assert PLANTED_SECRET not in answer.text
    assert changed_tables(before, snapshot(app)) == []


def test_a_read_with_a_variable_outside_a_string_compares_in_two_languages(
    admin_client: TestClient, app: FastAPI
) -> None:
    assert admin_client.post("/variables", data={"name": "limit", "value": "2"}).status_code == 303
    read = {"verb": "read", "resourcetype": "estate"}
    read["parameters"] = '{"data": ["Id", "objektart"], "listlimit": {{limit}}}'
    form = send_form(sandbox_profile(app, "ada"), read, language_a="DEU", language_b="ENG")
    answer = admin_client.post("/history/compare/languages", data=form)
    assert answer.status_code == 303, answer.text
    ids = re.findall(r"\d+", answer.headers["location"])
    sent = [admin_client.get(f"/api/history/{i}").json()["request"][0]["parameters"] for i in ids]
    assert [(p["listlimit"], p["outputlanguage"]) for p in sent] == [(2, "DEU"), (2, "ENG")]


def test_an_export_names_no_credential_held_in_a_request_or_folder_name(
    admin_client: TestClient, app: FastAPI
) -> None:
    folder = make_folder(admin_client, app, "Shelf")
    careless = make_saved(admin_client, app, "ada", f"Key {PLANTED_TOKEN}")
    clean = make_saved(admin_client, app, "ada", "Clean")
    for saved_id in (careless, clean):
        assert move(admin_client, saved_id, folder).status_code == 303
    exported = admin_client.get(f"/saved/folders/{folder}/export")
    assert exported.status_code == 200 and PLANTED_TOKEN not in exported.text
    assert exported.json()["left_out"] == [f"#{careless}"]
    assert [r["name"] for r in exported.json()["requests"]] == ["Clean"]
    named = make_folder(admin_client, app, f"Shelf {PLANTED_SECRET}")
    before = snapshot(app)
    refused = admin_client.get(f"/saved/folders/{named}/export")
    assert refused.status_code == 400 and PLANTED_SECRET not in refused.text
    assert "rename it before exporting" in refused.text
    assert changed_tables(before, snapshot(app)) == []


def test_a_file_saved_with_a_byte_order_mark_imports(
    admin_client: TestClient, app: FastAPI
) -> None:
    # Editors on Windows put one in front when a user saves an exported file again.
    raw = "\ufeff".encode() + json.dumps(_document(_entry("Kept"))).encode()
    answer = upload(admin_client, raw)
    assert answer.status_code == 200, answer.text
    assert [s.name for s in rows(app, SavedRequest)] == ["Kept"]


@pytest.mark.parametrize(
    ("requests", "message"),
    [
        ([0] * 100_000, "The file has more than 500 requests."),
        ([{"name": "x" * 900_000, "request": []}], "The file holds no usable request."),
    ],
)
def test_a_file_of_too_many_entries_or_huge_strings_is_refused_and_nothing_written(
    admin_client: TestClient, app: FastAPI, requests: list[Any], message: str
) -> None:
    before = snapshot(app)
    answer = upload(admin_client, _document(*requests))
    assert answer.status_code == 400
    assert f"{message} Nothing was imported." in answer.text
    assert changed_tables(before, snapshot(app)) == []
