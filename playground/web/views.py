"""Presentation models: what the response viewer and history show, computed in Python."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from babel.numbers import format_decimal

from playground import i18n
from playground.i18n import gettext as _
from playground.onoffice.answer_json import load_answer
from playground.onoffice.calls import pages_with_listoffset
from playground.onoffice.errors import STATUS_CODES, explain
from playground.onoffice.fieldlist import Modules
from playground.onoffice.response import ActionResult, Status, parse_response, records_as_rows
from playground.services.endpoints import endpoint_label
from playground.services.send import DISPLAYED_RECORDS
from playground.services.verdict import verdict
from playground.sizes import readable_size
from playground.store.models import HistoryEntry
from playground.web.fieldviews import (
    ModuleFields,
    UnknownField,
    answer_fields,
    cell,
    unknown_fields,
)
from playground.web.prettyjson import pretty_json, pretty_json_cut
from playground.web.wireview import WireView, wire_view


@dataclass(frozen=True)
class StatusView:
    """A status block with its meaning and what to check."""

    ok: bool
    label: str
    message: str
    meaning: str
    hint: str
    simulated: bool = False


@dataclass(frozen=True)
class ActionView:
    """One action's result: status, count and records as a table."""

    number: int
    verb: str
    resourcetype: str
    resourceid: str
    identifier: str
    status: StatusView
    cntabsolute: int | None
    columns: list[str]
    rows: list[list[str]]
    more_rows: bool = False
    # Where the next page of a paged read starts (listoffset), when there is one.
    next_offset: int | None = None
    # A get fields answer as a list per module, and "did you mean" for unknown field names.
    field_modules: list[ModuleFields] | None = None
    unknown: tuple[UnknownField, ...] = ()


# A browser tab cannot show a 20 MB answer usefully, and rendering it costs the server
# seconds and hundreds of megabytes: the panel shows this much, the download has more.
SHOWN_ROWS = DISPLAYED_RECORDS
PRETTY_JSON_BYTES = 2_000_000
SHOWN_JSON_CHARS = 1_000_000
# Indented, a real answer grows to about twice its size (a few levels, short lines); one
# nested hundreds of levels deep grows to hundreds of times its size and is cut here.
PRETTY_JSON_CHARS = 3 * PRETTY_JSON_BYTES


@dataclass(frozen=True)
class ResponseView:
    """Everything the response panel shows for one send."""

    entry_id: int
    ok: bool
    created_at: datetime
    profile_name: str
    endpoint: str
    http_status: int | None
    duration_ms: float
    size_label: str
    failure: str | None
    top: StatusView | None
    # The answer in one line when it is not OK ("1 of 2 actions failed: 143 Unknown field").
    verdict: str | None
    actions: list[ActionView]
    raw_json: str
    truncated_note: str | None
    # False where the viewer is not the entry's owner (a share link): no links into history.
    links: bool = True
    # What went over the wire (web/wireview.py); None for sends recorded before it was kept.
    wire: WireView | None = None


@dataclass(frozen=True)
class ConfirmView:
    """The "protected profile" question: which writes, and how to send anyway.

    mode "htmx": a button that re-posts `retry_url` (with the form `include` names) into
    #response; "form": a plain form posting to `retry_url`; "in_form": a submit button
    inside the composer form.
    """

    profile_name: str
    writes: list[str]
    retry_url: str
    include: str
    mode: Literal["htmx", "form", "in_form"]
    # The profile asks before every send (reads too), not only before writes.
    every_send: bool = False


# The account's fields by module, and the profile they belong to.
FieldHints = tuple[Modules | None, int | None]


