"""Byte counts: reading a request body within a limit, and saying a size in words."""

from __future__ import annotations

from babel.numbers import format_decimal
from starlette.types import Receive, Scope

from playground import i18n
from playground.i18n import ngettext

_UNITS = (("MB", 1_000_000), ("kB", 1_000))


def readable_size(size: int) -> str:
    """A byte count as people say it: 2 MB, 1.5 kB (1,5 kB in German), 900 bytes."""
    for unit, factor in _UNITS:
        if size >= factor:
            return f"{format_decimal(round(size / factor, 1), locale=i18n.current())} {unit}"
    return ngettext("%(num)d byte", "%(num)d bytes", size) % {"num": size}


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when it has none (or an unreadable one)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def read_within(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes the limit or the client goes away."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return bytes(body)


async def read_body(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None when its declared or actual size passes the limit."""
    declared = declared_length(scope)
    if declared is not None and declared > limit:
        return None  # refused unread
    return await read_within(receive, limit)
