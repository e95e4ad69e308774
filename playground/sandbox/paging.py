"""Paging of reads: ``listlimit`` and ``listoffset``, and the calls that page differently.

Facts from the shared API notes (/work/shared/onoffice-api.md):

* listlimit: default 20, at most 500; above 500 onOffice neither refuses nor caps the
  value but falls back to the default 20 (section 3.1, "listlimit").
* read task has no listoffset, and LAR says the endpoint rejects it "outright" (section
  3.2, row "read task"). Which code onOffice sends is not documented; the sandbox answers
  255 'Invalid value for parameter "listoffset"', which names the parameter.
* read log spells its offset ``listOffset`` (section 3.2, row "read log").
* read log and read recordsLastSeen require listlimit, and 0 returns only cntabsolute
  (sections 3.2 and 5); the code for a missing one is 256 "Parameter listlimit is
  mandatory and must be 0." (section 2.2). The sandbox also answers 256 to a listlimit
  that is no count (negative or not a number), as the text is about exactly that.
"""

from __future__ import annotations

from typing import Any

from playground.sandbox.outcome import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
# Where a read spells its offset unlike the others (section 3.2).
_OFFSET_NAME = {"log": "listOffset"}
_MANDATORY_LIMIT = frozenset({"log", "recordsLastSeen"})
_NO_OFFSET = frozenset({"task"})
# A digit string beyond a 64-bit integer counts as PHP_INT_MAX, at which PHP's (int)
# saturates it; Python's int() would refuse one of over 4300 digits (ValueError, error 1).
_PHP_INT_MAX = 2**63 - 1
_MAX_DIGITS = len(str(_PHP_INT_MAX))


def parse_paging(listlimit: object, listoffset: object) -> tuple[int, int]:
    """``listlimit`` (default 20, at most 500, above that 20 again) and ``listoffset`` (0)."""
    limit = DEFAULT_LIMIT if listlimit is None else _count(listlimit, "listlimit")
    offset = 0 if listoffset is None else _count(listoffset, "listoffset")
    return (limit if limit <= MAX_LIMIT else DEFAULT_LIMIT), offset


def _count(value: object, parameter: str) -> int:
    """A non-negative integer parameter, given as a number or a string of ASCII digits."""
    text = value.strip() if isinstance(value, str) else ""
    # isascii: "²" and "١٢" are digits to str.isdigit(), yet no number to PHP ("²" not
    # even to int()).
    if text.isascii() and text.isdigit():
        digits = text.lstrip("0") or "0"
        return min(int(digits), _PHP_INT_MAX) if len(digits) <= _MAX_DIGITS else _PHP_INT_MAX
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ApiError(255, parameter)


def read_paging(resourcetype: str, params: dict[str, Any]) -> tuple[int, int]:
    """The (limit, offset) of a read of ``resourcetype``, with that call's own rules."""
    if resourcetype in _NO_OFFSET and "listoffset" in params:
        raise ApiError(255, "listoffset")
    name = _OFFSET_NAME.get(resourcetype, "listoffset")
    offset = 0 if params.get(name) is None else _count(params[name], name)
    if resourcetype in _MANDATORY_LIMIT:
        return mandatory_listlimit(params), offset
    return parse_paging(params.get("listlimit"), None)[0], offset


def mandatory_listlimit(params: dict[str, Any]) -> int:
    """The listlimit that log and recordsLastSeen require; 256 when missing or no count."""
    raw = params.get("listlimit")
    if raw is None:
        raise ApiError(256)
    try:
        return parse_paging(raw, None)[0]
    except ApiError:
        raise ApiError(256) from None
