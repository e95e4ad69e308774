"""The wire view of a send: the envelope as sent (token and HMACs as markers), where it went,
how it was signed, and the headers both ways."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from playground.onoffice.exchange import Exchange, Headers, masked_envelope
from playground.services.history import actions_of
from playground.store.models import HistoryEntry


@dataclass(frozen=True)
class WireView:
    """What the "Sent" tab shows; nothing in it is a credential."""

    url: str
    hmac_version: int
    timestamp: int
    signed_at: str
    envelope_json: str
    request_headers: Headers
    response_headers: Headers


def wire_view(entry: HistoryEntry) -> WireView | None:
    """The wire view of an entry; None when nothing was sent or it predates the record."""
    exchange = Exchange.from_json(entry.exchange_json)
    if exchange is None:
        return None
    envelope = masked_envelope(actions_of(entry), exchange)
    signed_at = datetime.fromtimestamp(exchange.timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return WireView(
        url=exchange.url,
        hmac_version=exchange.hmac_version,
        timestamp=exchange.timestamp,
        signed_at=signed_at,
        envelope_json=json.dumps(envelope, indent=2, ensure_ascii=False),
        request_headers=exchange.request_headers,
        response_headers=exchange.response_headers,
    )
