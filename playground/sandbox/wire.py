"""Decoding the request body and the envelope's outer structure, encoding the answer.

JSON problems map to the API's codes 3-8 (they mirror PHP's json_last_error values, as
the API is written in PHP): nesting deeper than PHP's default 512 levels is 3, a raw
control character in a string 5, a syntax error 6, invalid UTF-8 7. An empty body is 9.
NaN and Infinity, which Python would accept, are syntax errors as in PHP.

The envelope's outer structure is checked before the token is compared: a root that is
not an object or has no non-empty token string is 13, a missing ``request`` object 14,
and a missing or empty ``actions`` array 15 (DOC:/onoffice-api-request/request-elemente/).
An array of more than ``MAX_ACTIONS`` is 15 as well: the docs name no limit, but anyone may
call the sandbox with its public demo credentials, and 2 MB of read actions asked for
gigabytes of answer (about 650 times their size), enough to stop the whole server.
"""

from __future__ import annotations

import json
from typing import Any

from playground.onoffice.signing import php_json_encode

MAX_DEPTH = 512
MAX_ACTIONS = 50  # as many as the playground's composer sends at once


class EnvelopeError(Exception):
    """The request as a whole is unusable; ``code`` is the top-level error code."""

    def __init__(self, code: int) -> None:
        """Remember the API error code."""
        self.code = code
        super().__init__(code)


def _reject_constant(name: str) -> object:
    """Refuse NaN, Infinity and -Infinity, which are not JSON."""
    raise ValueError(f"{name} is not valid JSON")


def _too_deep(value: object) -> bool:
    """True when arrays and objects nest deeper than PHP's json_decode allows."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def decode_json(body: bytes) -> object:
    """Parse the body as JSON or raise EnvelopeError with the API's JSON error code."""
    if not body.strip():
        raise EnvelopeError(9)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise EnvelopeError(7) from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise EnvelopeError(3) from None
    except json.JSONDecodeError as exc:
        raise EnvelopeError(5 if "control character" in exc.msg else 6) from None
    except ValueError:
        raise EnvelopeError(6) from None
    if _too_deep(value):
        raise EnvelopeError(3)
    return value


def envelope_parts(value: object) -> tuple[str, list[object]]:
    """The token and the actions list, or EnvelopeError 13, 14 or 15."""
    if not isinstance(value, dict):
        raise EnvelopeError(13)
    token = value.get("token")
    if not isinstance(token, str) or not token:
        raise EnvelopeError(13)
    request = value.get("request")
    if not isinstance(request, dict):
        raise EnvelopeError(14)
    actions = request.get("actions")
    if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_ACTIONS:
        raise EnvelopeError(15)
    return token, actions


def encode(payload: dict[str, Any]) -> bytes:
    """The answer as PHP's json_encode writes it: ASCII with \\u escapes and \\/."""
    return php_json_encode(payload).encode("ascii")