def status_view(status: Status, *, top: bool) -> StatusView:
    """Describe a status; the top level shows its HTTP-like code, actions their errorcode."""
    info = explain(status.errorcode)
    error = _("error %(code)s") % {"code": status.errorcode}
    if top and status.code is not None:
        named = STATUS_CODES.get(status.code)  # English, marked for the catalogue
        label = f"{status.code} · {_(named) if named else ''}".rstrip(" ·")
        if status.errorcode:
            label += f" · {error}"
    else:
        label = "OK" if status.errorcode == 0 else error
    # The table holds the English, marked for the catalogue; shown in the reader's language.
    hint = "" if status.ok else _(info.hint)
    # The table's messages keep onOffice's %s placeholders; shown alone they read as "…".
    meaning = "" if status.ok else info.message.replace("%s", "…")
    return StatusView(
        ok=status.ok,
        label=label,
        message=status.message,
        meaning=meaning,
        hint=hint,
        simulated=status.simulated,
    )


def _requested_fields(action: dict[str, Any] | None) -> list[str]:
    """The field names an action asked for in parameters.data, for column order."""
    data = (action or {}).get("parameters", {}).get("data")
    return [f for f in data if isinstance(f, str)] if isinstance(data, list) else []


def _next_offset(result: ActionResult, request: dict[str, Any] | None) -> int | None:
    """The listoffset of the page after this one, when a read has more than it returned."""
    parameters = (request or {}).get("parameters")
    if result.cntabsolute is None or not result.records or not isinstance(parameters, dict):
        return None
    if result.verb and not pages_with_listoffset(result.verb.value, result.resourcetype or ""):
        return None
    offset = parameters.get("listoffset", 0)
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        return None
    following = offset + len(result.records)
    return following if following < result.cntabsolute else None


def action_view(
    result: ActionResult, request: dict[str, Any] | None, hints: FieldHints | None = None
) -> ActionView:
    """Table and status of one action's result."""
    field_modules = answer_fields(result)
    columns = [] if field_modules is not None else result.columns(_requested_fields(request))
    rows = records_as_rows(result, columns, limit=SHOWN_ROWS + 1)
    known, profile_id = hints or (None, None)
    return ActionView(
        number=result.index + 1,
        verb=result.verb.value if result.verb else str((request or {}).get("verb", "")),
        resourcetype=result.resourcetype or str((request or {}).get("resourcetype", "")),
        resourceid="" if result.resourceid is None else str(result.resourceid),
        identifier=result.identifier or "",
        status=status_view(result.status, top=False),
        cntabsolute=result.cntabsolute,
        columns=columns,
        rows=[[cell(text) for text in row] for row in rows[:SHOWN_ROWS]],
        more_rows=len(rows) > SHOWN_ROWS,
        field_modules=field_modules,
        unknown=tuple(unknown_fields(result, request, known, profile_id)),
        next_offset=_next_offset(result, request),
    )


def _decode(entry: HistoryEntry, payload: Any | None) -> Any | None:
    """The answer's JSON: given fresh, or re-read from history when it was stored whole."""
    if payload is not None or entry.failure_kind or entry.response_truncated:
        return payload
    try:
        return load_answer(entry.response_body or "")
    except ValueError:
        return None


def _raw_json(entry: HistoryEntry, decoded: Any | None) -> tuple[str, str | None]:
    """The answer as the JSON tab shows it, and a note when it is not shown whole."""
    raw = entry.response_body or ""
    note = None
    if decoded is not None and entry.response_size <= PRETTY_JSON_BYTES:
        raw, cut = pretty_json_cut(decoded, PRETTY_JSON_CHARS)
        if cut:
            count = format_decimal(PRETTY_JSON_CHARS, locale=i18n.current())
            note = _("Indented, the answer is too long: its first %(count)s characters are shown.")
            note %= {"count": count}
    elif len(raw) > SHOWN_JSON_CHARS:
        raw = raw[:SHOWN_JSON_CHARS]
        size = readable_size(entry.response_size)
        shown = {"size": size, "count": format_decimal(SHOWN_JSON_CHARS, locale=i18n.current())}
        note = _("The answer is %(size)s: its first %(count)s characters are shown.") % shown
    if entry.response_truncated:
        kept = format_decimal(len(entry.response_body or ""), locale=i18n.current())
        note = _("The stored answer was cut after %(count)s characters.") % {"count": kept}
    return raw, note


