"""Queries on personal access tokens: by hash, by owner, all of them; revoking."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select, update

from playground.store.models import AccessToken, User


def add_token(session: Session, *, token: AccessToken) -> AccessToken:
    """Insert a token and return it refreshed."""
    session.add(token)
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


def revoke_all(session: Session, *, user_id: int, at: datetime) -> int:
    """Revoke every live token of a user without committing; how many were live."""
    stmt = (
        update(AccessToken)
        .where(col(AccessToken.user_id) == user_id, col(AccessToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    result = session.exec(stmt)
    return int(result.rowcount or 0)
