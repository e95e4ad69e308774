"""HMAC v2 (SHA-256, base64) and the legacy HMAC v1 (MD5 over PHP-style JSON).

Both functions are pure: the timestamp is an argument, no clock is read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any


def hmac_v2(*, secret: str, token: str, timestamp: int, resourcetype: str, actionid: str) -> str:
    """Sign one action the current way: base64(HMAC-SHA256(secret, ts+token+type+actionid))."""
    message = f"{timestamp}{token}{resourcetype}{actionid}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


# A \u007f escape of json.dumps: its backslash follows an even number of backslashes (after
# an odd number it is an escaped backslash, then the text "u007f").
_DEL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u007f")


def php_json_encode(value: Any) -> str:
    """Encode like PHP's json_encode defaults: compact, ASCII only, '/' escaped as '\\/'.

    DEL (U+007F) stays as it is, as in PHP: Python's ensure_ascii writes \\u007f, and HMAC
    v1 over a parameter holding DEL was computed over other text than the API computes.
    Floats are not normalised to PHP's notation; the onOffice docs ask for floats to be
    sent as strings anyway, so v1 signatures over floats are not guaranteed to match.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=True)
    if "\\u007f" in text:
        text = _DEL_ESCAPE.sub(lambda match: match.group(1) + "\x7f", text)
    return text.replace("/", "\\/")


def _field_text(value: object) -> str:
    """Render a signed v1 field the way PHP string concatenation would."""
    if value is None:
        return ""
    if value is True:
        return "1"
    if value is False:
        return ""
    return str(value)


def _as_php_arrays(value: Any) -> Any:
    """Mirror PHP's decode-then-encode: an empty object comes back out as []."""
    if isinstance(value, dict):
        return {k: _as_php_arrays(v) for k, v in value.items()} if value else []
    if isinstance(value, list):
        return [_as_php_arrays(v) for v in value]
    return value


def hmac_v1(
    *,
    secret: str,
    token: str,
    timestamp: int,
    resourcetype: str,
    actionid: str,
    resourceid: str | int | None,
    identifier: str | None,
    parameters: dict[str, Any],
) -> str:
    """Sign one action the legacy way: md5(secret + md5(params_json + ',' + fields))."""
    params_json = php_json_encode(_as_php_arrays(dict(sorted(parameters.items()))))
    # The field order is alphabetical by the docs' names: accesstoken, actionid,
    # identifier, resourceid, secret, timestamp, type.
    fields = [token, actionid, identifier, resourceid, secret, timestamp, resourcetype]
    joined = params_json + "," + ",".join(_field_text(f) for f in fields)
    inner = hashlib.md5(joined.encode()).hexdigest()
    return hashlib.md5((secret + inner).encode()).hexdigest()


def verify(expected: str, given: object) -> bool:
    """Compare two signatures in constant time; anything that is not a string fails."""
    return isinstance(given, str) and hmac.compare_digest(expected.encode(), given.encode())
