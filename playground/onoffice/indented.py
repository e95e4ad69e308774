"""Decoded JSON as indented text, without recursion and, when asked, only up to a length.

The same text as ``json.dumps(value, indent=2, ensure_ascii=False)`` (``sort_keys`` too),
for the answer's JSON tab and the raw diff of two answers. The standard library's indenting
encoder is pure Python and recursive: it fails past the recursion limit and hands every
piece through one generator per level, so a list deep in an answer took depth times its
length. And each line carries its depth's indentation, so 1 MB of answer can indent to
hundreds of MB: ``limit`` stops writing there.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import chain, repeat
from json.encoder import encode_basestring
from typing import Any

# One open object or list: its (separator, key or None, value) items still to write, and
# the text that closes it.
_Frame = tuple[Iterator[tuple[str, str | None, Any]], str]


class NotPlainJson(Exception):
    """A value json.loads cannot have produced (a key that is no text, a set, ...)."""


def _float_text(value: float) -> str:
    """A float as json.dumps writes it, NaN and infinities included."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _scalar(value: Any) -> str:
    """The JSON text of a value that is neither an object nor a list."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    raise NotPlainJson


def _open(value: Any, newline: str, sort_keys: bool) -> tuple[str, _Frame | None]:
    """The text that starts a value at this indentation; for a non-empty container also
    the frame of its items (written later), None otherwise."""
    if isinstance(value, dict):
        if not value:
            return "{}", None
        if not all(isinstance(key, str) for key in value):
            raise NotPlainJson
        inner = newline + "  "
        pairs = sorted(value.items()) if sort_keys else value.items()
        separators = chain(["{" + inner], repeat("," + inner))
        items = ((separator, k, v) for separator, (k, v) in zip(separators, pairs, strict=False))
        return "", (items, newline + "}")
    if isinstance(value, list):
        if not value:
            return "[]", None
        inner = newline + "  "
        separators = chain(["[" + inner], repeat("," + inner))
        return "", (
            ((separator, None, v) for separator, v in zip(separators, value, strict=False)),
            newline + "]",
        )
    return _scalar(value), None


def indented(value: Any, *, sort_keys: bool = False, limit: int | None = None) -> tuple[str, bool]:
    """The indented JSON text of a decoded value, and whether it was cut at `limit` characters.

    NotPlainJson for a value no JSON text decodes to.
    """
    out: list[str] = []
    first, frame = _open(value, "\n", sort_keys)
    out.append(first)
    size = len(first)
    stack = [frame] if frame else []
    while stack:
        items, closing = stack[-1]
        entry = next(items, None)
        if entry is None:
            stack.pop()
            out.append(closing)
            size += len(closing)
            continue
        separator, key, item = entry
        text, frame = _open(item, separator[1:], sort_keys)
        head = separator + ("" if key is None else encode_basestring(key) + ": ")
        out += (head, text)
        size += len(head) + len(text)
        if frame:
            stack.append(frame)
        if limit is not None and size > limit:
            return "".join(out)[:limit], True
    return "".join(out), False
