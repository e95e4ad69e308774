"""A planted token and secret never leave in an exported collection nor come in with an import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from playground.settings import Settings
from tests.client import TestClient
from tests.http.collection_support import make_folder, make_saved, move, upload
from tests.http.team_support import HX

CANARY_TOKEN = "CANARYtoken0123456789abcdefVWXYZ"
CANARY_SECRET = "CANARYsecret" + "0123456789abcdef" * 3 + "s3cr"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every user's sandbox profile holds the canary credentials."""
    return {"sandbox_token": CANARY_TOKEN, "sandbox_secret": CANARY_SECRET}


def test_no_collection_file_carries_the_canary_out_or_in(
    admin_client: TestClient, app: FastAPI, settings: Settings
) -> None:
    folder = make_folder(admin_client, app, "Canary folder")
    clean = make_saved(admin_client, app, "ada", "Clean")
    # A request with the token typed into a parameter by hand: it stays out of the file.
    typed = {
        "verb": "read",
        "resourcetype": "estate",
        "parameters": json.dumps({"x": CANARY_TOKEN}),
    }
    careless = make_saved(admin_client, app, "ada", "Careless", actions=(typed,))
    for saved_id in (clean, careless):
        assert move(admin_client, saved_id, folder).status_code == 303
    exported = admin_client.get(f"/saved/folders/{folder}/export")
    document = exported.json()
    assert [r["name"] for r in document["requests"]] == ["Clean"]
    assert document["left_out"] == ["Careless"]

    seen = [exported.text + json.dumps(dict(exported.headers))]
    for value in (CANARY_TOKEN, CANARY_SECRET, f"Bearer {CANARY_SECRET}"):
        action = {"verb": "read", "resourcetype": "estate", "identifier": value}
        entry = {"name": "In", "request": [action]}
        planted = document | {"requests": [entry]}
        for headers in ({}, HX):
            answer = upload(admin_client, planted, headers=headers)
            assert answer.status_code == 400 and "carries a credential" in answer.text
            seen.append(answer.text)
    seen.append(admin_client.get("/saved").text)
    for body in seen:
        assert CANARY_TOKEN not in body and CANARY_SECRET not in body
    # The refused imports wrote nothing: the secret is nowhere in the database files (the
    # token is, in the request typed by hand above, which is what this test plants).
    url = settings.effective_database_url
    if url.startswith("sqlite:///"):
        database = Path(url.removeprefix("sqlite:///"))
        for path in database.parent.glob(database.name + "*"):
            assert CANARY_SECRET.encode() not in path.read_bytes()
