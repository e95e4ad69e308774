"""A folder exported as one JSON file and imported again, here or on a fresh instance."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from playground.settings import Settings
from playground.store.models import SavedFolder, SavedRequest
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.db_support import copy_database
from tests.http.collection_support import GET_FIELDS, make_folder, make_saved, move, upload
from tests.http.route_support import changed_tables, snapshot
from tests.http.team_support import (
    PLANTED_SECRET,
    PLANTED_TOKEN,
    create_profile,
    events,
    rows,
    send_form,
)

FORMAT = "onoffice-playground-collection"
ACTION = {"verb": "read", "resourcetype": "estate", "resourceid": "", "identifier": ""}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every user's sandbox profile holds the planted credentials."""
    return {"sandbox_token": PLANTED_TOKEN, "sandbox_secret": PLANTED_SECRET}


@pytest.fixture
def fresh_app(
    tmp_path: Path, database_kind: str, request: pytest.FixtureRequest
) -> Iterator[FastAPI]:
    """A second, separate instance with its own empty database (the same kind as the first)."""
    if database_kind == "postgresql":
        clones = request.getfixturevalue("postgres_clones")
        url = clones.take()
    else:
        template = request.getfixturevalue("sqlite_template")
        url = copy_database(template, tmp_path / "fresh.db")
    yield create_app(Settings(data_dir=tmp_path / "fresh", database_url=url))
    if database_kind == "postgresql":
        clones.give_back(url)


def _document(*requests: Any) -> dict[str, Any]:
    """A collection file's content."""
    return {"format": FORMAT, "version": 1, "folder": {"name": "Given"}, "requests": list(requests)}


def _entry(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "request": [ACTION | {"parameters": {"data": ["Id"]}}]} | extra


def _filled_folder(client: TestClient, app: FastAPI) -> int:
    """A folder with two requests, one described and with expectations."""
    folder = make_folder(client, app, "Übergabe Kunde")
    first = make_saved(client, app, "ada", "Estates")
    second = make_saved(client, app, "ada", "Fields", actions=(GET_FIELDS,))
    described = {"name": "Fields", "description": "Alle Felder der Adressen"}
    assert client.post(f"/saved/{second}/rename", data=described).status_code == 303
    expected = {"expect_ok": "1", "expect_min_records": "2", "expect_field": "ort"}
    assert client.post(f"/saved/{first}/expectations", data=expected).status_code == 303
    for saved_id in (first, second):
        assert move(client, saved_id, folder).status_code == 303
    return folder


def _kept(app: FastAPI) -> list[tuple[Any, ...]]:
    """What an import should carry over, per saved request."""
    return [
        (s.name, s.description, json.loads(s.request_json), s.expect_ok, s.expect_min_records,
         s.expect_field)
        for s in rows(app, SavedRequest)
    ]  # fmt: skip


def test_an_exported_folder_imports_into_a_fresh_instance_with_the_same_requests(
    admin_client: TestClient, app: FastAPI, fresh_app: FastAPI
) -> None:
    folder = _filled_folder(admin_client, app)
    exported = admin_client.get(f"/saved/folders/{folder}/export")
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/json"
    assert "attachment" in exported.headers["content-disposition"]
    document = exported.json()
    assert document["format"] == FORMAT and document["version"] == 1
    assert document["folder"] == {"name": "Übergabe Kunde"}
    assert "profile" not in exported.text and PLANTED_TOKEN not in exported.text

    with TestClient(fresh_app, follow_redirects=False) as other:
        form = {"username": "eve", "password": PASSWORD, "password_confirm": PASSWORD}
        assert other.post("/setup", data=form).status_code == 303
        other.headers["X-CSRF-Token"] = csrf_of(other)
        answer = upload(other, exported.content)
        assert answer.status_code == 200, answer.text
        assert "Imported 2 requests into the new private folder “Übergabe Kunde”." in answer.text
        assert 'data-testid="import-skipped"' not in answer.text
        [new_folder] = rows(fresh_app, SavedFolder)
        assert new_folder.name == "Übergabe Kunde" and not new_folder.team
        assert _kept(fresh_app) == _kept(app)
        imported = rows(fresh_app, SavedRequest)
        assert {(s.folder_id, s.team, s.profile_id) for s in imported} == {
            (new_folder.id, False, None)
        }
        assert "Estates" in other.get("/saved?q=estates").text
        [imported_event] = events(fresh_app, "collection.imported")
        assert imported_event.summary == "Imported folder “Übergabe Kunde” (2 requests, 0 notes)"
    [exported_event] = events(app, "collection.exported")
    assert exported_event.username == "ada" and "Übergabe Kunde" in exported_event.summary


