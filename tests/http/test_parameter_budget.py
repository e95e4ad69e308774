"""A request's parameters hold at most compose.MAX_VALUES values in all: each one costs time to
check, sign, store, show and turn into code, so a 2 MB form of short numbers (200,000 of
them, each action under its own character limit) cost every other user seconds of CPU.
A collection file holds at most collection_reading.MAX_VALUES values, its requests' too."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

from playground.services.collection_reading import FORMAT, VERSION
from tests.client import TestClient
from tests.http.collection_support import upload
from tests.http.flow_support import action, flow_form
from tests.http.team_support import HX, create_profile, send_form

TOO_MANY = "The parameters hold more than 20,000 values in all; split the request."
FILE_TOO_BIG = "The file holds more than 50,000 values; export smaller folders."
ZU_VIELE = "Die Parameter enthalten insgesamt mehr als 20.000 Werte; teilen Sie die Anfrage auf."


def _reads(*counts: int) -> list[dict[str, str]]:
    """Reads whose parameters each hold a list of `count` numbers (plus the object and name)."""
    return [action("read", "estate", {"filter": list(range(count))}) for count in counts]


def _history(client: TestClient) -> list[Any]:
    """The user's history entries."""
    entries: list[Any] = json.loads(client.get("/api/history").text)["entries"]
    return entries


def test_actions_together_over_the_budget_are_not_sent(
    app: FastAPI, admin_client: TestClient
) -> None:
    """Each action alone is within the budget, both together are not: refused, not sent."""
    profile_id = create_profile(admin_client, app, "Team")
    form = send_form(profile_id, *_reads(12_000, 12_000))
    answer = admin_client.post("/send", data=form, headers=HX)
    assert answer.status_code == 422
    assert TOO_MANY in answer.text
    assert _history(admin_client) == []
    admin_client.post("/account/preferences", data={"language": "de", "time_zone": "UTC"})
    assert ZU_VIELE in admin_client.post("/send", data=form, headers=HX).text


def test_code_export_over_the_budget_says_why_and_within_it_works(
    app: FastAPI, admin_client: TestClient
) -> None:
    """The code panel refuses what a send would refuse, and exports a large request that fits."""
    profile_id = create_profile(admin_client, app, "Team")
    refused = admin_client.post(
        "/code/python", data=send_form(profile_id, *_reads(30_000)), headers=HX
    )
    assert refused.status_code == 422
    assert "No code: " + TOO_MANY in refused.text
    fits = admin_client.post(
        "/code/python", data=send_form(profile_id, *_reads(19_000)), headers=HX
    )
    assert fits.status_code == 200
    assert "18999]}" in fits.text


def test_a_flow_over_the_budget_in_all_is_not_saved(app: FastAPI, admin_client: TestClient) -> None:
    """Saving checks every step, so the budget is the whole flow's: the step past it is named."""
    profile_id = create_profile(admin_client, app, "Team")
    steps = [_reads(8_000) for _ in range(3)]
    form = flow_form(profile_id, *steps) | {"flow_name": "Bulk"}
    answer = admin_client.post("/flows/save", data=form, headers=HX)
    assert answer.status_code == 422
    assert "Step 3: " + TOO_MANY in answer.text
    assert "Bulk" not in admin_client.get("/saved").text
    fits = flow_form(profile_id, *steps[:2]) | {"flow_name": "Bulk"}
    assert admin_client.post("/flows/save", data=fits).status_code == 303


def test_a_collection_file_over_the_budget_is_refused_as_a_whole(admin_client: TestClient) -> None:
    """Three requests each within a request's budget, together over the file's: nothing is
    imported, whether the requests are JSON in the file or JSON text inside it."""
    read = {"verb": "read", "resourcetype": "estate", "parameters": {"filter": list(range(19_000))}}
    requests = [{"name": f"Bulk {n}", "request": [read]} for n in range(3)]
    document = {"format": FORMAT, "version": VERSION, "requests": requests}
    as_text = [entry | {"request": json.dumps(entry["request"])} for entry in requests]
    for sent in (document, document | {"requests": as_text}):
        answer = upload(admin_client, sent, headers=HX)
        assert answer.status_code == 400
        assert FILE_TOO_BIG in answer.text
    assert "Bulk 0" not in admin_client.get("/saved").text


def test_an_import_skips_what_the_composer_could_not_open_or_send(
    admin_client: TestClient,
) -> None:
    """A request written as JSON text inside JSON text, or one the composer would hold in
    more than its 200,000 characters once indented, is skipped; the others are imported."""
    read = {"verb": "read", "resourcetype": "estate", "parameters": {"data": ["Id"]}}
    wide = read | {"parameters": {"data": ["abcd"] * 19_000}}  # 133 kB, 228 kB indented
    requests = [
        {"name": "Fine one", "request": [read]},
        {"name": "Text twice", "request": json.dumps(json.dumps([read]))},
        {"name": "Wide one", "request": [wide]},
    ]
    document = {"format": FORMAT, "version": VERSION, "requests": requests}
    assert upload(admin_client, document, headers=HX).status_code == 200
    saved = admin_client.get("/saved").text
    assert "Fine one" in saved
    assert "Text twice" not in saved and "Wide one" not in saved
