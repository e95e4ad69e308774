"""A huge answer is shown cut down: a thousand rows per action and the first megabyte of JSON."""

from __future__ import annotations

import json
from typing import Any

from playground.onoffice.response import with_records_cut
from playground.store.models import HistoryEntry
from playground.web.views import SHOWN_JSON_CHARS, SHOWN_ROWS, response_view


def _answer(count: int) -> dict[str, Any]:
    records = [
        {"id": n, "type": "estate", "elements": {"Id": n, "ort": "Aachen"}} for n in range(count)
    ]
    result = {
        "actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:read",
        "resourceid": "",
        "resourcetype": "estate",
        "identifier": "",
        "data": {"meta": {"cntabsolute": count}, "records": records},
        "status": {"errorcode": 0, "message": "OK"},
    }
    return {
        "status": {"code": 200, "errorcode": 0, "message": "OK"},
        "response": {"results": [result]},
    }


def test_cutting_keeps_everything_but_the_longer_record_lists() -> None:
    answer = _answer(5000)
    cut = with_records_cut(answer, 1001)
    assert isinstance(cut, dict)
    [result] = cut["response"]["results"]
    assert len(result["data"]["records"]) == 1001
    assert result["data"]["meta"] == {"cntabsolute": 5000}
    assert cut["status"] == answer["status"]
    assert len(answer["response"]["results"][0]["data"]["records"]) == 5000  # not changed
    assert with_records_cut(_answer(3), 1001) == _answer(3)
    assert with_records_cut(["not", "an", "answer"], 10) == ["not", "an", "answer"]


def test_a_huge_answer_shows_a_thousand_rows_and_the_first_megabyte() -> None:
    full = json.dumps(_answer(40_000))
    assert len(full) > 2 * SHOWN_JSON_CHARS
    entry = HistoryEntry(
        id=7,
        user_id=1,
        profile_name="Big",
        endpoint="sandbox",
        verbs=" read ",
        resourcetypes=" estate ",
        request_json=json.dumps([{"verb": "read", "resourcetype": "estate", "parameters": {}}]),
        response_body=full,
        response_size=len(full),
        ok=True,
    )
    view = response_view(entry, with_records_cut(json.loads(full), SHOWN_ROWS + 1))
    [action] = view.actions
    assert len(action.rows) == SHOWN_ROWS and action.more_rows
    assert action.cntabsolute == 40_000
    assert view.raw_json == full[:SHOWN_JSON_CHARS]
    assert view.truncated_note is not None and "first 1,000,000 characters" in view.truncated_note
