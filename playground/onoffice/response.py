"""Parse a decoded onOffice JSON answer into typed results, tolerating every known variant.

Decisions the shared API notes leave open (section 2.1):

* Results are matched to the request's actions by position, never by ``identifier``.
  A result that is not a JSON object still occupies its position, with a failed status.
* When the payload is not an object or carries no usable top-level ``status``, the
  top-level status is ``Status(None, NOT_ONOFFICE_ERRORCODE, ...)``; -1 is never a code
  the API itself uses.
* A result without a usable ``status``, or with an unreadable ``errorcode``, gets errorcode
  ``UNREADABLE_STATUS_ERRORCODE`` (-2) rather than being assumed successful.
* Some third-party fixtures put ``status`` inside ``data`` or make ``data`` the list of
  records directly; both are accepted as fallbacks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from playground.i18n import N_
from playground.i18n import gettext as _
from playground.onoffice.actions import Verb, verb_from_action_id

NOT_ONOFFICE_ERRORCODE = -1
UNREADABLE_STATUS_ERRORCODE = -2

_INTEGER = re.compile(r"[+-]?[0-9]+")
# The playground's own status messages: marked for the catalogue, translated when parsed.
_NOT_ONOFFICE_MESSAGE = N_("The answer is not an onOffice response: it has no usable status.")
_MISSING_STATUS_MESSAGE = N_("This result carries no usable status.")
_NOT_AN_OBJECT_MESSAGE = N_("This result is not a JSON object.")


# The playground's sandbox starts the status message of every call it does not carry out
# (sending e-mail, payments, ...) with this, so a simulated success never passes for a real one.
SIMULATED = "Simulated:"


@dataclass(frozen=True)
class Status:
    """A status block, either the top-level one or one action's."""

    code: int | None
    errorcode: int
    message: str

    @property
    def ok(self) -> bool:
        """True when errorcode is 0 and the code, if any, is below 300."""
        return self.errorcode == 0 and (self.code is None or self.code < 300)

    @property
    def simulated(self) -> bool:
        """True for the playground sandbox's answer to a call it does not carry out."""
        return self.message.startswith(SIMULATED)


@dataclass(frozen=True)
class Record:
    """One record of a result; ``elements`` is usually an object, sometimes a list."""

    id: int | str | None
    type: str | None
    elements: dict[str, Any] | list[Any]


@dataclass(frozen=True)
class ActionResult:
    """The answer to the action at position ``index`` of the request."""

    index: int
    actionid: str
    resourcetype: str
    resourceid: str | int | None
    identifier: str | None
    cacheable: bool | None
    status: Status
    cntabsolute: int | None
    records: tuple[Record, ...]

    @property
    def ok(self) -> bool:
        """True when this action's own status is a success."""
        return self.status.ok

    @property
    def verb(self) -> Verb | None:
        """The verb named by ``actionid``, or None when it is not one of the six."""
        return verb_from_action_id(self.actionid)

    def columns(self, requested: Sequence[str] = ()) -> list[str]:
        """Table column names: requested fields first, then other keys in first-seen order."""
        seen: dict[str, None] = dict.fromkeys(requested)
        for item in _element_dicts(self.records):
            seen.update(dict.fromkeys(item))
        return list(seen)


@dataclass(frozen=True)
class ApiResponse:
    """A whole answer: the top-level status and one result per action, in request order."""

    status: Status
    results: tuple[ActionResult, ...]

    @property
    def ok(self) -> bool:
        """True when the top-level status and every result's status are successes."""
        return self.status.ok and all(result.ok for result in self.results)


def parse_response(payload: object) -> ApiResponse:
    """Turn any decoded JSON value into an :class:`ApiResponse`; never raises."""
    if not isinstance(payload, dict):
        return ApiResponse(Status(None, NOT_ONOFFICE_ERRORCODE, _(_NOT_ONOFFICE_MESSAGE)), ())
    status = _parse_status(payload.get("status"))
    if status is None:
        status = Status(None, NOT_ONOFFICE_ERRORCODE, _(_NOT_ONOFFICE_MESSAGE))
    response = payload.get("response")
    raw_results = response.get("results") if isinstance(response, dict) else None
    if not isinstance(raw_results, list):
        return ApiResponse(status, ())
    results = tuple(_parse_result(index, raw) for index, raw in enumerate(raw_results))
    return ApiResponse(status, results)


