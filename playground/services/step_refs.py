"""`{{steps.N.…}}` references: a value from an earlier step's answer in a flow.

A reference names a step by its number as the flow shows it (from 1) and a path into that
step's answer; list positions in the path count from 0, as in the JSON. The path:

- ``results.I`` picks the I-th action of the step (left out: the first, ``results.0``);
- ``cntabsolute`` is that action's total count of matching records;
- ``records.I`` picks a record (left out: the first, ``records.0``);
- ``id`` and ``type`` are the record's own; ``elements.F`` or just ``F`` is one of its
  fields; further parts walk into a field that is an object or list.

So ``steps.1.records.0.id`` is the id of step 1's first record (a created address), and
``steps.2.tmpUploadId`` the upload id in step 2's first record. Text goes in as it is,
numbers and true/false as JSON, lists and objects as compact JSON; a null or a path that
leads nowhere is a :class:`StepReferenceError` that names the reference and what was there.
Pure work on decoded answers, no database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from playground.i18n import gettext as _

SCOPE = "steps."
MAX_LISTED = 8


class StepReferenceError(Exception):
    """A reference that cannot be filled in; the message names it and what was there."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{{{{{name}}}}}: {problem}")
        self.name = name


def is_step_reference(name: str) -> bool:
    """True for a placeholder name in the step scope (`steps.…`)."""
    return name.startswith(SCOPE)


def step_number(name: str) -> int | None:
    """The step a reference names, or None when its number is not a positive number."""
    number = name[len(SCOPE) :].split(".", 1)[0]
    return int(number) if number.isdigit() and int(number) > 0 else None


def _listed(keys: Sequence[str]) -> str:
    """A few names for a message, with an ellipsis when there are more."""
    shown = ", ".join(keys[:MAX_LISTED])
    return shown + (", …" if len(keys) > MAX_LISTED else "") if keys else _("nothing")


def _index(text: str, items: Sequence[Any], what: str) -> Any:
    """The item at a position written as text, or a message saying how many there are."""
    if not text.isdigit():
        message = _("%(what)s needs a position from 0, not “%(text)s”")
        raise ValueError(message % {"what": what, "text": text})
    if int(text) >= len(items):
        raise ValueError(
            _("%(what)s.%(index)s is out of range: there are %(count)d")
            % {"what": what, "index": text, "count": len(items)}
        )
    return items[int(text)]


def _results(payload: Any) -> list[Any]:
    """The action results of a decoded answer (empty when it has none)."""
    response = payload.get("response") if isinstance(payload, dict) else None
    results = response.get("results") if isinstance(response, dict) else None
    return results if isinstance(results, list) else []


def _records(result: Any) -> list[Any]:
    """The records of one action's result (empty when it has none)."""
    data = result.get("data") if isinstance(result, dict) else None
    records = data.get("records") if isinstance(data, dict) else None
    return records if isinstance(records, list) else []


def _walk(value: Any, parts: list[str]) -> Any:
    """Follow field names and positions into a record's value."""
    for part in parts:
        if isinstance(value, dict):
            if part not in value:
                fields = _listed([str(k) for k in value])
                message = _("there is no field %(field)s (there are: %(fields)s)")
                raise ValueError(message % {"field": part, "fields": fields})
            value = value[part]
        elif isinstance(value, list):
            value = _index(part, value, part)
        else:
            shown = json.dumps(value, ensure_ascii=False)[:60]
            raise ValueError(_("%(value)s has no part %(part)s") % {"value": shown, "part": part})
    return value


def _in_answer(payload: Any, parts: list[str]) -> Any:
    """The value a path names in one step's decoded answer."""
    if not parts:
        raise ValueError(_("name a value, e.g. records.0.id"))
    result = _index("0", _results(payload), "results")
    if parts[0] == "results" and len(parts) > 1:
        result, parts = _index(parts[1], _results(payload), "results"), parts[2:]
    if parts == ["cntabsolute"]:
        data = result.get("data") if isinstance(result, dict) else None
        meta = data.get("meta") if isinstance(data, dict) else None
        return meta.get("cntabsolute") if isinstance(meta, dict) else None
    records = _records(result)
    if parts and parts[0] == "records" and len(parts) > 1:
        record, parts = _index(parts[1], records, "records"), parts[2:]
    else:
        record = _index("0", records, "records")
    if not parts:
        raise ValueError(_("name a part of the record: id, type or a field"))
    if not isinstance(record, dict):
        raise ValueError(_("the record is not an object"))
    if parts[0] in ("id", "type"):
        return _walk(record.get(parts[0]), parts[1:])
    fields = parts[1:] if parts[0] == "elements" else parts
    return _walk(record.get("elements"), fields)


def as_text(value: Any) -> str:
    """A found value as it goes into the request; ValueError for null."""
    if value is None:
        raise ValueError(_("the value there is empty (null)"))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def resolve(name: str, answers: Sequence[Any | None]) -> str:
    """The text a reference stands for, given the decoded answers of the steps so far."""
    number = step_number(name)
    if number is None:
        raise StepReferenceError(name, _("a step is named by its number, from 1"))
    if number > len(answers):
        problem = _("step %(number)d has not run before this step") % {"number": number}
        raise StepReferenceError(name, problem)
    payload = answers[number - 1]
    if payload is None:
        problem = _("step %(number)d has no answer to read") % {"number": number}
        raise StepReferenceError(name, problem)
    try:
        return as_text(_in_answer(payload, name.split(".")[2:]))
    except ValueError as exc:
        where = _("in step %(number)d's answer") % {"number": number}
        raise StepReferenceError(name, f"{exc} {where}") from None


def resolve_all(names: Sequence[str], answers: Sequence[Any | None]) -> Mapping[str, str]:
    """Every step reference among the names with its text; the first failure raises."""
    return {name: resolve(name, answers) for name in names if is_step_reference(name)}


def readable(number: int, payload: Any, *, most: int = 6) -> list[tuple[str, str]]:
    """What a later step can read of this step's first record: the reference and its text
    (the id, then up to `most` fields that hold a plain value)."""
    records = _records(_results(payload)[0]) if _results(payload) else []
    record = records[0] if records else None
    if not isinstance(record, dict):
        return []
    # A do call's record id is 0: nothing to read there.
    found = [("records.0.id", record.get("id"))] if record.get("id") not in (0, "0") else []
    elements = record.get("elements")
    if isinstance(elements, dict):
        plain = [(str(k), v) for k, v in elements.items() if isinstance(v, str | int | float)]
        found += plain[:most]
    return [(f"steps.{number}.{path}", as_text(v)) for path, v in found if v not in (None, "")]
