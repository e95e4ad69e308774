"""Queries on personal access tokens: by hash, by owner, all of them; revoking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select, update

from playground.store.models import AccessToken, Profile, User


def id_list(text: str) -> tuple[int, ...]:
    """The ids of a space-delimited list as stored (" 3 7 ")."""
    return tuple(int(part) for part in text.split())


def word_list(items: Sequence[str | int]) -> str:
    """A space-delimited list with spaces around it (" a b "), or "" when empty."""
    return f" {' '.join(str(i) for i in items)} " if items else ""


def add_token(session: Session, *, token: AccessToken) -> AccessToken | None:
    """Insert a token and return it refreshed; None (nothing stored) when a profile it
    lists was deleted since it was checked."""
    session.add(token)
    session.flush()  # the write comes first: a profile delete now waits for it, or went first
    listed = id_list(token.profile_ids)
    if listed:
        stmt = select(Profile.id).where(col(Profile.id).in_(listed))
        if len(session.exec(stmt.with_for_update(key_share=True)).all()) != len(listed):
            session.rollback()
            return None
    session.commit()
    session.refresh(token)
    return token


def find_by_hash(session: Session, *, token_hash: str) -> tuple[AccessToken, User] | None:
    """The token with this keyed hash and its owner, whatever its state."""
    stmt = (
        select(AccessToken, User)
        .join(User, col(User.id) == col(AccessToken.user_id))
        .where(AccessToken.token_hash == token_hash)
    )
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None


def get_token(session: Session, *, token_id: int) -> tuple[AccessToken, User] | None:
    """A token by id with its owner."""
    stmt = (
        select(AccessToken, User)
        .join(User, col(User.id) == col(AccessToken.user_id))
        .where(AccessToken.id == token_id)
    )
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None


def list_tokens(session: Session, *, user_id: int | None) -> list[tuple[AccessToken, User]]:
    """One user's tokens (or everyone's, for None), newest first."""
    stmt = select(AccessToken, User).join(User, col(User.id) == col(AccessToken.user_id))
    if user_id is not None:
        stmt = stmt.where(AccessToken.user_id == user_id)
    stmt = stmt.order_by(col(AccessToken.id).desc())
    return [(row[0], row[1]) for row in session.exec(stmt)]


def save_token(session: Session, *, token: AccessToken) -> None:
    """Store a changed token (last use, revocation) without committing."""
    session.add(token)


def revoke(session: Session, *, token_id: int, at: datetime) -> bool:
    """Revoke a live token without committing; False when it was revoked already (by a
    request at the same moment, say), so only one revocation is recorded."""
    stmt = (
        update(AccessToken)
        .where(col(AccessToken.id) == token_id, col(AccessToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    return bool(session.exec(stmt).rowcount)


def revoke_all(session: Session, *, user_id: int, at: datetime) -> int:
    """Revoke every live token of a user without committing; how many were live."""
    stmt = (
        update(AccessToken)
        .where(col(AccessToken.user_id) == user_id, col(AccessToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    result = session.exec(stmt)
    return int(result.rowcount or 0)


def forget_profile(session: Session, *, profile_id: int, at: datetime) -> int:
    """Take a profile that goes away off every token listing it, without committing.

    A token left with no profile is revoked: an empty list means every profile, and a
    later profile may even get the same id. How many tokens were revoked.
    """
    listing = col(AccessToken.profile_ids).contains(f" {profile_id} ")
    revoked = 0
    for token in session.exec(select(AccessToken).where(listing)):
        left = [i for i in id_list(token.profile_ids) if i != profile_id]
        token.profile_ids = word_list(left)
        if not left and token.revoked_at is None:
            token.revoked_at = at
            revoked += 1
        session.add(token)
    return revoked
