"""Compare two onOffice answers: action by action, records matched by their id.

Records are matched on their ``id`` (a record without one is matched by its position);
a repeated id is matched by occurrence (the second "7" of one answer with the second "7"
of the other). Fields are compared recursively, so a change inside a nested object or
list is reported at its path (``address.city``, ``images[2].url``); a list whose length
changed is reported whole. The raw view is a line diff of the pretty-printed JSON.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from playground.onoffice.response import ActionResult, Record, Status, parse_response


class _Missing:
    """The value of a field one side does not have."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs; `old` or `new` is MISSING when that side lacks it."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    """A record present in both answers whose fields differ."""

    key: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ActionDiff:
    """The differences of the action at position `index`; a missing side is None."""

    index: int
    label_a: str | None
    label_b: str | None
    status_a: Status | None
    status_b: Status | None
    cntabsolute_a: int | None
    cntabsolute_b: int | None
    added: tuple[Record, ...]
    removed: tuple[Record, ...]
    changed: tuple[RecordChange, ...]
    unchanged: int
    reordered: bool

    @property
    def status_differs(self) -> bool:
        """True when the two statuses differ in code, errorcode or message."""
        return self.status_a != self.status_b

    @property
    def same(self) -> bool:
        """True when nothing of this action differs."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.reordered
            or self.status_differs
            or self.cntabsolute_a != self.cntabsolute_b
            or self.label_a != self.label_b
        )


@dataclass(frozen=True)
class AnswerDiff:
    """The differences of two whole answers."""

    status_a: Status
    status_b: Status
    actions: tuple[ActionDiff, ...]

    @property
    def same(self) -> bool:
        """True when the answers do not differ in anything compared."""
        return self.status_a == self.status_b and all(action.same for action in self.actions)


def diff_answers(a: object, b: object) -> AnswerDiff:
    """Compare two decoded answers (any JSON values; non-answers compare by status only)."""
    old, new = parse_response(a), parse_response(b)
    pairs = zip_longest(old.results, new.results)
    actions = tuple(diff_action(index, x, y) for index, (x, y) in enumerate(pairs))
    return AnswerDiff(status_a=old.status, status_b=new.status, actions=actions)


def _label(result: ActionResult | None) -> str | None:
    """ "read estate" for a result; the raw actionid when it names no known verb."""
    if result is None:
        return None
    verb = result.verb
    return f"{verb.value if verb else result.actionid} {result.resourcetype}".strip()


def diff_action(index: int, a: ActionResult | None, b: ActionResult | None) -> ActionDiff:
    """Compare the results of one action; either may be missing."""
    old = _keyed(a.records if a else ())
    new = _keyed(b.records if b else ())
    changed: list[RecordChange] = []
    for key, record in new.items():
        before = old.get(key)
        if before is None or (before.elements == record.elements and before.type == record.type):
            continue
        changes: list[FieldChange] = []
        if before.type != record.type:
            changes.append(FieldChange("(type)", before.type, record.type))
        _compare(before.elements, record.elements, "", changes)
        changed.append(RecordChange(key=key, changes=tuple(changes)))
    common_old = [key for key in old if key in new]
    common_new = [key for key in new if key in old]
    return ActionDiff(
        index=index,
        label_a=_label(a),
        label_b=_label(b),
        status_a=a.status if a else None,
        status_b=b.status if b else None,
        cntabsolute_a=a.cntabsolute if a else None,
        cntabsolute_b=b.cntabsolute if b else None,
        added=tuple(record for key, record in new.items() if key not in old),
        removed=tuple(record for key, record in old.items() if key not in new),
        changed=tuple(changed),
        unchanged=len(common_new) - len(changed),
        reordered=common_old != common_new,
    )


def _keyed(records: Iterable[Record]) -> dict[str, Record]:
    """Records by their matching key, in answer order."""
    keyed: dict[str, Record] = {}
    seen: dict[str, int] = {}
    for position, record in enumerate(records):
        base = f"#{position + 1}" if record.id is None or record.id == "" else str(record.id)
        count = seen.get(base, 0)
        seen[base] = count + 1
        keyed[base if count == 0 else f"{base} ({count + 1})"] = record
    return keyed


def _compare(old: Any, new: Any, path: str, out: list[FieldChange]) -> None:
    """Append the differences between two values, recursing into objects and equal-length lists."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}.{key}" if path else str(key)
            _compare(old.get(key, MISSING), new.get(key, MISSING), sub, out)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for position, (x, y) in enumerate(zip(old, new, strict=True)):
            _compare(x, y, f"{path}[{position}]", out)
        return
    out.append(FieldChange(path or "(record)", old, new))


def pretty(text: str | None) -> str:
    """A stored answer as stable, indented JSON (keys sorted); the text itself if not JSON."""
    if text is None:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def raw_diff(a: str | None, b: str | None, *, limit: int = 2000) -> tuple[list[str], bool]:
    """A unified diff of the pretty-printed answers, cut to `limit` lines; and whether cut."""
    lines = difflib.unified_diff(
        pretty(a).splitlines(), pretty(b).splitlines(), "a", "b", lineterm="", n=3
    )
    out: list[str] = []
    for line in lines:
        if len(out) == limit:
            return out, True
        out.append(line)
    return out, False


def shown(value: Any) -> str:
    """A value for display: JSON for data, a dash for a missing one."""
    if value is MISSING:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
