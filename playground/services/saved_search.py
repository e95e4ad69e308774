"""Search over saved requests: the name, the description and the calls inside.

The database narrows the rows down (a LIKE over name, description and stored request); this
keeps a request matched only inside its stored JSON when the text is in one of its calls
(verb, action id, resource type or id), not in some parameter value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from playground.store.models import SavedRequest

# Keys naming a call, wherever they sit in the stored request (a flow's steps included).
CALL_KEYS = frozenset({"verb", "actionid", "resourcetype", "resourceid"})


def _call_values(node: Any) -> Iterator[str]:
    """The values of the call-naming keys anywhere in a decoded request."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in CALL_KEYS and isinstance(value, str | int):
                yield str(value)
            else:
                yield from _call_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _call_values(item)


def call_values(request_json: str) -> list[str]:
    """The verbs, action ids, resource types and ids of every call a stored request holds."""
    try:
        return list(_call_values(json.loads(request_json)))
    except ValueError:
        return []


def matches(saved: SavedRequest, text: str) -> bool:
    """True when the text (any case) is in the name, the description or one of the calls."""
    needle = text.casefold()
    if needle in saved.name.casefold() or needle in saved.description.casefold():
        return True
    return any(needle in value.casefold() for value in call_values(saved.request_json))
