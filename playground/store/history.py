"""Queries on the history of sends, always scoped to their user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.orm import defer
from sqlmodel import Session, col, delete, select

from playground.store import search
from playground.store.models import HistoryEntry, Profile

Outcome = Literal["", "ok", "error"]


@dataclass(frozen=True)
class HistoryFilter:
    """What the history list is narrowed to; empty values mean "any"."""

    text: str = ""
    profile_id: int | None = None
    profile_ids: tuple[int, ...] | None = None  # an access token's profiles; None: any
    resourcetype: str = ""
    verb: str = ""
    outcome: Outcome = ""


@dataclass(frozen=True)
class Unstorable:
    """Why the database would refuse an entry: which column, and what is wrong with it
    (the caller words it in the reader's language)."""

    column: str
    problem: Literal["surrogate", "nul", "length"]
    length: int = 0  # the column's limit, for "length"


def storable_problem(entry: HistoryEntry) -> Unstorable | None:
    """Why the database would refuse this entry (a text too long, or not encodable), or None."""
    for column in HistoryEntry.__table__.columns:  # type: ignore[attr-defined]
        value = getattr(entry, column.name)
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return Unstorable(column.name, "surrogate")
        if "\x00" in value:
            return Unstorable(column.name, "nul")
        length = getattr(column.type, "length", None)
        if length is not None and len(value) > length:
            return Unstorable(column.name, "length", length)
    return None


def profile_kept(session: Session, *, profile_id: int) -> bool:
    """Whether the profile still exists; on PostgreSQL it then stays until this transaction
    ends (a key-share lock), so an entry written now may name it."""
    stmt = select(Profile.id).where(col(Profile.id) == profile_id).with_for_update(key_share=True)
    return session.exec(stmt).first() is not None


def update_entry(session: Session, *, entry: HistoryEntry) -> HistoryEntry:
    """Store the outcome of an entry staged before its send, and commit."""
    merged = session.merge(entry)
    session.commit()
    return merged


def add_entry(session: Session, *, entry: HistoryEntry, keep_per_user: int) -> HistoryEntry:
    """Stage one send (the caller commits) and now and then drop entries beyond the cap."""
    session.add(entry)
    session.flush()
    assert entry.id is not None
    # The cap query walks keep_per_user index entries, so it runs on every 16th send only;
    # the cap may be exceeded by a few entries in between.
    if entry.id % 16 == 0:
        cutoff = (
            select(HistoryEntry.id)
            .where(HistoryEntry.user_id == entry.user_id)
            .order_by(col(HistoryEntry.id).desc())
            .offset(keep_per_user)
            .limit(1)
            .scalar_subquery()
        )
        session.exec(
            delete(HistoryEntry).where(
                col(HistoryEntry.user_id) == entry.user_id, col(HistoryEntry.id) <= cutoff
            )
        )
    return entry


def _text_search(stmt: Any, session: Session, text: str) -> Any:
    """Narrow a history query to entries containing every search word."""
    words = search.terms(text)
    indexed = [w for w in words if len(w) >= search.MIN_INDEXED_TERM]
    for word in words:
        if word not in indexed:
            stmt = stmt.where(search.like_condition(word))
    if not indexed:
        return stmt
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # Walking the FTS index newest-first keeps a frequent word as fast as a rare one.
        return (
            stmt.join(search.fts, search.fts.c.rowid == HistoryEntry.id)
            .where(search.fts_condition().bindparams(fts_query=search.fts_match(indexed)))
            .order_by(None)
            .order_by(search.fts.c.rowid.desc())
        )
    if dialect == "postgresql":
        return stmt.where(search.postgres_condition(indexed))
    return stmt.where(*(search.like_condition(w) for w in indexed))


def list_entries(
    session: Session, *, user_id: int, filters: HistoryFilter, before_id: int | None, limit: int
) -> list[HistoryEntry]:
    """Newest first, keyset-paged by id, without the large text columns."""
    stmt = (
        select(HistoryEntry)
        .options(defer(HistoryEntry.response_body), defer(HistoryEntry.request_json))  # type: ignore[arg-type]
        .where(HistoryEntry.user_id == user_id)
        .order_by(col(HistoryEntry.id).desc())
        .limit(limit)
    )
    if before_id is not None:
        stmt = stmt.where(col(HistoryEntry.id) < before_id)
    if filters.profile_id is not None:
        stmt = stmt.where(HistoryEntry.profile_id == filters.profile_id)
    if filters.profile_ids is not None:
        stmt = stmt.where(col(HistoryEntry.profile_id).in_(filters.profile_ids))
    if filters.resourcetype:
        stmt = stmt.where(col(HistoryEntry.resourcetypes).contains(f" {filters.resourcetype} "))
    if filters.verb:
        stmt = stmt.where(col(HistoryEntry.verbs).contains(f" {filters.verb} "))
    if filters.outcome:
        stmt = stmt.where(HistoryEntry.ok == (filters.outcome == "ok"))
    if filters.text.strip():
        stmt = _text_search(stmt, session, filters.text)
    return list(session.exec(stmt))


def get_entry(session: Session, *, user_id: int, entry_id: int) -> HistoryEntry | None:
    """One of the user's entries; None when missing or someone else's."""
    stmt = select(HistoryEntry).where(HistoryEntry.id == entry_id, HistoryEntry.user_id == user_id)
    return session.exec(stmt).first()


def last_profile_id(session: Session, *, user_id: int) -> int | None:
    """The profile of the user's newest send (None when there is none or it was deleted)."""
    stmt = (
        select(HistoryEntry.profile_id)
        .where(HistoryEntry.user_id == user_id)
        .order_by(col(HistoryEntry.id).desc())
        .limit(1)
    )
    return session.exec(stmt).first()


def delete_entry(session: Session, *, user_id: int, entry_id: int) -> bool:
    """Delete one entry of the user's; False when there was none."""
    entry = get_entry(session, user_id=user_id, entry_id=entry_id)
    if entry is None:
        return False
    session.delete(entry)
    session.commit()
    return True


def delete_all(session: Session, *, user_id: int) -> None:
    """Delete every entry of the user's."""
    session.exec(delete(HistoryEntry).where(col(HistoryEntry.user_id) == user_id))
    session.commit()


def distinct_resourcetypes(session: Session, *, user_id: int, limit: int = 200) -> list[str]:
    """Resourcetypes seen in the user's recent history, for the filter menu."""
    rows = session.exec(
        select(HistoryEntry.resourcetypes)
        .where(HistoryEntry.user_id == user_id)
        .order_by(col(HistoryEntry.id).desc())
        .limit(limit)
    )
    return sorted({name for row in rows for name in row.split()})


def delete_older_than(session: Session, *, cutoff: datetime, batch: int = 2000) -> int:
    """Delete every user's entries made before `cutoff`, in short batches; how many went."""
    removed = 0
    while True:
        ids = list(
            session.exec(
                select(HistoryEntry.id)
                .where(col(HistoryEntry.created_at) < cutoff)
                .order_by(col(HistoryEntry.id))
                .limit(batch)
            )
        )
        if not ids:
            return removed
        session.exec(delete(HistoryEntry).where(col(HistoryEntry.id).in_(ids)))
        session.commit()
        removed += len(ids)


def previous_same_request(session: Session, *, entry: HistoryEntry) -> int | None:
    """The id of the user's newest earlier entry that sent exactly the same request, or None."""
    stmt = (
        select(HistoryEntry.id)
        .where(
            HistoryEntry.user_id == entry.user_id,
            col(HistoryEntry.id) < entry.id,
            col(HistoryEntry.request_json) == entry.request_json,
        )
        .order_by(col(HistoryEntry.id).desc())
        .limit(1)
    )
    return session.exec(stmt).first()
