"""Indented JSON for the answer's JSON tab, built fast enough for a 500-record answer."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import Any


class _NotPlainJson(Exception):
    """A value json.loads cannot have produced; pretty_json then leaves it to json.dumps."""


def _float_text(value: float) -> str:
    """A float as json.dumps writes it, NaN and infinities included."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _emit_json(value: Any, out: list[str], newline: str) -> None:
    """Append the indented JSON text of one value; ``newline`` includes its indentation."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float_text(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotPlainJson
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            _emit_json(item, out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _emit_json(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise _NotPlainJson


def pretty_json(value: Any) -> str:
    """Exactly ``json.dumps(value, indent=2, ensure_ascii=False)``, about three times faster.

    With ``indent`` the standard library uses its pure-Python encoder, which took most of
    the time of rendering a 500-record answer; this builds the same text in one pass.
    """
    out: list[str] = []
    try:
        _emit_json(value, out, "\n")
    except (_NotPlainJson, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(out)
