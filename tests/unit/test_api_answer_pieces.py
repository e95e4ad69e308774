"""The JSON API writes a large answer in short pieces, byte for byte as FastAPI writes the
response model whole (the documented shape, NaN as null, escapes, numbers)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from playground.services.send import Sent
from playground.store.models import HistoryEntry, Profile
from playground.web.api.answers import send_json, send_out
from playground.web.api.models import SendOut
from playground.web.api.pieces import PIECE_BYTES

STATUS = {"code": 200, "errorcode": 0, "message": "OK"}


def _result(records: list[Any], status: dict[str, Any] = STATUS) -> dict[str, Any]:
    data = {"meta": {"cntabsolute": len(records)}, "records": records}
    return {"actionid": "urn:x", "resourceid": 7, "resourcetype": "estate", "data": data,
            "identifier": None, "status": status}  # fmt: skip


def _sent(payload: Any) -> Sent:
    entry = HistoryEntry(
        id=4, user_id=1, profile_name="Odd", endpoint="sandbox", verbs=" read ",
        resourcetypes=" estate ", request_json="[]", ok=True, http_status=200, duration_ms=12.5,
    )  # fmt: skip
    profile = Profile(
        id=2, owner_id=1, name="Odd", endpoint="sandbox", token_ciphertext=b"",
        secret_ciphertext=b"", token_hint="abcd", secret_fingerprint="0123456789abcdef",
    )  # fmt: skip
    return Sent(entry=entry, payload=payload, profile=profile)


def test_the_pieces_join_to_what_fastapi_writes_for_the_model() -> None:
    odd = [None, True, 0, -3, 10**40, 1.5, 1e16, float("nan"), float("inf"), 'ä"\\\n\x01😀']
    # Members heavier than a piece, so that every way of splitting is taken.
    huge = {
        "text": "ab\x02ü" * PIECE_BYTES,
        "k" * (2 * PIECE_BYTES): odd * PIECE_BYTES,
        "wide": {f"f{n}": odd for n in range(PIECE_BYTES // 20)},
        "deep": [[[{"x": [odd]}]]] * 3000,
    }
    small = [{"id": n, "type": "estate", "elements": {"Id": n, "v": odd}} for n in range(1500)]
    results = [
        _result(small),
        _result([{"id": "s1", "type": None, "elements": [huge, odd]}, {"elements": {}}]),
        _result([], {"errorcode": 137, "message": "no"}),
        "not an object",
    ]
    for payload in ({"status": STATUS, "response": {"results": results}}, [1], None):
        sent = _sent(payload)
        whole = TypeAdapter(SendOut).dump_json(send_out(sent))
        assert send_json(sent) == whole
    assert json.loads(whole) == {"history_id": 4, "ok": True, "http_status": 200,
                                 "duration_ms": 12.5, "status": None, "actions": [],
                                 "failure": None, "records_cut": False}  # fmt: skip
