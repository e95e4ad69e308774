"""An answer's JSON, read so that every string in it is text a page or database can hold.

A JSON escape of a UTF-16 surrogate is how JSON writes a character beyond the BMP: paired,
two escapes make one character. A lone one makes a string that no UTF-8 encodes, so the
page, the API answer and the database would all refuse it. Each lone one becomes U+FFFD,
whenever an answer is read: as it arrives and when a stored one is read again.

An answer nested deeper than MAX_DEPTH is refused as TooDeep (a ValueError), wherever it
is read, so everything that later walks a decoded answer may rely on that bound.
"""

from __future__ import annotations

import json
import re
from typing import Any

from playground.i18n import gettext as _

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# onOffice's envelope is eight levels down to a record's fields, and a field value adds a
# few: 256 never bites a real answer. json.loads gives up by itself at about 990 levels, fewer
# the deeper the caller's stack, so without this limit the same stored answer read fine as
# it arrived and failed (RecursionError, a 500) on a page; 256 leaves every reader, and the
# C code that compares, encodes or prints the value, over 700 frames of room.
MAX_DEPTH = 256


class TooDeep(ValueError):
    """An answer nested deeper than MAX_DEPTH levels (or than json.loads reads at all)."""

    def __init__(self) -> None:
        super().__init__(too_deep_message())


def too_deep_message() -> str:
    """Why an answer so deeply nested is not read, for pages and the history."""
    message = _(
        "The answer is JSON nested more than %(max)d levels deep; the playground reads no deeper."
    )
    return message % {"max": MAX_DEPTH}


def load_answer(text: bytes | str) -> Any:
    """The JSON of an answer, each lone surrogate in its strings replaced by U+FFFD.

    ValueError as json.loads raises it for text that is no JSON; TooDeep (a ValueError)
    for JSON nested deeper than MAX_DEPTH.
    """
    try:
        payload = json.loads(text)
    except RecursionError:
        raise TooDeep from None
    if nested_deeper(payload, MAX_DEPTH):
        raise TooDeep
    raw = text if isinstance(text, bytes) else text.encode("utf-8", errors="surrogatepass")
    return _mend(payload) if _SURROGATE_ESCAPE.search(raw) else payload


def nested_deeper(value: Any, most: int) -> bool:
    """True when objects and lists nest more than `most` levels deep (a scalar is level 0).

    Level by level without recursion: each container is visited once and scalars are only
    looked at, so this costs a fraction of decoding the text.
    """
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > most:
            return True
        below: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            below.extend(child for child in children if isinstance(child, dict | list))
        level = below
    return False


def _mend(value: Any) -> Any:
    """A parsed JSON value with every lone surrogate replaced by U+FFFD (recursion within
    MAX_DEPTH levels, which load_answer checked before)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {_mend(key): _mend(item) for key, item in value.items()}
    return value
