"""The shape of one verified action as handlers see it, and record-id helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.seed import Record
from playground.sandbox.store import Store

# 293/292 say the record "may not exist"; the other modules have no module-specific code.
UNKNOWN_RECORD = {
    "estate": 293,
    "address": 292,
    "searchcriteria": 80,
    "agentslog": 80,
    "task": 80,
    "calendar": 80,
    "user": 80,
    "file": 80,
    "log": 80,
}


@dataclass(frozen=True)
class Call:
    """A verified action: verb, resourcetype, raw resourceid and parameters."""

    verb: Verb
    resourcetype: str
    resourceid: object
    parameters: dict[str, Any]


Handler = Callable[[Store, Call], Answer]


def record_id(raw: object, module: str) -> int:
    """A resourceid as record id: 79 when empty, the module's unknown-record code if invalid."""
    if raw is None or raw == "":
        raise ApiError(79)
    # isascii: "²" is a digit to str.isdigit() but not to int().
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    raise ApiError(UNKNOWN_RECORD[module])


def existing(store: Store, module: str, raw: object) -> Record:
    """The existing record named by ``raw``, or the module's unknown-record error."""
    record = store.get(module, record_id(raw, module))
    if record is None:
        raise ApiError(UNKNOWN_RECORD[module])
    return record


def id_list(raw: object, parameter: str) -> list[int]:
    """An id or list of ids (numbers or digit strings); 185 when anything else is given."""
    items = raw if isinstance(raw, list) else [raw]
    ids: list[int] = []
    for item in items:
        if isinstance(item, str) and item.strip().isdigit():
            ids.append(int(item))
        elif isinstance(item, int) and not isinstance(item, bool):
            ids.append(item)
        else:
            raise ApiError(185)
    if len(ids) > 500:
        raise ApiError(302)
    return ids
