"""One verdict per answer: what the panel's badge, the history list and the JSON API say.

An answer is OK only when its top-level status and every action's are, and it holds a
result for every action sent. Otherwise the verdict names how many actions failed and
with which of their own codes ("1 of 2 actions failed: 143 Unknown field"), not the
top-level summary code (97) that only says that something failed. History stores the
verdict in the sender's language, where its search finds it.
"""

from __future__ import annotations

from playground.i18n import gettext as _
from playground.i18n import ngettext
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
        message = ngettext(
            "%(failed)d of %(count)d action failed: %(reasons)s",
            "%(failed)d of %(count)d actions failed: %(reasons)s",
            count,
        )
        parts.append(message % {"failed": len(failed), "count": count, "reasons": reasons})
    if missing > 0:
        message = ngettext(
            "%(missing)d of %(count)d action got no result",
            "%(missing)d of %(count)d actions got no result",
            count,
        )
        parts.append(message % {"missing": missing, "count": count})
    if not parts and not parsed.status.ok:
        parts.append(_("The request failed: %(reason)s") % {"reason": _reason(parsed.status)})
    return " · ".join(parts) or None
