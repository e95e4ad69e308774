"""One verdict per answer, the same in the panel, the history list and the JSON API."""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI

from playground.onoffice.response import parse_response
from playground.services.verdict import verdict
from tests.client import TestClient
from tests.http.team_support import HX, READ_ESTATE, picker_ids, send_form

UNKNOWN_FIELD = READ_ESTATE | {"parameters": json.dumps({"data": ["Id", "nosuchfield"]})}
EXPECTED = "1 of 2 actions failed: 143 Unknown field in estate data: nosuchfield"


def test_an_action_error_is_named_by_its_own_code_everywhere_and_found_by_search(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile_id = picker_ids(admin_client)[0]
    form = send_form(profile_id, READ_ESTATE, UNKNOWN_FIELD)
    panel = admin_client.post("/send", data=form, headers=HX).text
    assert f'data-testid="top-status">{EXPECTED}<' in panel
    assert "error 97" not in panel
    listed = admin_client.get("/history").text
    assert f'badge-error">{EXPECTED}<' in listed
    entries = admin_client.get("/api/history").json()["entries"]
    assert entries[0]["status"] == EXPECTED and entries[0]["ok"] is False
    # The actions' own code and error text find the entry; an OK send is not among them.
    admin_client.post("/send", data=send_form(profile_id, READ_ESTATE), headers=HX)
    for words in ("143", "unknown field", "nosuchfield"):
        found = admin_client.get("/api/history", params={"q": words}).json()["entries"]
        assert [e["status"] for e in found] == [EXPECTED], words


def test_fewer_results_than_actions_is_not_ok() -> None:
    ok = {"code": 200, "errorcode": 0, "message": "OK"}
    result = {"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:read",
              "resourcetype": "estate", "resourceid": "", "identifier": "", "status": ok,
              "data": {"meta": {"cntabsolute": 0}, "records": []}}  # fmt: skip
    answer = parse_response({"status": ok, "response": {"results": [result]}})
    assert verdict(answer, 1) is None
    assert verdict(answer, 2) == "1 of 2 actions got no result"


def test_a_paged_read_offers_the_next_page_until_the_last(admin_client: TestClient) -> None:
    profile_id = picker_ids(admin_client)[0]
    first = READ_ESTATE | {"parameters": json.dumps({"data": ["Id"], "listlimit": 2})}
    panel = admin_client.post("/send", data=send_form(profile_id, first), headers=HX).text
    assert 'data-next-page="2" data-action-index="0"' in panel
    shown = re.search(r'data-testid="cntabsolute">([\d,.]+) total', panel)
    assert shown is not None
    total = int(re.sub(r"\D", "", shown.group(1)))
    last = READ_ESTATE | {"parameters": json.dumps({"data": ["Id"], "listoffset": total - 2})}
    panel = admin_client.post("/send", data=send_form(profile_id, last), headers=HX).text
    assert "data-next-page" not in panel


# (resourcetype, parameters, offered): "Next page" re-sends with listoffset, so calls whose
# docs page without it get no button (shared API notes, section 3.2): read task has no
# listoffset and refuses it; read log pages with listOffset and would repeat page one.
PAGED_READS = [
    ("agentslog", {"listlimit": 2}, True),
    ("task", {"listlimit": 2}, False),
    ("log", {"listlimit": 2}, False),
]


@pytest.mark.parametrize(("resourcetype", "parameters", "offered"), PAGED_READS)
def test_next_page_only_for_reads_that_page_with_listoffset(
    admin_client: TestClient, resourcetype: str, parameters: dict[str, int], offered: bool
) -> None:
    action = {"verb": "read", "resourcetype": resourcetype, "parameters": json.dumps(parameters)}
    form = send_form(picker_ids(admin_client)[0], action)
    panel = admin_client.post("/send", data=form, headers=HX).text
    assert 'data-testid="cntabsolute"' in panel
    assert ('data-next-page="2"' in panel) is offered
