"""The raw diff of two long answers: a change deep inside is shown at its own line numbers, and
answers differing nearly everywhere are compared only so far, which the page says (difflib
takes time quadratic in the lines it compares: seconds of CPU for two sandbox reads)."""

from __future__ import annotations

import difflib
import html
import json
import re
from typing import Any

import pytest
from fastapi import FastAPI

from playground.onoffice.diff import pretty
from playground.sandbox.fields import FIELDS
from tests.client import TestClient
from tests.http.team_support import PLANTED_SECRET, PLANTED_TOKEN, create_profile, send_form

PARTIAL = "The raw diff compares only the 3,000 lines from the first difference on"
TEILWEISE = "Der JSON-Unterschied vergleicht nur die 3.000 Zeilen ab dem ersten Unterschied"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The sandbox accepts the planted credentials (the profile holds them)."""
    return {"sandbox_token": PLANTED_TOKEN, "sandbox_secret": PLANTED_SECRET}


def _read(order: str) -> dict[str, str]:
    """A read of 500 estates with every field, by id in this order (about 50,000 lines)."""
    parameters = {"data": list(FIELDS["estate"]), "listlimit": 500, "sortby": {"Id": order}}
    return {"verb": "read", "resourcetype": "estate", "parameters": json.dumps(parameters)}


def _send(client: TestClient, profile_id: int, action: dict[str, str]) -> int:
    """Send one action with the composer's form; the new entry's id."""
    response = client.post("/send", data=send_form(profile_id, action))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _raw(page: str) -> list[str]:
    """The lines of the raw diff a compare page shows."""
    shown = page.split('data-testid="raw-diff">', 1)[1].split("</pre>", 1)[0]
    return html.unescape(re.sub(r"</?(ins|del)>", "", shown)).splitlines()


def _deep_change(client: TestClient, profile_id: int) -> tuple[int, int]:
    """Read 500 estates, retitle the 301st, read again: the two entries."""
    first = _send(client, profile_id, _read("ASC"))
    body = json.loads(client.get(f"/history/{first}/response.json").text)
    estate = body["response"]["results"][0]["data"]["records"][300]["id"]
    retitle = {"objekttitel": "Retitled deep inside"}
    modify = {"verb": "modify", "resourcetype": "estate", "resourceid": str(estate),
              "parameters": json.dumps({"data": retitle})}  # fmt: skip
    _send(client, profile_id, modify)
    return first, _send(client, profile_id, _read("ASC"))


def test_long_answers_are_compared_in_full_or_only_so_far_and_the_page_says_so(
    app: FastAPI, admin_client: TestClient
) -> None:
    """A change deep inside gets the diff difflib gives for the whole answers, line numbers
    and all; the same estates in opposite orders get a raw diff the page calls partial."""
    profile_id = create_profile(admin_client, app, "Team")
    first, second = _deep_change(admin_client, profile_id)
    page = admin_client.get("/history/compare", params={"a": first, "b": second}).text
    old, new = (admin_client.get(f"/history/{i}/response.json").text for i in (first, second))
    (old_text, _), (new_text, _) = pretty(old), pretty(new)
    whole = difflib.unified_diff(
        old_text.splitlines(), new_text.splitlines(), "a", "b", lineterm="", n=3
    )
    assert _raw(page) == list(whole)
    assert PARTIAL not in page
    backwards = _send(admin_client, profile_id, _read("DESC"))
    page = admin_client.get("/history/compare", params={"a": second, "b": backwards}).text
    assert PARTIAL in page
    assert _raw(page)[2].startswith("@@ -")
    admin_client.post("/account/preferences", data={"language": "de", "time_zone": "UTC"})
    german = admin_client.get("/history/compare", params={"a": second, "b": backwards}).text
    assert TEILWEISE in german
