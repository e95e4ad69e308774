"""A planted token and secret never appear in any page, fragment, JSON, download, log or file."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.codegen import languages
from playground.onoffice.envelope import build_envelope
from playground.settings import Settings
from tests.client import TestClient

CANARY_TOKEN = "CANARYtoken0123456789abcdefVWXYZ"
CANARY_SECRET = "CANARYsecret" + "0123456789abcdef" * 3 + "s3cr"
HX = {"HX-Request": "true"}
METRICS_TOKEN = "canary-test-scraper-token"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The sandbox accepts the canary credentials, so every user's sandbox profile holds them."""
    return {
        "sandbox_token": CANARY_TOKEN,
        "sandbox_secret": CANARY_SECRET,
        "metrics_token": METRICS_TOKEN,
    }


def _profile_and_entry(client: TestClient) -> tuple[str, str]:
    """Create a profile with the canary, send with it twice (one ok, one failing)."""
    data = {"name": "Canary", "endpoint": "sandbox", "hmac_version": "1"}
    client.post("/profiles", data=data | {"token": CANARY_TOKEN, "secret": CANARY_SECRET})
    page = client.get("/").text
    profile_id = re.findall(r'<option value="(\d+)"[^>]*>Canary ·', page)[0]
    for parameters in ({"data": ["Id", "ort"], "listlimit": 3}, {"data": ["broken"]}):
        form = {"profile_id": profile_id, "verb": "read", "resourcetype": "estate"}
        response = client.post("/send", data=form | {"parameters": json.dumps(parameters)})
        assert response.status_code == 303
    entry_id = response.headers["location"].rsplit("/", 1)[1]
    return profile_id, entry_id


def _team_objects(client: TestClient, profile_id: str, entry_id: str) -> dict[str, str]:
    """Share the canary profile, save a team request with it and link the history entry."""
    assert client.post(f"/profiles/{profile_id}/share").status_code == 303
    form = {"name": "Canary saved", "team": "1", "profile_id": profile_id, "verb": "read"}
    response = client.post("/saved", data=form | {"resourcetype": "estate", "parameters": "{}"})
    assert response.status_code == 303
    saved_id = response.headers["location"].rsplit("=", 1)[1]
    shared = client.post(f"/history/{entry_id}/share", headers=HX)
    match = re.search(r'value="http://testserver/s/([\w-]+)"', shared.text)
    assert match
    # A team folder holding the saved request: its export must not carry the canary either.
    assert (
        client.post("/saved/folders", data={"name": "Canary folder", "team": "1"}).status_code
        == 303
    )
    folder_id = re.findall(r'id="folder-(\d+)"', client.get("/saved").text)[0]
    moved = client.post(f"/saved/{saved_id}/move", data={"folder_id": folder_id})
    assert moved.status_code == 303
    return {"saved_id": saved_id, "code": match.group(1), "folder_id": folder_id}


def _get_paths(app: FastAPI, ids: dict[str, str]) -> list[str]:
    """Every GET route of the app (from its OpenAPI description), path parameters filled in."""
    paths = [path for path, methods in app.openapi()["paths"].items() if "get" in methods]
    assert len(paths) >= 10
    filled = []
    for path in paths:  # a code export in every language
        for lang in [lang.key for lang in languages()] if "{lang}" in path else [""]:
            values = ids | {"lang": lang}
            filled.append(path.format_map(values))
    return filled


