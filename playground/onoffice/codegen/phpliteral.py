"""PHP array literals for the two PHP exports."""

from __future__ import annotations

import re
from typing import Any

# In double quotes, besides backslash and quote, $ starts a variable ("{$" too).
_DOUBLE_QUOTED = {"\\": "\\\\", '"': '\\"', "$": "\\$", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The keys PHP turns into integers: canonical decimal numbers within a 64-bit integer.
_INTEGER_KEY = re.compile(r"0|-?[1-9][0-9]*")
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


def php_string(text: str) -> str:
    """A PHP string literal holding exactly ``text``.

    Printable text goes in single quotes, where only backslash and quote are escapes and
    $, {$, ?> or <?php are plain characters. Text with any other character goes in double
    quotes, that character written as an escape (\\n, \\u{202e}, \\u{0}): a raw CR or NUL in
    the code would not survive being copied from the page (the browser turns CR into LF
    and drops NUL), and a raw bidi control makes the code read differently from what runs.
    """
    if text.isprintable():
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    escaped = (
        _DOUBLE_QUOTED.get(char) or (char if char.isprintable() else f"\\u{{{ord(char):x}}}")
        for char in text
    )
    return '"' + "".join(escaped) + '"'


def php_key(key: str) -> int | str:
    """The array key PHP makes of a string key: "7" is the integer 7, "07" stays text."""
    if _INTEGER_KEY.fullmatch(key) and _INT_MIN <= int(key) <= _INT_MAX:
        return int(key)
    return key


def becomes_list(value: dict[str, Any]) -> bool:
    """True when json_encode writes this dict, as a PHP array, as a JSON list.

    An empty array and one with the keys 0, 1, 2... in that order are lists to json_encode:
    {} and {"0": "a"} would reach the API as [] and ["a"].
    """
    return [php_key(str(key)) for key in value] == list(range(len(value)))


def php_array(value: dict[str, Any], indent: int = 0) -> str:
    """A dict as a PHP short array, whatever json_encode makes of it (see php_value)."""
    if not value:
        return "[]"
    pad, inner = "    " * indent, "    " * (indent + 1)
    items = [
        f"{inner}{php_string(str(k))} => {php_value(v, indent + 1)}," for k, v in value.items()
    ]
    return "[\n" + "\n".join(items) + f"\n{pad}]"


def php_value(value: Any, indent: int = 0) -> str:
    """A PHP literal for a JSON value; objects and lists become short arrays.

    An object that json_encode would write as a list (see becomes_list) is cast to an
    object, which it writes as {} and {"0": "a"}. Only those: json_encode leaves out the
    members of an object whose name starts with a NUL, and an array keeps them.
    """
    pad, inner = "    " * indent, "    " * (indent + 1)
    if isinstance(value, dict):
        literal = php_array(value, indent)
        return "(object) " + literal if becomes_list(value) else literal
    if isinstance(value, list):
        flat = [php_value(v) for v in value if not isinstance(v, dict | list)]
        if len(flat) == len(value) and sum(len(f) + 2 for f in flat) < 80:
            return "[" + ", ".join(flat) + "]"  # a short list of scalars fits on one line
        items = [f"{inner}{php_value(v, indent + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return php_string(str(value))
