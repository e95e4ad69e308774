"""Queries on share links and the history entry or saved request a link points at."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from playground.store.models import HistoryEntry, SavedRequest, ShareLink, User


def add_link(session: Session, *, link: ShareLink) -> ShareLink:
    """Insert or update a link and return it refreshed."""
    session.add(link)
    session.commit()
    session.refresh(link)
    return link


def get_by_code(session: Session, *, code: str) -> tuple[ShareLink, str] | None:
    """The link with this code (revoked or not) and its creator's name."""
    stmt = (
        select(ShareLink, User.username)
        .join(User, col(User.id) == col(ShareLink.created_by))
        .where(ShareLink.code == code)
    )
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None


def get_link(session: Session, *, link_id: int) -> ShareLink | None:
    """The link with this id, whoever made it."""
    return session.get(ShareLink, link_id)


@dataclass(frozen=True)
class LinkRow:
    """A link with its creator's name and what describes its target."""

    link: ShareLink
    creator: str
    verbs: str | None
    resourcetypes: str | None
    saved_name: str | None


def _describe(session: Session, rows: list[tuple[ShareLink, str]]) -> list[LinkRow]:
    """Add what each link points at: calls of history entries, names of saved requests."""
    entry_ids = [link.history_id for link, _ in rows if link.history_id is not None]
    saved_ids = [link.saved_id for link, _ in rows if link.saved_id is not None]
    calls = {
        row[0]: (row[1], row[2])
        for row in session.exec(
            select(HistoryEntry.id, HistoryEntry.verbs, HistoryEntry.resourcetypes).where(
                col(HistoryEntry.id).in_(entry_ids)
            )
        )
    }
    names = dict(
        session.exec(
            select(SavedRequest.id, SavedRequest.name).where(col(SavedRequest.id).in_(saved_ids))
        ).all()
    )
    described = []
    for link, creator in rows:
        verbs, resourcetypes = calls.get(link.history_id, (None, None))
        described.append(LinkRow(link, creator, verbs, resourcetypes, names.get(link.saved_id)))
    return described


def list_links(session: Session, *, created_by: int | None, limit: int) -> list[LinkRow]:
    """Newest first: one user's links, or everybody's when created_by is None."""
    stmt = (
        select(ShareLink, User.username)
        .join(User, col(User.id) == col(ShareLink.created_by))
        .order_by(col(ShareLink.id).desc())
        .limit(limit)
    )
    if created_by is not None:
        stmt = stmt.where(ShareLink.created_by == created_by)
    return _describe(session, [(row[0], row[1]) for row in session.exec(stmt)])


def get_link_row(session: Session, *, link_id: int) -> LinkRow | None:
    """One link with its creator and target description."""
    stmt = (
        select(ShareLink, User.username)
        .join(User, col(User.id) == col(ShareLink.created_by))
        .where(ShareLink.id == link_id)
    )
    row = session.exec(stmt).first()
    return _describe(session, [(row[0], row[1])])[0] if row else None


def linked_entry(session: Session, *, link: ShareLink) -> HistoryEntry | None:
    """The history entry a link points at, whoever's it is: only a live link may ask."""
    return None if link.history_id is None else session.get(HistoryEntry, link.history_id)


def linked_saved(session: Session, *, link: ShareLink) -> SavedRequest | None:
    """The saved request a link points at, whoever's it is: only a live link may ask."""
    return None if link.saved_id is None else session.get(SavedRequest, link.saved_id)
