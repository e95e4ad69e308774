"""Queries on credential profiles: scoped to their owner, or to what the team shares."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from playground.store import tokens
from playground.store.db import commit_unique
from playground.store.models import Profile, User, utcnow


def list_profiles(session: Session, *, owner_id: int) -> list[Profile]:
    """The owner's profiles, by name."""
    stmt = select(Profile).where(Profile.owner_id == owner_id).order_by(col(Profile.name))
    return list(session.exec(stmt))


def get_profile(session: Session, *, owner_id: int, profile_id: int) -> Profile | None:
    """One of the owner's profiles; None when it does not exist or is someone else's."""
    stmt = select(Profile).where(Profile.id == profile_id, Profile.owner_id == owner_id)
    return session.exec(stmt).first()


def name_taken(session: Session, *, owner_id: int, name: str, except_id: int | None) -> bool:
    """Whether the owner already has another profile with this name."""
    stmt = select(Profile.id).where(Profile.owner_id == owner_id, Profile.name == name)
    if except_id is not None:
        stmt = stmt.where(Profile.id != except_id)
    return session.exec(stmt).first() is not None


def save_profile(session: Session, *, profile: Profile) -> Profile:
    """Insert or update a profile and return it refreshed; Duplicate when its owner has
    another profile of that name."""
    session.add(profile)
    commit_unique(session)
    session.refresh(profile)
    return profile


def delete_profile(session: Session, *, profile: Profile) -> int:
    """Delete a profile and take it off the tokens listing it; history entries keep its name.

    How many tokens were revoked for listing no other profile.
    """
    assert profile.id is not None
    profile_id = profile.id
    # The profile goes first: a token made at this moment either waits for this delete and
    # then finds the profile gone, or is in place before the tokens are read below.
    session.delete(profile)
    session.flush()
    revoked = tokens.forget_profile(session, profile_id=profile_id, at=utcnow())
    session.commit()
    return revoked


def all_profiles(session: Session) -> list[Profile]:
    """Every profile of every user, for key rotation."""
    return list(session.exec(select(Profile)))


def list_usable(session: Session, *, user_id: int) -> list[tuple[Profile, str]]:
    """The user's own profiles and those others share with the team, with owner names."""
    stmt = (
        select(Profile, User.username)
        .join(User, col(User.id) == col(Profile.owner_id))
        .where(or_(col(Profile.owner_id) == user_id, col(Profile.shared).is_(True)))
        .order_by(col(Profile.name), col(Profile.id))
    )
    return [(row[0], row[1]) for row in session.exec(stmt)]


def get_usable_profile(session: Session, *, user_id: int, profile_id: int) -> Profile | None:
    """A profile the user owns or one shared with the team; None otherwise."""
    stmt = select(Profile).where(
        Profile.id == profile_id,
        or_(col(Profile.owner_id) == user_id, col(Profile.shared).is_(True)),
    )
    return session.exec(stmt).first()


def get_with_owner(session: Session, *, profile_id: int) -> tuple[Profile, str] | None:
    """Any profile by id with its owner's name; callers decide who may act on it."""
    stmt = (
        select(Profile, User.username)
        .join(User, col(User.id) == col(Profile.owner_id))
        .where(Profile.id == profile_id)
    )
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None
