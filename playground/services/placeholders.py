"""`{{name}}` placeholders in a request's parameters, resourceid and identifier.

Pure text work, no database. Inside a JSON string of the parameters a value is inserted
JSON-escaped (a quote in it cannot end the string); outside a string it is inserted as
written, so `"listlimit": {{limit}}` with the value 20 becomes a number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,63})\s*\}\}")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")


def is_name(text: str) -> bool:
    """True for a usable variable name (a letter or _, then letters, digits, _ . -)."""
    return NAME.fullmatch(text) is not None


def names_in(text: str) -> list[str]:
    """The placeholder names in a text, each once, in order of appearance."""
    return list(dict.fromkeys(match.group(1) for match in PLACEHOLDER.finditer(text)))


def fill_text(text: str, values: Mapping[str, str]) -> str:
    """Replace the known placeholders of a plain text field; unknown ones stay."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _placed(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Each placeholder of a JSON text, and whether it stands inside a JSON string."""
    position, in_string, escaped = 0, False, False
    for match in PLACEHOLDER.finditer(text):
        for char in text[position : match.start()]:
            if escaped:
                escaped = False
            elif in_string and char == "\\":
                escaped = True
            elif char == '"':
                in_string = not in_string
        yield match, in_string
        position = match.end()


def fill_json(text: str, values: Mapping[str, str]) -> str:
    """Replace the known placeholders of a JSON text, escaping values inside strings."""
    out: list[str] = []
    position = 0
    for match, in_string in _placed(text):
        out.append(text[position : match.start()])
        value = values.get(match.group(1))
        if value is None:
            out.append(match.group(0))
        else:
            out.append(json.dumps(value, ensure_ascii=False)[1:-1] if in_string else value)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def outside_strings(text: str) -> bool:
    """Whether a placeholder of the JSON text stands outside a string (no JSON as written)."""
    return any(not in_string for _match, in_string in _placed(text))