def with_records_cut(payload: object, keep: int) -> object:
    """The answer with each action's record list cut to `keep` items (the rest unchanged).

    For showing a huge answer: the cut copy shares everything but the shortened lists,
    so the full list can be freed.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("response"), dict):
        return payload
    response: dict[str, Any] = payload["response"]
    results = response.get("results")
    if not isinstance(results, list):
        return payload
    cut = [_result_cut(result, keep) for result in results]
    return payload | {"response": response | {"results": cut}}


def _result_cut(result: object, keep: int) -> object:
    """One action result with its records cut to `keep`."""
    if not isinstance(result, dict) or not isinstance(result.get("data"), dict):
        return result
    data: dict[str, Any] = result["data"]
    records = data.get("records")
    if not isinstance(records, list) or len(records) <= keep:
        return result
    return result | {"data": data | {"records": records[:keep]}}


def records_as_rows(
    result: ActionResult, columns: Sequence[str], *, limit: int | None = None
) -> list[list[str]]:
    """Render records as display rows (the first `limit`); list-shaped elements give one row
    per dict item."""
    items = islice(_element_dicts(result.records), limit)
    return [[cell_text(item.get(name)) for name in columns] for item in items]


def cell_text(value: object) -> str:
    """Render one element value for a table cell: None is empty, containers compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float | list | dict):
        try:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return str(value)
    return str(value)


def _element_dicts(records: Sequence[Record]) -> Iterator[dict[str, Any]]:
    """Yield each row-shaped mapping: the elements object, or each dict item of a list."""
    for record in records:
        if isinstance(record.elements, dict):
            yield record.elements
        else:
            # Non-dict items in a list (rare) have no columns, so they cannot form a row.
            yield from (item for item in record.elements if isinstance(item, dict))


def _parse_result(index: int, raw: object) -> ActionResult:
    """Build one result; anything that is not an object becomes a failed placeholder."""
    if not isinstance(raw, dict):
        placeholder = Status(None, UNREADABLE_STATUS_ERRORCODE, _(_NOT_AN_OBJECT_MESSAGE))
        return ActionResult(index, "", "", None, None, None, placeholder, None, ())
    data = raw.get("data")
    status = _parse_status(raw.get("status"))
    if status is None and isinstance(data, dict):
        status = _parse_status(data.get("status"))
    cntabsolute: int | None = None
    raw_records: object = data
    if isinstance(data, dict):
        meta = data.get("meta")
        cntabsolute = _to_int(meta.get("cntabsolute")) if isinstance(meta, dict) else None
        raw_records = data.get("records")
    records = _parse_records(raw_records)
    cacheable = raw.get("cacheable")
    return ActionResult(
        index=index,
        actionid=_to_str(raw.get("actionid")) or "",
        resourcetype=_to_str(raw.get("resourcetype")) or "",
        resourceid=_to_id(raw.get("resourceid")),
        identifier=_to_str(raw.get("identifier")),
        cacheable=cacheable if isinstance(cacheable, bool) else None,
        status=status or Status(None, UNREADABLE_STATUS_ERRORCODE, _(_MISSING_STATUS_MESSAGE)),
        cntabsolute=cntabsolute,
        records=records,
    )


def _parse_records(raw: object) -> tuple[Record, ...]:
    """Build the records of a result; non-object entries are skipped."""
    if not isinstance(raw, list):
        return ()
    records: list[Record] = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        elements = item.get("elements")
        if not isinstance(elements, dict | list):
            elements = {}
        record_type = item.get("type")
        records.append(
            Record(
                id=_to_id(item.get("id")),
                type=record_type if isinstance(record_type, str) else None,
                elements=elements,
            )
        )
    return tuple(records)


def _parse_status(raw: object) -> Status | None:
    """Read a status block; None when it has neither a usable code nor errorcode."""
    if not isinstance(raw, dict):
        return None
    code = _to_int(raw.get("code"))
    errorcode = _to_int(raw.get("errorcode"))
    if code is None and errorcode is None:
        return None
    if errorcode is None:
        # A present but unreadable errorcode must not pass for success; an absent one
        # leaves the verdict to ``code``.
        errorcode = UNREADABLE_STATUS_ERRORCODE if "errorcode" in raw else 0
    message = raw.get("message")
    text = str(message) if isinstance(message, str | int | float) else ""
    return Status(code, errorcode, text)


def _to_int(value: object) -> int | None:
    """Coerce an int, an integral float or a numeric string to int; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # int() alone would also accept "1_000" and non-ASCII digits, which no API sends.
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        try:
            return int(value.strip())
        except ValueError:  # more digits than Python converts
            return None
    return None


def _to_str(value: object) -> str | None:
    """Keep strings, render numbers as text, and drop everything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _to_id(value: object) -> int | str | None:
    """Keep an int or string id as it came; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | str):
        return value
    return None
