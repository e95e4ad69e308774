"""Queries on share links and the history entry or saved request a link points at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select, update

from playground.store.db import commit_existing, refresh_existing
from playground.store.models import HistoryEntry, SavedRequest, ShareLink, User


def add_link(session: Session, *, link: ShareLink) -> ShareLink:
    """Insert or update a link and return it refreshed.

    Gone when it, or what it points at (a history entry, a saved request), was deleted meanwhile.
    """
    session.add(link)
    commit_existing(session)
    refresh_existing(session, link)
    return link


def revoke(session: Session, *, link_id: int, at: datetime) -> bool:
    """Revoke a live link without committing; False when it was revoked (or deleted)
    already, by a request at the same moment, say, so only one revocation is recorded."""
    stmt = (
        update(ShareLink)
        .where(col(ShareLink.id) == link_id, col(ShareLink.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    return bool(session.exec(stmt).rowcount)


def get_by_code(session: Session, *, code: str) -> tuple[ShareLink, User] | None:
    """The link with this code (revoked or not) and its creator."""
    stmt = (
        select(ShareLink, User)
        .join(User, col(User.id) == col(ShareLink.created_by))
        .where(ShareLink.code == code)
    )
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class LinkRow:
    """A link with its creator's name and what describes its target."""

    link: ShareLink
    creator: str
    verbs: str | None
    resourcetypes: str | None
    saved_name: str | None
    # Who owns what the link points at, and whether its creator may still see that.
    target_owner: int | None = None
    visible_to_creator: bool = False


def _describe(session: Session, rows: list[tuple[ShareLink, User]]) -> list[LinkRow]:
    """Add what each link points at, its owner, and whether the creator still sees it."""
    entry_ids = [link.history_id for link, _ in rows if link.history_id is not None]
    saved_ids = [link.saved_id for link, _ in rows if link.saved_id is not None]
    entries = {
        e.id: e
        for e in session.exec(select(HistoryEntry).where(col(HistoryEntry.id).in_(entry_ids)))
    }
    saved = {
        s.id: s
        for s in session.exec(select(SavedRequest).where(col(SavedRequest.id).in_(saved_ids)))
    }
    described = []
    for link, creator in rows:
        entry = entries.get(link.history_id)
        target = saved.get(link.saved_id)
        if entry is not None:
            row = LinkRow(
                link,
                creator.username,
                entry.verbs,
                entry.resourcetypes,
                None,
                entry.user_id,
                creator.is_active and entry.user_id == creator.id,
            )
        elif target is not None:
            visible = target.owner_id == creator.id or target.team
            row = LinkRow(
                link,
                creator.username,
                None,
                None,
                target.name,
                target.owner_id,
                creator.is_active and visible,
            )
        else:
            row = LinkRow(link, creator.username, None, None, None)
        described.append(row)
    return described


def list_links(session: Session, *, user_id: int | None, limit: int) -> list[LinkRow]:
    """Newest first: the links a user made or that point at what they own; None: all."""
    stmt = (
        select(ShareLink, User)
        .join(User, col(User.id) == col(ShareLink.created_by))
        .order_by(col(ShareLink.id).desc())
        .limit(limit)
    )
    if user_id is not None:
        own_entries = select(HistoryEntry.id).where(HistoryEntry.user_id == user_id)
        own_saved = select(SavedRequest.id).where(SavedRequest.owner_id == user_id)
        stmt = stmt.where(
            or_(
                col(ShareLink.created_by) == user_id,
                col(ShareLink.history_id).in_(own_entries),
                col(ShareLink.saved_id).in_(own_saved),
            )
        )
    return _describe(session, [(row[0], row[1]) for row in session.exec(stmt)])


def get_link_row(session: Session, *, link_id: int) -> LinkRow | None:
    """One link with its creator and target description."""
    stmt = (
        select(ShareLink, User)
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
