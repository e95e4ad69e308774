"""Compare two onOffice answers: action by action, records matched by their id.

Records are matched on their ``id`` (a record without one is matched by its position);
a repeated id is matched by occurrence (the second "7" of one answer with the second "7"
of the other). Fields are compared recursively, so a change inside a nested object or
list is reported at its path (``address.city``, ``images[2].url``); a list whose length
changed is reported whole. The raw view is a line diff of the pretty-printed JSON (see line_diff).

However deep or wide a hostile answer is, the walk is a loop (no recursion), each value
is visited once, and only the changes listed get their path written out, cut to its end.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from playground.onoffice.answer_json import load_answer
from playground.onoffice.indented import indented
from playground.onoffice.line_diff import unified
from playground.onoffice.response import ActionResult, Record, Status, parse_response

# A path longer than this shows only its end (where the values differ) after an ellipsis:
# real paths are a few dozen characters, a hostile one depth times key length.
PATH_CHARS = 300
# Characters of each indented answer the raw diff compares: a real stored answer (1 MB at
# most) indents to about twice its size, a hostile deep one to hundreds of times.
RAW_CHARS = 4_000_000
# Field changes listed per comparison (each shows its path and both values); the rest of a
# changed record is still counted as changed, its fields just not listed.
MAX_CHANGES = 2000


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
    fields_cut: bool = False  # True when MAX_CHANGES stopped the listing of changed fields

    @property
    def listed(self) -> int:
        """How many field changes this action lists."""
        return sum(len(record.changes) for record in self.changed)

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
    actions: list[ActionDiff] = []
    room = MAX_CHANGES
    for index, (x, y) in enumerate(zip_longest(old.results, new.results)):
        actions.append(diff_action(index, x, y, most=room))
        room -= actions[-1].listed
    return AnswerDiff(status_a=old.status, status_b=new.status, actions=tuple(actions))


def _label(result: ActionResult | None) -> str | None:
    """ "read estate" for a result; the raw actionid when it names no known verb."""
    if result is None:
        return None
    verb = result.verb
    return f"{verb.value if verb else result.actionid} {result.resourcetype}".strip()


def diff_action(
    index: int, a: ActionResult | None, b: ActionResult | None, *, most: int = MAX_CHANGES
) -> ActionDiff:
    """Compare the results of one action (either may be missing), listing `most` changes."""
    old = _keyed(a.records if a else ())
    new = _keyed(b.records if b else ())
    changed: list[RecordChange] = []
    changes: list[FieldChange] = []
    cut = False
    for key, record in new.items():
        before = old.get(key)
        if before is None or (before.elements == record.elements and before.type == record.type):
            continue
        start = len(changes)
        if before.type != record.type:
            changes.append(FieldChange("(type)", before.type, record.type))
        cut = not _compare(before.elements, record.elements, changes, most) or cut
        changed.append(RecordChange(key=key, changes=tuple(changes[start:])))
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
        fields_cut=cut,
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


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a value sits in a record: its parent's place and the key or list position."""

    parent: _Place | None
    step: str | int

    def text(self) -> str:
        """The path (``address.city``, ``images[2]``); its last PATH_CHARS after "…" if longer.

        Built from here up and only as far as shown, so a deep path costs PATH_CHARS.
        """
        parts: list[str] = []
        length = 0
        place: _Place | None = self
        while place is not None and length <= PATH_CHARS:
            parts.append(f"[{place.step}]" if isinstance(place.step, int) else f".{place.step}")
            length += len(parts[-1])
            place = place.parent
        text = "".join(reversed(parts))
        if place is None and length <= PATH_CHARS:
            return text.removeprefix(".")
        return "…" + text[-PATH_CHARS:]


def _inner(old: Any, new: Any) -> Iterator[tuple[str | int, Any, Any]] | None:
    """The pairs of values inside two objects or equal-length lists; None for other values."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        return ((str(k), old.get(k, MISSING), new.get(k, MISSING)) for k in keys)
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return ((n, x, y) for n, (x, y) in enumerate(zip(old, new, strict=True)))
    return None


def _compare(old: Any, new: Any, out: list[FieldChange], most: int) -> bool:
    """Append the differences of two values, in document order, until `out` holds `most`.

    Objects and equal-length lists are walked into, everything else compared whole (values
    of another type or length compare at once). A loop that visits each value once, its
    stack one iterator per level: comparing each level whole before walking into it (as
    this did) costs depth times size, and recursion fails on a deep answer. False when cut.
    """
    root = _inner(old, new)
    if root is None:
        if len(out) >= most:
            return False
        out.append(FieldChange("(record)", old, new))
        return True
    stack: list[tuple[_Place | None, Iterator[tuple[str | int, Any, Any]]]] = [(None, root)]
    while stack:
        place, pairs = stack[-1]
        entry = next(pairs, None)
        if entry is None:
            stack.pop()
            continue
        step, a, b = entry
        inner = _inner(a, b)
        if inner is not None:
            stack.append((_Place(place, step), inner))
        elif a != b:
            if len(out) >= most:
                return False
            out.append(FieldChange(_Place(place, step).text(), a, b))
    return True


def pretty(text: str | None, *, limit: int | None = None) -> tuple[str, bool]:
    """A stored answer as stable, indented JSON (keys sorted) cut after `limit` characters,
    or the text itself if it is no JSON; and whether it was cut."""
    if text is None:
        return "", False
    try:  # load_answer refuses nesting too deep for anything to walk, as on every page
        value = load_answer(text)
    except ValueError:
        return text, False
    return indented(value, sort_keys=True, limit=limit)


def raw_diff(a: str | None, b: str | None, *, limit: int = 2000) -> tuple[list[str], bool, bool]:
    """A unified diff of the pretty-printed answers, cut to `limit` lines; whether it was cut,
    and whether only the start of their differing lines was compared (see line_diff).

    Each side is indented only up to RAW_CHARS: deep nesting indents every line further.
    """
    (old, old_cut), (new, new_cut) = pretty(a, limit=RAW_CHARS), pretty(b, limit=RAW_CHARS)
    out, cut, partial = unified(old.splitlines(), new.splitlines(), limit=limit)
    return out, cut or old_cut or new_cut, partial


def shown(value: Any) -> str:
    """A value for display: JSON for data, a dash for a missing one."""
    if value is MISSING:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
