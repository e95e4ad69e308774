"""The read engine: ``data`` projection, ``filter``, ``sortby``/``sortorder``, and ``run``.

Comparison rules (the docs name the operators but not the semantics, so the sandbox
follows the MySQL behaviour behind them):

* A clause compares numerically when the field is numeric (integer, float, boolean) or
  when ``val`` is a JSON number, so ``{"status": [{"op": "=", "val": 1}]}`` matches "1".
  A record value that is not a number never satisfies a numeric clause, like SQL NULL.
* Otherwise both sides are compared as strings, case-insensitively (MySQL's default
  ``_ci`` collations). A ``null`` val counts as the empty string.
* ``like``/``not like`` match the rendered value; ``%`` is any run of characters and
  ``_`` exactly one, as in SQL (like.py); a pattern over 1000 characters is 257, and so
  is a request whose patterns mix letters and ``_`` over more text than like.py allows.
* Clauses on the same field and across fields are ANDed (DOC:/actions/datensatz-lesen/objekte/).
  A filter of more than ``MAX_CLAUSES`` clauses is 257: the docs name no limit, but each
  clause is tested on every record of the module: 26 kB of them held the sandbox 12 seconds.

Error codes (section 2.2 of the shared API notes): an unknown filter field is 141, an
unknown operator 142, a malformed filter 257, an unknown sort field 212, and a bad
``sortorder`` 255. On a multiselect field any operator but ``=``, ``!=``, ``like``,
``not like``, ``in`` and ``not in`` (with the aliases ``is`` and ``<>``) is 232, "Multiselect
fields only support" those (section 3.1). Paging is in paging.py.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from playground.sandbox.fielddef import FieldDef, Value, finite_number
from playground.sandbox.like import MAX_PATTERN, WORK_PER_REQUEST, TooCostly, like_matcher
from playground.sandbox.outcome import ApiError
from playground.sandbox.seed import Record

Test = Callable[[Value], bool]
# A real filter needs a handful; anyone may call the sandbox with its public credentials.
MAX_CLAUSES = 20
MAX_SORT_KEYS = 5
TOO_COSTLY = (
    f"the patterns took more than the {WORK_PER_REQUEST:,} steps the sandbox spends on "
    f"them per request (pieces between %, and letters mixed with _, cost the most)"
)

_OPERATORS = {
    "=": "=", "is": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=",
    "between": "between", "like": "like", "not like": "not like", "in": "in", "not in": "not in",
}  # fmt: skip
_NEGATED = frozenset({"!=", "not in", "not like"})
_MULTISELECT_OPS = frozenset({"=", "!=", "like", "not like", "in", "not in"})
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
    "<=": operator.le, ">=": operator.ge,
}  # fmt: skip


@dataclass(frozen=True)
class Clause:
    """One compiled filter expression on one field."""

    field: str
    op: str
    test: Test

    def matches(self, record: Record) -> bool:
        """True when the record's value satisfies this clause.

        A list value (multiselect keys, record ids) matches when one of its items does;
        for the negated operators every item must.
        """
        value = record[self.field]
        if not isinstance(value, tuple):
            return self.test(value)
        if not value:
            return self.test("")
        if self.op in _NEGATED:
            return all(self.test(item) for item in value)
        return any(self.test(item) for item in value)


@dataclass(frozen=True)
class SortKey:
    """One sort criterion."""

    field: FieldDef
    descending: bool


def parse_filter(raw: object, fields: Mapping[str, FieldDef]) -> list[Clause]:
    """Compile ``filter`` ({field: [{"op": ..., "val": ...}, ...]}) into clauses."""
    if raw is None or raw == []:  # PHP encodes an empty array as []
        return []
    if not isinstance(raw, dict):
        raise ApiError(257, "filter must be an object")
    clauses: list[Clause] = []
    for name, expressions in raw.items():
        fdef = fields.get(name)
        if fdef is None:
            raise ApiError(141, name)
        items = [expressions] if isinstance(expressions, dict) else expressions
        if not isinstance(items, list) or not items:
            raise ApiError(257, f"{name} needs a list of {{op, val}} objects")
        if len(clauses) + len(items) > MAX_CLAUSES:
            raise ApiError(257, f"a filter takes at most {MAX_CLAUSES} clauses")
        clauses.extend(_clause(fdef, item) for item in items)
    return clauses


def _clause(fdef: FieldDef, item: object) -> Clause:
    """Compile one {"op", "val"} object for ``fdef``."""
    if not isinstance(item, dict) or "op" not in item or "val" not in item:
        raise ApiError(257, f"{fdef.name} needs objects with op and val")
    op_text = item["op"]
    op = _OPERATORS.get(" ".join(op_text.lower().split())) if isinstance(op_text, str) else None
    if op is None:
        raise ApiError(142, str(op_text))
    if fdef.type == "multiselect" and op not in _MULTISELECT_OPS:
        raise ApiError(232)
    value = item["val"]
    if op in ("like", "not like"):
        return Clause(fdef.name, op, _like(fdef, value, negate=op == "not like"))
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            raise ApiError(257, f"between on {fdef.name} needs [low, high]")
        return Clause(fdef.name, op, _between(fdef, value[0], value[1]))
    if op in ("in", "not in"):
        values = value if isinstance(value, list) else [value]
        return Clause(fdef.name, op, _member(fdef, values, negate=op == "not in"))
    if isinstance(value, list | dict):
        raise ApiError(257, f"{op} on {fdef.name} needs a single value")
    return Clause(fdef.name, op, _comparison(fdef, op, value))


def _numeric(fdef: FieldDef, *values: object) -> bool:
    """Whether a clause on ``fdef`` with these values compares numbers."""
    return fdef.numeric or (bool(values) and all(_is_number(v) for v in values))


def _is_number(value: object) -> bool:
    """A JSON number (booleans are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _filter_number(fdef: FieldDef, value: object) -> float:
    """A filter value as a number, or a 257 error naming it."""
    number = finite_number(value)
    if number is None:
        raise ApiError(257, f"{value!r} is not a number for {fdef.name}")
    return number


def _text(value: object) -> str:
    """A value as a case-folded string; null is the empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).casefold()


def _comparison(fdef: FieldDef, op: str, value: object) -> Test:
    """A test for =, !=, <, >, <=, >=."""
    compare = _COMPARE[op]
    if _numeric(fdef, value):
        target = _filter_number(fdef, value)

        def numeric(v: Value) -> bool:
            number = finite_number(v)
            return number is not None and compare(number, target)

        return numeric
    text = _text(value)
    return lambda v: compare(_text(v), text)


def _between(fdef: FieldDef, low: object, high: object) -> Test:
    """A test for an inclusive range."""
    if _numeric(fdef, low, high):
        lo, hi = _filter_number(fdef, low), _filter_number(fdef, high)

        def numeric(v: Value) -> bool:
            number = finite_number(v)
            return number is not None and lo <= number <= hi

        return numeric
    lo_text, hi_text = _text(low), _text(high)
    return lambda v: lo_text <= _text(v) <= hi_text


def _member(fdef: FieldDef, values: Sequence[object], *, negate: bool) -> Test:
    """A test for in / not in."""
    if any(isinstance(v, list | dict) for v in values):
        raise ApiError(257, f"in on {fdef.name} needs a list of single values")
    if _numeric(fdef, *values):
        numbers = {_filter_number(fdef, v) for v in values}

        def numeric(v: Value) -> bool:
            number = finite_number(v)
            return number is not None and (number in numbers) != negate

        return numeric
    texts = {_text(v) for v in values}
    return lambda v: (_text(v) in texts) != negate


def _like(fdef: FieldDef, pattern: object, *, negate: bool) -> Test:
    """A test for like / not like on the value as the API renders it."""
    if isinstance(pattern, list | dict):
        raise ApiError(257, f"like on {fdef.name} needs a single pattern")
    wanted = _text(pattern)
    if len(wanted) > MAX_PATTERN:
        raise ApiError(257, f"like on {fdef.name} takes at most {MAX_PATTERN} characters")
    try:
        matches, render = like_matcher(wanted), fdef.render
    except TooCostly:
        raise ApiError(257, f"like on {fdef.name}: {TOO_COSTLY}") from None

    def test(v: Value) -> bool:
        rendered = render(v)
        text = rendered if isinstance(rendered, str) else str(v)
        try:
            return matches(text.casefold()) != negate
        except TooCostly:
            raise ApiError(257, f"like on {fdef.name}: {TOO_COSTLY}") from None

    return test


def parse_sort(sortby: object, sortorder: object, fields: Mapping[str, FieldDef]) -> list[SortKey]:
    """Read ``sortby`` as {field: "ASC"|"DESC"} or as a field name plus ``sortorder``."""
    if sortby is None or sortby in ("", [], {}):
        return []
    # Each key sorts every matching record once: 270,000 of them took 21 s (docs: no limit).
    if isinstance(sortby, dict | list) and len(sortby) > MAX_SORT_KEYS:
        raise ApiError(255, "sortby", detail=f"at most {MAX_SORT_KEYS} sort fields")
    if isinstance(sortby, dict):
        return [_sort_key(name, direction, fields, "sortby") for name, direction in sortby.items()]
    names = [sortby] if isinstance(sortby, str) else sortby
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ApiError(255, "sortby")
    return [_sort_key(name, sortorder or "ASC", fields, "sortorder") for name in names]


def _sort_key(
    name: str, direction: object, fields: Mapping[str, FieldDef], parameter: str
) -> SortKey:
    """One sort criterion, validated."""
    fdef = fields.get(name)
    if fdef is None:
        raise ApiError(212)
    if not isinstance(direction, str) or direction.upper() not in ("ASC", "DESC"):
        raise ApiError(255, parameter)
    return SortKey(fdef, direction.upper() == "DESC")


def run(
    records: Sequence[Record],
    clauses: Sequence[Clause],
    sort: Sequence[SortKey],
    limit: int,
    offset: int,
) -> tuple[int, list[Record]]:
    """Filter, sort and page ``records`` (in id order); returns (total matches, page)."""
    matching = [r for r in records if all(clause.matches(r) for clause in clauses)]
    # Stable sorts from the last key to the first give a multi-key order with mixed
    # directions; records that tie keep their id order.
    for key in reversed(sort):
        name = key.field.name
        if key.field.numeric:
            matching.sort(key=lambda r: float(r[name]), reverse=key.descending)
        else:
            matching.sort(key=lambda r: _sort_text(r[name]), reverse=key.descending)
    return len(matching), matching[offset : offset + limit]


def _sort_text(value: Value) -> str:
    """A value as sort text; lists sort by their items joined."""
    if isinstance(value, tuple):
        return "|".join(value).casefold()
    return str(value).casefold()


def parse_data(
    raw: object,
    fields: Mapping[str, FieldDef],
    *,
    unknown_code: int,
    default: Sequence[str],
    extra: frozenset[str] = frozenset(),
) -> list[str]:
    """The field names requested in ``data``; ``extra`` names pseudo fields also allowed."""
    if raw is None or raw == [] or raw == {}:
        return list(default)
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise ApiError(255, "data")
    for name in raw:
        if name not in fields and name not in extra:
            raise ApiError(unknown_code, name)
    return list(dict.fromkeys(raw))
