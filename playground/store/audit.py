"""Queries on the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, delete, select

from playground.store.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    """What the audit list is narrowed to; empty values mean "any"."""

    username: str = ""
    kind: str = ""
    since: datetime | None = None
    until: datetime | None = None


def add_event(session: Session, *, event: AuditEvent) -> int:
    """Append one event; its id."""
    session.add(event)
    session.commit()
    assert event.id is not None
    return event.id


def set_summary(session: Session, *, event_id: int, summary: str) -> None:
    """Complete an event recorded before its outcome was known."""
    event = session.get(AuditEvent, event_id)
    if event is not None:
        event.summary = summary
        session.add(event)
        session.commit()


def list_events(
    session: Session, *, filters: AuditFilter, before_id: int | None, limit: int
) -> list[AuditEvent]:
    """Newest first, keyset-paged by id."""
    stmt = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
    if before_id is not None:
        stmt = stmt.where(col(AuditEvent.id) < before_id)
    if filters.username:
        stmt = stmt.where(AuditEvent.username == filters.username)
    if filters.kind:
        stmt = stmt.where(AuditEvent.kind == filters.kind)
    if filters.since is not None:
        stmt = stmt.where(col(AuditEvent.at) >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(col(AuditEvent.at) < filters.until)
    return list(session.exec(stmt))


def delete_before(session: Session, *, cutoff: datetime) -> None:
    """Forget events older than the retention period."""
    session.exec(delete(AuditEvent).where(col(AuditEvent.at) < cutoff))
    session.commit()


def known_kinds(session: Session) -> list[str]:
    """Every kind that occurs, for the filter menu."""
    return sorted(session.exec(select(AuditEvent.kind).distinct()))
