"""Queries on variables and on the as-written form of history entries."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from playground.store.db import Gone, commit_unique, missing_reference
from playground.store.models import HistoryWritten, Variable


def list_for(session: Session, *, user_id: int, profile_ids: list[int]) -> list[Variable]:
    """The team's variables, the user's own and those of the given profiles, by name."""
    stmt = (
        select(Variable)
        .where(
            or_(
                Variable.scope == "team",
                (col(Variable.scope) == "user") & (col(Variable.owner_id) == user_id),
                (col(Variable.scope) == "profile") & col(Variable.profile_id).in_(profile_ids),
            )
        )
        .order_by(col(Variable.name), col(Variable.id))
    )
    return list(session.exec(stmt))


def find(
    session: Session, *, scope: str, owner_id: int | None, profile_id: int | None, name: str
) -> Variable | None:
    """The variable of that scope and name, if one exists."""
    stmt = select(Variable).where(
        Variable.scope == scope,
        Variable.owner_id == owner_id,
        Variable.profile_id == profile_id,
        Variable.name == name,
    )
    return session.exec(stmt).first()


def get(session: Session, *, variable_id: int) -> Variable | None:
    """One variable by id (the caller decides who may see it)."""
    return session.get(Variable, variable_id)


def save(session: Session, *, variable: Variable) -> Variable:
    """Insert or update, and commit; Duplicate when a new one's name was taken meanwhile,
    Gone when its profile was deleted meanwhile."""
    session.add(variable)
    try:
        commit_unique(session)
    except IntegrityError as exc:
        if missing_reference(exc):
            raise Gone from exc
        raise
    session.refresh(variable)
    return variable


def delete(session: Session, *, variable: Variable) -> None:
    """Delete one variable, and commit."""
    session.delete(variable)
    session.commit()


def add_written(session: Session, *, entry_id: int, request_json: str) -> None:
    """Keep an entry's request as written (with its placeholders), and commit."""
    session.add(HistoryWritten(entry_id=entry_id, request_json=request_json))
    session.commit()


def get_written(session: Session, *, entry_id: int) -> str | None:
    """An entry's request as written, when it used placeholders."""
    row = session.get(HistoryWritten, entry_id)
    return row.request_json if row else None
