"""What one send put on the wire and what came back, for showing: never a credential.

Only the facts that vary are stored (URL, HMAC version, timestamp, headers); the envelope is
rebuilt from the stored unsigned actions with the same code that signed it, its token and
HMACs replaced by markers, so it shows the request exactly as sent but for those two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from playground.onoffice.actions import ActionRequest
from playground.onoffice.envelope import HmacVersion, build_envelope

TOKEN_MARK = "<token>"  # noqa: S105  (a marker, not a credential)
HMAC_MARK = "<HMAC v%d, computed when sent>"
# Response headers whose values are not the playground's to show (an upstream session).
_HIDDEN = frozenset({"set-cookie", "authorization", "proxy-authorization", "cookie"})
HIDDEN_VALUE = "<not shown>"

Headers = tuple[tuple[str, str], ...]


def header_pairs(items: Iterable[tuple[str, str]]) -> Headers:
    """Headers as (name, value) pairs, with values that could hold a credential hidden."""
    return tuple((k, HIDDEN_VALUE if k.lower() in _HIDDEN else v) for k, v in items)


@dataclass(frozen=True)
class Exchange:
    """The varying facts of one send: where it went, how it was signed, the headers."""

    url: str
    hmac_version: HmacVersion
    timestamp: int
    request_headers: Headers = ()
    response_headers: Headers = ()

    def to_json(self) -> str:
        """The form stored with the history entry."""
        return json.dumps(
            {
                "url": self.url,
                "hmac_version": self.hmac_version,
                "timestamp": self.timestamp,
                "request_headers": [list(p) for p in self.request_headers],
                "response_headers": [list(p) for p in self.response_headers],
            }
        )

    @classmethod
    def from_json(cls, text: str | None) -> Exchange | None:
        """Read a stored exchange; None for entries from before it was recorded."""
        if not text:
            return None
        data: dict[str, Any] = json.loads(text)
        version: HmacVersion = 1 if data.get("hmac_version") == 1 else 2
        return cls(
            url=str(data.get("url", "")),
            hmac_version=version,
            timestamp=int(data.get("timestamp", 0)),
            request_headers=tuple((str(k), str(v)) for k, v in data.get("request_headers", [])),
            response_headers=tuple((str(k), str(v)) for k, v in data.get("response_headers", [])),
        )

    def with_headers(self, request: Headers, response: Headers) -> Exchange:
        """The same exchange with the headers that were sent and received."""
        return Exchange(self.url, self.hmac_version, self.timestamp, request, response)


def masked_envelope(actions: Sequence[ActionRequest], exchange: Exchange) -> dict[str, Any]:
    """The envelope as it was sent, the token and each HMAC replaced by a marker."""
    # Signed with a throwaway key: the HMACs are replaced below, only their places matter.
    envelope = build_envelope(
        actions, token=TOKEN_MARK, secret="-", timestamp=exchange.timestamp,  # noqa: S106
        hmac_version=exchange.hmac_version,
    )  # fmt: skip
    for action in envelope["request"]["actions"]:
        action["hmac"] = HMAC_MARK % exchange.hmac_version
    return envelope
