"""Keep credentials out of the log: every record is redacted when it is made.

Two nets. Text shaped like a credential assignment (``token=…``, ``"secret": "…"``,
``Cookie: …``, a password, an HMAC) loses its value. And the values themselves: the send
path tells `remember` each token and secret it decrypts, and any run of characters equal
to one of them is cut out, whatever text surrounds it (an exception message, a repr). Only
keyed hashes of remembered values are kept, so the registry holds no credential itself.

The redaction runs in the record factory, before any handler sees the record, so handlers
added later (uvicorn's, a test's) get the clean text as well.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import traceback
from collections import OrderedDict
from threading import Lock

REDACTED = "[redacted]"
_NAMES = (
    r"token|secret|password|passwd|hmac|cookie|set-cookie|authorization|api[_-]?key"
    r"|csrf[_-]?token|session[_-]?id|playground_session"
)
# A name, an optional closing quote, = or :, then the value up to a delimiter.
_ASSIGNMENT = re.compile(
    rf"(?i)(?<![a-z])({_NAMES})(?![a-z])([\"']?\s*[:=]\s*(?:bytes\()?[\"']?)([^\s\"',;&)}}\]]+)"
)
# Candidates for a remembered value: long runs of token-like characters.
_RUN = re.compile(r"[A-Za-z0-9+/=_.~-]{12,}")
_KEY = secrets.token_bytes(32)
_LIMIT = 4096
_known: OrderedDict[bytes, None] = OrderedDict()
_lock = Lock()
_installed = False


def _digest(value: str) -> bytes:
    """A keyed hash of a value (the key lives only in this process)."""
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), key=_KEY).digest()


def remember(*values: str) -> None:
    """Note credentials that must never appear in the log (values under 12 chars are ignored)."""
    with _lock:
        for value in values:
            if len(value) >= 12:
                _known[_digest(value)] = None
                _known.move_to_end(_digest(value))
        while len(_known) > _LIMIT:
            _known.popitem(last=False)


def _cut_known(match: re.Match[str]) -> str:
    """A run that is a remembered value, redacted; any other run unchanged."""
    return REDACTED if _digest(match.group(0)) in _known else match.group(0)


def redact(text: str) -> str:
    """The text without credential values."""
    text = _ASSIGNMENT.sub(lambda m: m.group(1) + m.group(2) + REDACTED, text)
    return _RUN.sub(_cut_known, text) if _known else text


def _rewritten(
    record: logging.LogRecord, redacted: str
) -> tuple[object, tuple[object, ...] | None]:
    """New msg and args: each argument redacted where that suffices, else the whole text.

    Some formatters read the arguments themselves (uvicorn's access log unpacks them),
    so a record keeps its arguments whenever redacting them one by one is enough.
    """
    if isinstance(record.args, tuple) and record.args:
        args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        try:
            text = str(record.msg) % args
        except (TypeError, ValueError):
            text = None
        if text is not None and redact(text) == text:
            return record.msg, args
    return redacted, None


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback without credentials; never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the formatted message and the formatted exception, in place."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = _rewritten(record, redacted)
        if record.exc_info and record.exc_info[1] is not None:
            formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            # Formatters print exc_text when set and format exc_info only when it is not.
            record.exc_text, record.exc_info = redact(formatted), None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install() -> None:
    """Redact every record of this process from now on (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    make = logging.getLogRecordFactory()
    redacting = RedactingFilter()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        redacting.filter(record)
        return record

    logging.setLogRecordFactory(factory)
