"""A request id for each request: from a trusted proxy's X-Request-ID, else a new one.

The id is sent back in X-Request-ID and goes into every log line of the request; with
PLAYGROUND_LOG_FORMAT=json a line per request says route, status and duration.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playground import logjson
from playground.web.proxy_auth import direct_peer_of, is_trusted, trusted_networks
from playground.web.timing import route_label

HEADER = b"x-request-id"
# What an id from a proxy may look like: short, and nothing a log reader could trip on.
_SAFE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
access = logging.getLogger("playground.access")


class RequestId:
    """Names each request; logs its summary line when `log_requests`."""

    def __init__(self, app: ASGIApp, *, trusted: str, log_requests: bool) -> None:
        self.app = app
        self.trusted = trusted_networks(tuple(t.strip() for t in trusted.split(",") if t))
        self.log_requests = log_requests

    def _request_id(self, scope: Scope) -> str:
        """The proxy's id when a trusted proxy sent a well-formed one, else a new one."""
        peer = direct_peer_of(scope)  # the proxy itself, not the client it forwards for
        given = dict(scope.get("headers", [])).get(HEADER, b"").decode("latin-1")
        if given and _SAFE.fullmatch(given) and is_trusted(peer, self.trusted):
            return str(given)
        return uuid.uuid4().hex

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the id, add it to the answer, and log the request line."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        info = logjson.begin(self._request_id(scope))
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (HEADER, info.request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if self.log_requests:
                elapsed = round((time.perf_counter() - started) * 1000, 1)
                fields = {"method": scope["method"], "route": route_label(scope),
                          "status": status, "duration_ms": elapsed}  # fmt: skip
                access.info("request", extra={"fields": fields})