def _crawl(client: TestClient, app: FastAPI, ids: dict[str, str]) -> list[str]:
    """Bodies and headers of every page and fragment, plus the mutations' answers."""
    seen = []
    extra = [f"/?from={ids['entry_id']}", "/history?q=Canary"]
    extra += [f"/history/compare?a={int(ids['entry_id']) - 1}&b={ids['entry_id']}"]
    extra += [f"/?saved={ids['saved_id']}", f"/?share={ids['code']}", "/saved?q=Canary"]
    extra += [f"/fields.json?profile={ids['profile_id']}", f"/fields?profile={ids['profile_id']}"]
    for path in [*_get_paths(app, ids), *extra]:
        for headers in ({}, HX):
            response = client.get(path, headers=headers)
            seen.append(response.text + json.dumps(dict(response.headers)))
    scrape = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert scrape.status_code == 200
    seen.append(scrape.text)
    for path in (f"/history/{ids['entry_id']}/resend", f"/profiles/{ids['profile_id']}/test"):
        seen.append(client.post(path, headers=HX).text)
    composer = {"profile_id": ids["profile_id"], "verb": "read", "resourcetype": "estate"}
    for lang in languages():
        for headers in ({}, HX):
            answer = client.post(f"/code/{lang.key}", data=composer, headers=headers)
            seen.append(answer.text + json.dumps(dict(answer.headers)))
    # The same reads in two languages, then their comparison.
    twice = composer | {"language_a": "DEU", "language_b": "ENG"}
    compared = client.post("/history/compare/languages", data=twice)
    assert compared.status_code == 303, compared.text
    seen.append(client.get(compared.headers["location"]).text)
    # A flow: built, saved, run step by step (htmx) and at once (a plain form).
    second = composer | {"resourceid": "{{steps.1.records.0.id}}", "parameters": "{}"}
    steps = [json.dumps([composer | {"parameters": "{}"}]), json.dumps([second])]
    flow = composer | {"flow_step": steps, "flow_stop": ["1", "0"], "flow_name": "Canary flow"}
    seen.append(client.post("/flows/steps", data=flow | {"op": "add"}, headers=HX).text)
    seen.append(client.post("/flows/save", data=flow, headers=HX).text)
    started = client.post("/flows/run", data=flow, headers=HX)
    seen.append(started.text + json.dumps(dict(started.headers)))
    run = re.search(r'data-run-id="(\d+)"', started.text)
    assert run, started.text
    for _step in steps:
        seen.append(client.post("/flows/next", data={"run_id": run.group(1)}, headers=HX).text)
    assert 'data-testid="flow-done"' in seen[-1]  # both steps ran and showed their answers
    seen.append(json.dumps(dict(client.post("/flows/run", data=flow).headers)))
    signed = build_envelope(
        [ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"]})],
        token=CANARY_TOKEN, secret=CANARY_SECRET, timestamp=int(time.time()), hmac_version=2,
    )  # fmt: skip
    for body in (signed, {"token": CANARY_TOKEN, "request": {}}):
        xray = {"profile_id": ids["profile_id"], "body": json.dumps(body)}
        for headers in ({}, HX):
            seen.append(client.post("/xray", data=xray, headers=headers).text)
    refresh = {"profile": ids["profile_id"], "language": "DEU"}
    seen.append(client.post("/fields/refresh", data=refresh, headers=HX).text)
    bad_edit = {"name": "", "endpoint": "sandbox", "token": CANARY_TOKEN, "secret": CANARY_SECRET}
    seen.append(client.post(f"/profiles/{ids['profile_id']}", data=bad_edit).text)
    # The same pages once more in German, with the user's own zone.
    client.post("/account/preferences", data={"language": "de", "time_zone": "Asia/Kolkata"})
    for path in _get_paths(app, ids):
        seen.append(client.get(path).text)
    return seen


def test_canary_never_leaves_the_server(
    admin_client: TestClient,
    make_client: Callable[[str], TestClient],
    app: FastAPI,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    profile_id, entry_id = _profile_and_entry(admin_client)
    ids = {"entry_id": entry_id, "profile_id": profile_id} | _team_objects(
        admin_client, profile_id, entry_id
    )
    bodies = _crawl(admin_client, app, ids)
    bodies += _crawl(make_client("mallory"), app, ids)
    assert len(bodies) > 40
    for body in bodies:
        assert CANARY_TOKEN not in body and CANARY_SECRET not in body
    assert CANARY_TOKEN not in caplog.text and CANARY_SECRET not in caplog.text
    database_files = list(settings.data_dir.rglob("*")) + list(
        Path(settings.effective_database_url.removeprefix("sqlite:///")).parent.glob(
            "playground.db*"
        )
    )
    for path in database_files:
        if path.is_file():
            raw = path.read_bytes()
            assert CANARY_TOKEN.encode() not in raw, path
            assert CANARY_SECRET.encode() not in raw, path


def test_an_exception_quoting_the_credentials_is_logged_without_them(
    admin_client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _profile_and_entry(admin_client)

    def broken() -> None:
        raise ValueError(f"could not sign {{'t': {CANARY_TOKEN!r}}} with {CANARY_SECRET}")

    app.add_api_route("/broken", broken)
    answer = admin_client.get("/broken")
    assert answer.status_code == 500
    assert CANARY_TOKEN not in answer.text and CANARY_SECRET not in answer.text
    assert "ValueError: could not sign" in caplog.text  # logged, traceback and all
    assert CANARY_TOKEN not in caplog.text and CANARY_SECRET not in caplog.text
