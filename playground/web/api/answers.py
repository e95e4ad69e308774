"""A send's outcome as the JSON API answers it: statuses explained, records, history id."""

from __future__ import annotations

import json
from typing import Any

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


def _action_out(result: ActionResult) -> ActionOut:
    """One action's answer, its records cut to what the playground shows."""
    records = result.records[:DISPLAYED_RECORDS]
    return ActionOut(
        index=result.index,
        actionid=result.actionid,
        resourcetype=result.resourcetype,
        resourceid=result.resourceid,
        identifier=result.identifier,
        status=status_out(result.status),
        cntabsolute=result.cntabsolute,
        records=[RecordOut(id=r.id, type=r.type, elements=r.elements) for r in records],
    )


def parsed_of(sent: Sent) -> ApiResponse | None:
    """The parsed answer, when one came back."""
    return None if sent.payload is None else parse_response(sent.payload)


def send_out(sent: Sent) -> SendOut:
    """The answer to POST /send (and the heart of a saved request's run)."""
    entry = sent.entry
    assert entry.id is not None
    parsed = parsed_of(sent)
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
        actions=[_action_out(r) for r in results],
        failure=failure,
        records_cut=any(len(r.records) > DISPLAYED_RECORDS for r in results),
    )


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
