"""A send's outcome as the JSON API answers it: statuses explained, records, history id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi.responses import Response

from playground.onoffice.answer_json import load_answer
from playground.onoffice.errors import explain
from playground.onoffice.response import ActionResult, ApiResponse, Status, parse_response
from playground.services.send import DISPLAYED_RECORDS, Sent
from playground.store.models import HistoryEntry
from playground.web.api.models import (
    ActionIn,
    ActionOut,
    FailureOut,
    HistoryDetail,
    HistoryItem,
    RecordOut,
    SendOut,
    StatusOut,
)
from playground.web.api.pieces import joined_list, model_pieces, value_pieces
from playground.web.views import history_row


def status_out(status: Status) -> StatusOut:
    """A status with the meaning of its errorcode (and a hint) when it is not a success."""
    info = explain(status.errorcode)
    return StatusOut(
        code=status.code,
        errorcode=status.errorcode,
        message=status.message,
        ok=status.ok,
        explanation="" if status.ok else info.message.replace("%s", "…"),
        hint="" if status.ok else info.hint,
    )


def _action_out(result: ActionResult, *, records: bool = True) -> ActionOut:
    """One action's answer, its records cut to what the playground shows (or left out)."""
    kept = result.records[:DISPLAYED_RECORDS] if records else ()
    return ActionOut(
        index=result.index,
        actionid=result.actionid,
        resourcetype=result.resourcetype,
        resourceid=result.resourceid,
        identifier=result.identifier,
        status=status_out(result.status),
        cntabsolute=result.cntabsolute,
        records=[RecordOut(id=r.id, type=r.type, elements=r.elements) for r in kept],
    )


def parsed_of(sent: Sent) -> ApiResponse | None:
    """The parsed answer, when one came back."""
    return None if sent.payload is None else parse_response(sent.payload)


def _send_head(sent: Sent, parsed: ApiResponse | None) -> SendOut:
    """The answer to POST /send without its actions."""
    entry = sent.entry
    assert entry.id is not None
    failure = None
    if entry.failure_kind:
        failure = FailureOut(kind=entry.failure_kind, message=entry.failure_message or "")
    results = parsed.results if parsed else ()
    return SendOut(
        history_id=entry.id,
        ok=entry.ok,
        http_status=entry.http_status,
        duration_ms=entry.duration_ms,
        status=status_out(parsed.status) if parsed else None,
        actions=[],
        failure=failure,
        records_cut=any(len(r.records) > DISPLAYED_RECORDS for r in results),
    )


def send_out(sent: Sent) -> SendOut:
    """The answer to POST /send as its model (send_json writes the same JSON in pieces)."""
    parsed = parsed_of(sent)
    actions = [_action_out(r) for r in (parsed.results if parsed else ())]
    return _send_head(sent, parsed).model_copy(update={"actions": actions})


def json_answer(body: bytes) -> Response:
    """A JSON answer written already: FastAPI neither validates nor encodes it again."""
    return Response(content=body, media_type="application/json")


def send_json(sent: Sent) -> bytes:
    """send_out's JSON as FastAPI writes it; heavy for a large answer, so callers run it in
    a worker thread, where its short pieces leave the event loop its turns."""
    return b"".join(send_pieces(sent, parsed_of(sent)))


def send_pieces(sent: Sent, parsed: ApiResponse | None) -> Iterator[bytes]:
    """send_out's JSON in short pieces, from the answer parsed already."""
    actions = joined_list(_action_pieces(r) for r in (parsed.results if parsed else ()))
    return model_pieces(_send_head(sent, parsed), {"actions": actions})


def _action_pieces(result: ActionResult) -> Iterator[bytes]:
    """One action's answer in pieces; each record as RecordOut writes it (parse_response
    gave id, type and elements the types RecordOut checks)."""
    records = [
        {"id": r.id, "type": r.type, "elements": r.elements}
        for r in result.records[:DISPLAYED_RECORDS]
    ]
    yield from model_pieces(_action_out(result, records=False), {"records": value_pieces(records)})


def history_item(entry: HistoryEntry) -> HistoryItem:
    """A history entry in a list."""
    row = history_row(entry)
    return HistoryItem(
        id=row.id,
        created_at=entry.created_at,
        profile_id=entry.profile_id,
        profile_name=row.profile_name,
        calls=row.calls,
        ok=row.ok,
        status=row.status_label,
        duration_ms=row.duration_ms,
    )


def _stored_answer(entry: HistoryEntry) -> Any:
    """The stored answer decoded, or its text when it was cut or is no JSON."""
    if not entry.response_body:
        return None
    try:
        return load_answer(entry.response_body)
    except ValueError:
        return entry.response_body


def history_detail(entry: HistoryEntry) -> HistoryDetail:
    """A history entry with its unsigned request and stored answer."""
    request = [ActionIn.model_validate(a) for a in json.loads(entry.request_json)]
    return HistoryDetail(
        **history_item(entry).model_dump(),
        request=request,
        response=_stored_answer(entry),
        response_truncated=entry.response_truncated,
    )
