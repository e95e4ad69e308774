"""Queries on credential profiles, always scoped to their owner."""

from __future__ import annotations

from sqlmodel import Session, col, select

from playground.store.models import Profile


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
    """Insert or update a profile and return it refreshed."""
    session.add(profile)
    session.commit()
    session.refresh(profile)
    return profile


def delete_profile(session: Session, *, profile: Profile) -> None:
    """Delete a profile; history entries keep its name."""
    session.delete(profile)
    session.commit()


def all_profiles(session: Session) -> list[Profile]:
    """Every profile of every user, for key rotation."""
    return list(session.exec(select(Profile)))