def response_view(
    entry: HistoryEntry, payload: Any | None = None, known: Modules | None = None
) -> ResponseView:
    """Build the response panel for a history entry (and the full answer, when at hand).

    `known` is the profile's cached field catalogue, for "did you mean" after an unknown field.
    """
    assert entry.id is not None
    requests: list[dict[str, Any]] = json.loads(entry.request_json)
    decoded = _decode(entry, payload)
    parsed = None if decoded is None else parse_response(decoded)
    hints = (known, entry.profile_id)
    actions = [
        action_view(r, requests[r.index] if r.index < len(requests) else None, hints)
        for r in (parsed.results if parsed else ())
    ]
    raw, note = _raw_json(entry, decoded)
    fresh = None if parsed is None else verdict(parsed, len(requests))
    return ResponseView(
        entry_id=entry.id,
        ok=entry.ok,
        created_at=entry.created_at,
        profile_name=entry.profile_name,
        endpoint=endpoint_label(entry.endpoint),
        http_status=entry.http_status,
        duration_ms=entry.duration_ms,
        size_label=readable_size(entry.response_size),
        failure=entry.failure_message if entry.failure_kind else None,
        top=status_view(parsed.status, top=True) if parsed else None,
        verdict=fresh if parsed is not None else None,
        actions=actions,
        raw_json=raw,
        truncated_note=note,
        wire=wire_view(entry),
    )


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history table."""

    id: int
    created_at: datetime
    profile_name: str
    calls: str
    ok: bool
    status_label: str
    duration_ms: float
    flow_label: str = ""  # "run 4 · step 2" for a step of a flow run


def history_row(entry: HistoryEntry) -> HistoryRow:
    """Summarise an entry: its calls, and the first thing that went wrong."""
    assert entry.id is not None
    calls = ", ".join(
        f"{verb} {rtype}"
        for verb, rtype in zip(entry.verbs.split(), entry.resourcetypes.split(), strict=False)
    )
    codes = [c for c in entry.action_errorcodes.split() if c != "0"]
    if entry.failure_kind:
        label = failure_label(entry.failure_kind)
    elif entry.failure_message:
        label = entry.failure_message  # the verdict, stored with the answer
    elif entry.status_errorcode:  # recorded before verdicts were stored
        label = _("error %(code)s") % {"code": entry.status_errorcode}
    elif codes:
        label = _("error %(code)s") % {"code": ", ".join(codes)}
    else:
        label = "OK"
    return HistoryRow(
        id=entry.id,
        created_at=entry.created_at,
        profile_name=entry.profile_name,
        calls=calls,
        ok=entry.ok,
        status_label=label,
        duration_ms=entry.duration_ms,
        flow_label=_flow_label(entry),
    )


def failure_label(kind: str) -> str:
    """The short badge of a send that brought no usable answer (its stored failure kind)."""
    labels = {
        "timeout": _("timeout"),
        "refused": _("refused"),
        "tls": _("TLS"),
        "network": _("network"),
        "http_status": _("http status"),
        "not_json": _("not json"),
        "too_large": _("too large"),
        "truncated": _("truncated"),
        "not_allowed": _("not allowed"),
        "credentials": _("credentials"),
        "pending": _("pending"),
    }
    return labels.get(kind) or kind.replace("_", " ")


def _flow_label(entry: HistoryEntry) -> str:
    """Which run of a flow, and which step of it, an entry is; "" for a single send."""
    if entry.flow_run_id is None:
        return ""
    return _("run %(run)d · step %(step)d") % {"run": entry.flow_run_id, "step": entry.flow_step}


def request_pretty(entry: HistoryEntry) -> str:
    """The stored unsigned request, pretty-printed."""
    return pretty_json(json.loads(entry.request_json))