@pytest.mark.parametrize(
    "planted",
    [
        {"parameters": {"data": ["Id"], "token": "abc"}},  # a credential's key name
        {"parameters": {"data": ["Id"], "ApiSecret": ""}},
        {"parameters": {"data": ["Id"], "note": f"key {PLANTED_TOKEN}"}},  # the user's token
        {"identifier": PLANTED_SECRET},  # the user's secret
    ],
)
def test_a_file_carrying_a_credential_is_refused_whole(
    admin_client: TestClient, app: FastAPI, planted: dict[str, Any]
) -> None:
    good = _entry("Harmless")
    bad = {"name": "Sneaky", "request": [ACTION | {"parameters": {}} | planted]}
    before = snapshot(app)
    answer = upload(admin_client, _document(good, bad))
    assert answer.status_code == 400
    assert "The file carries a credential (at requests[1].request[0]." in answer.text
    assert "Nothing was imported." in answer.text
    assert PLANTED_TOKEN not in answer.text and PLANTED_SECRET not in answer.text
    assert changed_tables(before, snapshot(app)) == []


def test_an_import_reports_what_it_skipped(admin_client: TestClient, app: FastAPI) -> None:
    document = _document(
        _entry("Kept", description="Beschreibung", colour="blue"),
        {"name": "Broken JSON", "request": '[{"verb": "read",'},
        "not an object",
        {"name": "Unknown verb", "request": [{"verb": "explode", "resourcetype": "estate"}]},
        _entry("Odd expectations", expectations={"min_records": -3}),
        {"name": "A flow", "request": {"steps": [{"actions": [ACTION], "stop_on_failure": False}]}},
        {"name": "Broken flow", "request": {"steps": [{"stop_on_failure": False}]}},
    ) | {"exported_by": "someone"}
    answer = upload(admin_client, document)
    assert answer.status_code == 200, answer.text
    assert "Imported 3 requests into the new private folder “Given”." in answer.text
    skipped = answer.text.split('data-testid="import-skipped"', 1)[1]
    for line in (
        "Unknown fields ignored: exported_by.",
        "Entry 1 (Kept): unknown fields ignored: colour.",
        "Entry 2 (Broken JSON): the request is invalid JSON or no request, skipped.",
        "Entry 3: not an object, skipped.",
        "Entry 4 (Unknown verb): the request is invalid JSON or no request, skipped.",
        "Entry 5 (Odd expectations): the expectations were unusable and left out.",
        "Entry 7 (Broken flow): the request is invalid JSON or no request, skipped.",
    ):
        assert line in skipped
    kept = rows(app, SavedRequest)
    assert [(s.name, s.description) for s in kept] == [
        ("Kept", "Beschreibung"),
        ("Odd expectations", ""),
        ("A flow", ""),
    ]
    flow = json.loads(kept[2].request_json)  # stored as the composer stores a flow
    assert flow == {"steps": [{"actions": [ACTION | {"parameters": {}}], "stop_on_failure": False}]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "The file is not valid JSON."),
        (b"\xff\xfe", "The file is not valid JSON."),
        (json.dumps({"format": "other", "version": 1}).encode(), "not a collection exported"),
        (json.dumps({"format": FORMAT, "version": 2, "requests": []}).encode(), "version"),
        (json.dumps(_document({"name": "x", "request": []})).encode(), "no usable request"),
        (b" " * 1_000_001, "The file is larger than 1000 kB."),
        (  # a lone surrogate, as a JSON escape, in a name or in a key nobody knows
            json.dumps(_document({"name": "A\ud800", "request": [ACTION]})).encode(),
            "The file holds text that is not valid Unicode.",
        ),
        (
            json.dumps(_document(_entry("Fine")) | {"\udfff": 1}).encode(),
            "The file holds text that is not valid Unicode.",
        ),
    ],
)
def test_a_file_that_is_no_collection_is_refused_and_nothing_written(
    admin_client: TestClient, app: FastAPI, content: bytes, message: str
) -> None:
    before = snapshot(app)
    answer = upload(admin_client, content)
    assert answer.status_code == 400
    assert message in answer.text and "Nothing was imported." in answer.text
    assert changed_tables(before, snapshot(app)) == []


def test_an_import_without_a_file_says_so(admin_client: TestClient) -> None:
    answer = admin_client.post("/saved/import", files={"other": ("x", b"", "text/plain")})
    assert answer.status_code == 400 and "Choose a collection file to import." in answer.text


def test_an_export_leaves_out_a_request_holding_its_own_profiles_token(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    token, secret = (
        "ALICEprivateTOKEN0123456789abcde",
        "ALICEprivateSECRET" + "0123456789" * 4 + "qrstuv",
    )
    own = create_profile(alice, app, "Alice production", token=token, secret=secret)
    typed = {"verb": "read", "resourcetype": "estate", "parameters": json.dumps({"x": token})}
    form = send_form(own, typed, name="Careless", team="1")
    assert alice.post("/saved", data=form).status_code == 303
    folder = make_folder(alice, app, "Team shelf", team=True)
    careless = max(s.id for s in rows(app, SavedRequest))
    clean = make_saved(alice, app, "alice", "Clean", team=True)
    for saved_id in (careless, clean):
        assert move(alice, saved_id, folder).status_code == 303
    # Bob may not use alice's profile, yet its token is looked for in her request.
    exported = bob.get(f"/saved/folders/{folder}/export")
    assert token not in exported.text
    assert [r["name"] for r in exported.json()["requests"]] == ["Clean"]
    assert exported.json()["left_out"] == ["Careless"]
