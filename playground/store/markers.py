"""Counters in the app_marker table, shared by every instance and the shell."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from playground.store.models import AppMarker, utcnow

SANDBOX_RESET = "sandbox_reset"


def read_counter(session: Session, *, name: str) -> int:
    """The marker's counter; 0 while it has never been raised."""
    found = session.exec(select(AppMarker.counter).where(AppMarker.name == name)).first()
    return found or 0


def raise_counter(session: Session, *, name: str) -> int:
    """Add one to the marker's counter (creating it at 1) and return the new value."""
    stmt = (
        update(AppMarker)
        .where(col(AppMarker.name) == name)
        .values(counter=col(AppMarker.counter) + 1, at=utcnow())
    )
    if session.exec(stmt).rowcount == 0:
        session.add(AppMarker(name=name, counter=1))
        try:
            session.commit()
        except IntegrityError:  # another instance created it a moment ago
            session.rollback()
            session.exec(stmt)
            session.commit()
    else:
        session.commit()
    return read_counter(session, name=name)
