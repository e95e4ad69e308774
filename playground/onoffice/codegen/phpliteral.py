"""PHP array literals for the two PHP exports."""

from __future__ import annotations

from typing import Any


def php_string(text: str) -> str:
    """A single-quoted PHP string: only backslash and quote need escaping there."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def php_value(value: Any, indent: int = 0) -> str:
    """A PHP literal for a JSON value; objects and lists become short arrays."""
    pad, inner = "    " * indent, "    " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "[]"
        items = [
            f"{inner}{php_string(str(k))} => {php_value(v, indent + 1)}," for k, v in value.items()
        ]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
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
