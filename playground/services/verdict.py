"""One verdict per answer: what the panel's badge, the history list and the JSON API say.

An answer is OK only when its top-level status and every action's are, and it holds a
result for every action sent. Otherwise the verdict names how many actions failed and
with which of their own codes ("1 of 2 actions failed: 143 Unknown field"), not the
top-level summary code (97) that only says that something failed.
"""

from __future__ import annotations

from playground.onoffice.errors import explain
from playground.onoffice.response import ApiResponse, Status

# A summary line, not the whole story: the panel shows every message in full.
MESSAGE_CHARS = 80


def _reason(status: Status) -> str:
    """ "143 Unknown field": an error's own code and message (its table text when empty)."""
    text = (status.message or explain(status.errorcode).message).replace("%s", "…").strip()
    if len(text) > MESSAGE_CHARS:
        text = text[: MESSAGE_CHARS - 1].rstrip() + "…"
    return f"{status.errorcode} {text}".strip()


def verdict(parsed: ApiResponse, count: int) -> str | None:
    """The one-line verdict of an answer to `count` actions; None when it is OK."""
    failed = [r.status for r in parsed.results if not r.ok]
    missing = count - len(parsed.results)
    parts = []
    if failed:
        reasons = "; ".join(dict.fromkeys(_reason(s) for s in failed))
        noun = "action" if count == 1 else "actions"
        parts.append(f"{len(failed)} of {count} {noun} failed: {reasons}")
    if missing > 0:
        noun = "action" if count == 1 else "actions"
        parts.append(f"{missing} of {count} {noun} got no result")
    if not parts and not parsed.status.ok:
        parts.append(f"The request failed: {_reason(parsed.status)}")
    return " · ".join(parts) or None
