"""The audit log: record who did what, list it for admins, keep it within its retention.

Summaries name objects and outcomes only; callers must never pass a secret, a token or
request parameters.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from playground import metrics
from playground.i18n import gettext as _
from playground.services.errors import InvalidInput
from playground.store import audit as store
from playground.store.audit import AuditFilter
from playground.store.models import AuditEvent, User, utcnow

PAGE_SIZE = 100

# The column's length; a longer summary is cut (recording.audit_summary fits in it).
SUMMARY_LENGTH = 1000


def record(
    session: Session,
    *,
    kind: str,
    actor: User | None = None,
    username: str = "",
    summary: str = "",
    address: str = "",
) -> int:
    """Append an event; `username` names the actor when there is no account (failed login)."""
    metrics.observe_audit(kind)
    return store.add_event(
        session,
        event=AuditEvent(
            user_id=actor.id if actor else None,
            username=(actor.username if actor else username)[:64],
            kind=kind,
            summary=summary[:SUMMARY_LENGTH],
            address=address[:64],
        ),
    )


def complete(session: Session, *, event_id: int, summary: str) -> None:
    """Replace the summary of an event recorded before its outcome was known."""
    store.set_summary(session, event_id=event_id, summary=summary[:SUMMARY_LENGTH])


def page(
    session: Session, *, filters: AuditFilter, before_id: int | None = None
) -> tuple[list[AuditEvent], int | None]:
    """One page of events, newest first, and the id to continue from."""
    rows = store.list_events(session, filters=filters, before_id=before_id, limit=PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].id if more and rows else None)


def kinds(session: Session) -> list[str]:
    """The kinds of event that occur, for the filter menu."""
    return store.known_kinds(session)


def purge(session: Session, *, retention_days: int) -> None:
    """Drop events older than the retention period (0 keeps everything)."""
    if retention_days > 0:
        store.delete_before(session, cutoff=utcnow() - timedelta(days=retention_days))


FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9998, 12, 31)


def _day(value: str, field: str) -> datetime | None:
    """Midnight UTC of a YYYY-MM-DD date; None when empty; InvalidInput when malformed."""
    if not value.strip():
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput({field: _("Use a date like 2026-01-31.")}) from None
    # The day after the end date is the bound of the query: it must still be a date.
    if not FIRST_DAY <= day <= LAST_DAY:
        span = {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        raise InvalidInput({field: _("Use a date from %(first)s to %(last)s.") % span})
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def filters_from_form(*, username: str, kind: str, since: str, until: str) -> AuditFilter:
    """Filters from the audit page's form; both dates count whole days (UTC), inclusive."""
    start = _day(since, "from")
    end = _day(until, "to")
    if start and end and end < start:
        raise InvalidInput({"to": _("The end date is before the start date.")})
    return AuditFilter(
        username=username.strip(),
        kind=kind.strip(),
        since=start,
        until=end + timedelta(days=1) if end else None,
    )
