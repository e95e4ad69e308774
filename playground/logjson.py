"""Structured logs: one JSON line per record when PLAYGROUND_LOG_FORMAT=json.

Each line carries the time, level, logger and message, the request's id and user id when
there is a request, and the fields a record was given as ``extra={"fields": {...}}`` (the
request line: route, status, duration; a send: endpoint kind, verbs, error codes...). The
whole line passes through the credential redaction once more before it is written.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from playground import logredact


@dataclass
class RequestInfo:
    """The request being served; mutable, so that a dependency running in a worker thread
    (which sees a copy of the context) can name the user for the rest of the request."""

    request_id: str
    user_id: int | None = None


_current: ContextVar[RequestInfo | None] = ContextVar("playground_request", default=None)


def begin(request_id: str) -> RequestInfo:
    """Start a request's log context."""
    info = RequestInfo(request_id)
    _current.set(info)
    return info


def current() -> RequestInfo | None:
    """The request being served, if any."""
    return _current.get()


def set_user(user_id: int | None) -> None:
    """Name the signed-in user of the current request."""
    info = _current.get()
    if info is not None:
        info.user_id = user_id


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        """The record, its request context and its fields, as JSON, redacted."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        info = _current.get()
        if info is not None:
            line["request_id"] = info.request_id
            line["user_id"] = info.user_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({k: v for k, v in fields.items() if k not in line})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return logredact.redact(json.dumps(line, default=str, ensure_ascii=False))


def configure(log_format: str, level: str) -> None:
    """Route every logger (uvicorn's too) through one JSON handler on stderr."""
    if log_format != "json":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    # The playground writes its own request line (with the request id and user).
    logging.getLogger("uvicorn.access").disabled = True
    logging.captureWarnings(True)  # Python's warnings become JSON lines too
