"""Browsing, searching and replaying the history of sends."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session

from playground.onoffice.actions import ActionRequest
from playground.services.errors import NotFound
from playground.store import flow_runs
from playground.store import history as store
from playground.store.history import HistoryFilter
from playground.store.models import HistoryEntry, User

PAGE_SIZE = 50


@dataclass(frozen=True)
class HistoryPage:
    """One page of entries, newest first, and the id to continue from."""

    entries: list[HistoryEntry]
    next_before_id: int | None


def list_page(
    session: Session,
    *,
    user: User,
    filters: HistoryFilter,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> HistoryPage:
    """A page of the user's entries matching the filters."""
    assert user.id is not None
    rows = store.list_entries(
        session, user_id=user.id, filters=filters, before_id=before_id, limit=limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return HistoryPage(entries=rows, next_before_id=rows[-1].id if more and rows else None)


def get(session: Session, *, user: User, entry_id: int) -> HistoryEntry:
    """One of the user's entries, or NotFound."""
    assert user.id is not None
    entry = store.get_entry(session, user_id=user.id, entry_id=entry_id)
    if entry is None:
        raise NotFound
    return entry


def last_profile_id(session: Session, *, user: User) -> int | None:
    """The profile the user sent with last, if it still exists."""
    assert user.id is not None
    return store.last_profile_id(session, user_id=user.id)


def actions_of(entry: HistoryEntry) -> list[ActionRequest]:
    """The unsigned actions a history entry recorded, ready to send again."""
    return [ActionRequest.from_dict(item) for item in json.loads(entry.request_json)]


def delete(session: Session, *, user: User, entry_id: int) -> None:
    """Delete one of the user's entries, or NotFound."""
    assert user.id is not None
    if not store.delete_entry(session, user_id=user.id, entry_id=entry_id):
        raise NotFound


def delete_all(session: Session, *, user: User) -> None:
    """Delete all of the user's entries, and the flow runs they were steps of."""
    assert user.id is not None
    store.delete_all(session, user_id=user.id)
    flow_runs.delete_for_user(session, user_id=user.id)


def resourcetypes(session: Session, *, user: User) -> list[str]:
    """Resourcetypes the user has sent recently, for the filter menu."""
    assert user.id is not None
    return store.distinct_resourcetypes(session, user_id=user.id)


def actions_as_dicts(entry: HistoryEntry) -> list[dict[str, object]]:
    """The stored unsigned request as plain data."""
    return [a.to_dict() for a in actions_of(entry)]
