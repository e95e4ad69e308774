"""Queries on folders of saved requests (collections): list, change, delete, fill at once."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, or_, select, update

from playground.store.db import commit_existing, refresh_existing
from playground.store.models import SavedFolder, SavedRequest, User


def list_visible(session: Session, *, user_id: int, limit: int) -> list[tuple[SavedFolder, str]]:
    """The user's own and the team's folders by name, with the owner's name."""
    stmt = (
        select(SavedFolder, User.username)
        .join(User, col(User.id) == col(SavedFolder.owner_id))
        .where(or_(col(SavedFolder.owner_id) == user_id, col(SavedFolder.team).is_(True)))
        .order_by(func.lower(col(SavedFolder.name)), col(SavedFolder.id))
        .limit(limit)
    )
    return [(row[0], row[1]) for row in session.exec(stmt)]


def get(session: Session, *, folder_id: int) -> SavedFolder | None:
    """Any folder by id; callers decide who may see it."""
    return session.get(SavedFolder, folder_id)


def save(session: Session, *, folder: SavedFolder) -> SavedFolder:
    """Insert or update a folder and return it refreshed; Gone when it or its owner was deleted."""
    session.add(folder)
    commit_existing(session)
    refresh_existing(session, folder)
    return folder


def delete(session: Session, *, folder: SavedFolder) -> None:
    """Delete a folder; its requests stay, unfiled (set here too, not only by the database)."""
    unfile = update(SavedRequest).where(col(SavedRequest.folder_id) == folder.id)
    session.exec(unfile.values(folder_id=None))
    session.delete(folder)
    session.commit()


def requests_in(session: Session, *, folder_id: int, limit: int) -> list[SavedRequest]:
    """The saved requests filed in a folder, by name (who may see each is the caller's call)."""
    stmt = (
        select(SavedRequest)
        .where(col(SavedRequest.folder_id) == folder_id)
        .order_by(func.lower(col(SavedRequest.name)), col(SavedRequest.id))
        .limit(limit)
    )
    return list(session.exec(stmt))


def add_with_requests(
    session: Session, *, folder: SavedFolder, requests: Sequence[SavedRequest]
) -> SavedFolder:
    """Insert a folder and its requests in one transaction: all of them or none."""
    session.add(folder)
    session.flush()
    for saved in requests:
        saved.folder_id = folder.id
        session.add(saved)
    session.commit()
    session.refresh(folder)
    return folder
