"""Helpers for the collection tests: folders, saved requests and importing a file."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from fastapi import FastAPI

from playground.store.models import SavedFolder
from tests.client import TestClient
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, READ_ESTATE, rows, send_form

GET_FIELDS = {"verb": "get", "resourcetype": "fields", "parameters": '{"modules": ["address"]}'}


def make_folder(client: TestClient, app: FastAPI, name: str, *, team: bool = False) -> int:
    """A new folder made through the page's form: its id."""
    form = {"name": name} | ({"team": "1"} if team else {})
    answer = client.post("/saved/folders", data=form)
    assert answer.status_code == 303, answer.text
    found: int = max(f.id for f in rows(app, SavedFolder) if f.name == name.strip())
    return found


def make_saved(
    client: TestClient,
    app: FastAPI,
    username: str,
    name: str,
    *,
    team: bool = False,
    actions: tuple[dict[str, str], ...] = (READ_ESTATE,),
) -> int:
    """A new saved request of the user's, with their sandbox profile: its id."""
    form = send_form(sandbox_profile(app, username), *actions, name=name)
    answer = client.post("/saved", data=form | ({"team": "1"} if team else {}))
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("=", 1)[1])


def move(client: TestClient, saved_id: int, folder_id: int | None, **kw: Any) -> httpx.Response:
    """Post the row's "Move to" form."""
    data = {"folder_id": "" if folder_id is None else str(folder_id)}
    answer: httpx.Response = client.post(f"/saved/{saved_id}/move", data=data, **kw)
    return answer


def sections(client: TestClient, query: str = "") -> dict[str, list[int]]:
    """The /saved list as htmx gets it: each folder's name (or "unfiled") with its row ids."""
    text = client.get("/saved" + query, headers=HX).text
    found: dict[str, list[int]] = {}
    for part in re.split(r'(?=<section class="[^"]*" id="folder-)', text)[1:]:
        name = re.search(r'data-testid="folder-name">([^<]*)<', part)
        key = name.group(1) if name else "unfiled"
        found[key] = [int(i) for i in re.findall(r'id="saved-row-(\d+)"', part)]
    return found


def upload(client: TestClient, document: Any, **kw: Any) -> httpx.Response:
    """Import a collection file (a document to encode, or raw bytes)."""
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    files = {"file": ("c.json", raw, "application/json")}
    answer: httpx.Response = client.post("/saved/import", files=files, **kw)
    return answer
