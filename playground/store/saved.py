"""Queries on saved requests: the owner's own and those saved for the team."""

from __future__ import annotations

from sqlmodel import Session, col, func, or_, select

from playground.store.db import commit_existing, refresh_existing
from playground.store.models import Profile, SavedRequest, User


def _like_term(text: str) -> str:
    """A LIKE pattern matching text anywhere, with the user's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_visible(
    session: Session, *, user_id: int, text: str, limit: int
) -> list[tuple[SavedRequest, str, Profile | None]]:
    """The user's own and the team's saved requests by name, with owner and profile.

    An ASCII search text matches the name, the description or anywhere in the stored
    request; the caller narrows request matches down to the calls (services/saved.py).
    """
    stmt = (
        select(SavedRequest, User.username, Profile)
        .join(User, col(User.id) == col(SavedRequest.owner_id))
        .outerjoin(Profile, col(Profile.id) == col(SavedRequest.profile_id))
        .where(or_(col(SavedRequest.owner_id) == user_id, col(SavedRequest.team).is_(True)))
        .order_by(func.lower(col(SavedRequest.name)), col(SavedRequest.id))
        .limit(limit)
    )
    # SQLite's LIKE folds the case of ASCII letters only: a text with others ("Übergabe")
    # is left to the caller's filter, over the first `limit` rows.
    if text and text.isascii():
        term = _like_term(text)
        searched = (SavedRequest.name, SavedRequest.description, SavedRequest.request_json)
        stmt = stmt.where(or_(*(col(c).ilike(term, escape="\\") for c in searched)))
    return [(row[0], row[1], row[2]) for row in session.exec(stmt)]


def get_with_owner(
    session: Session, *, saved_id: int
) -> tuple[SavedRequest, str, Profile | None] | None:
    """Any saved request by id with owner name and profile; callers decide who may see it."""
    stmt = (
        select(SavedRequest, User.username, Profile)
        .join(User, col(User.id) == col(SavedRequest.owner_id))
        .outerjoin(Profile, col(Profile.id) == col(SavedRequest.profile_id))
        .where(SavedRequest.id == saved_id)
    )
    row = session.exec(stmt).first()
    return (row[0], row[1], row[2]) if row else None


def save_saved(session: Session, *, saved: SavedRequest) -> SavedRequest:
    """Insert or update a saved request and return it refreshed.

    Gone when it, or a row it names (owner, profile, folder), was deleted meanwhile.
    """
    session.add(saved)
    commit_existing(session)
    refresh_existing(session, saved)
    return saved


def delete_saved(session: Session, *, saved: SavedRequest) -> None:
    """Delete a saved request (its share links go with it)."""
    session.delete(saved)
    session.commit()
