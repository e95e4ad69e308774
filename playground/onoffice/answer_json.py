"""An answer's JSON, read so that every string in it is text a page or database can hold.

A JSON escape of a UTF-16 surrogate is how JSON writes a character beyond the BMP: paired,
two escapes make one character. A lone one makes a string that no UTF-8 encodes, so the
page, the API answer and the database would all refuse it. Each lone one becomes U+FFFD,
whenever an answer is read: as it arrives and when a stored one is read again.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_answer(text: bytes | str) -> Any:
    """The JSON of an answer, each lone surrogate in its strings replaced by U+FFFD.

    ValueError (or RecursionError) as json.loads raises them, for text that is no JSON.
    """
    payload = json.loads(text)
    raw = text if isinstance(text, bytes) else text.encode("utf-8", errors="surrogatepass")
    return _mend(payload) if _SURROGATE_ESCAPE.search(raw) else payload


def _mend(value: Any) -> Any:
    """A parsed JSON value with every lone surrogate replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {_mend(key): _mend(item) for key, item in value.items()}
    return value
