"""Flow runs and the history entries of their steps, always scoped to their user."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from playground.store.db import commit_existing, refresh_existing
from playground.store.models import FlowRun, HistoryEntry, utcnow


def add_run(session: Session, *, run: FlowRun, keep_per_user: int) -> FlowRun:
    """Store a new run and commit; Gone when its user, profile or saved flow was just deleted.

    Each run keeps its steps as written, so a user's oldest runs beyond `keep_per_user` go,
    as their oldest history entries do (checked on every 16th run, as there).
    """
    session.add(run)
    commit_existing(session)
    refresh_existing(session, run)
    assert run.id is not None
    if run.id % 16 == 0:
        _drop_beyond(session, user_id=run.user_id, keep=keep_per_user)
    return run


def _drop_beyond(session: Session, *, user_id: int, keep: int) -> None:
    """Delete the user's runs older than their newest `keep`, and commit."""
    cutoff = (
        select(FlowRun.id)
        .where(FlowRun.user_id == user_id)
        .order_by(col(FlowRun.id).desc())
        .offset(keep)
        .limit(1)
        .scalar_subquery()
    )
    session.exec(delete(FlowRun).where(col(FlowRun.user_id) == user_id, col(FlowRun.id) <= cutoff))
    session.commit()


def get_run(session: Session, *, user_id: int, run_id: int) -> FlowRun | None:
    """One of the user's runs, or None."""
    run = session.get(FlowRun, run_id)
    return run if run is not None and run.user_id == user_id else None


def claim(session: Session, *, user_id: int, run_id: int) -> FlowRun | None:
    """Mark a running, idle run of the user's busy and return it; None when it is not.

    One UPDATE decides, so two requests for the same next step cannot both send it.
    """
    stmt = (
        update(FlowRun)
        .where(col(FlowRun.id) == run_id, col(FlowRun.user_id) == user_id)
        .where(col(FlowRun.state) == "running", col(FlowRun.busy).is_(False))
        .values(busy=True)
    )
    claimed = session.execute(stmt).rowcount == 1  # type: ignore[attr-defined]
    session.commit()
    return session.get(FlowRun, run_id, populate_existing=True) if claimed else None


def end_step(
    session: Session, *, run_id: int, done_steps: int, state: str, problem: str | None
) -> FlowRun | None:
    """Note a step as done (or the run as ended) and let the next one be claimed; None when
    the run is gone (its user cleared their history while the step was sent)."""
    run = session.get(FlowRun, run_id, populate_existing=True)
    if run is None:
        return None
    run.done_steps, run.state, run.busy = done_steps, state, False
    if problem is not None:
        run.problem = problem
    if state != "running":
        run.finished_at = utcnow()
    session.add(run)
    session.commit()
    session.refresh(run)
    return run


def step_entries(session: Session, *, user_id: int, run_id: int) -> list[HistoryEntry]:
    """The history entries of a run's steps, by step."""
    stmt = (
        select(HistoryEntry)
        .where(col(HistoryEntry.flow_run_id) == run_id, col(HistoryEntry.user_id) == user_id)
        .order_by(col(HistoryEntry.flow_step), col(HistoryEntry.id))
    )
    return list(session.exec(stmt))


def delete_for_user(session: Session, *, user_id: int) -> None:
    """Delete every run of the user's (their history is being cleared), and commit."""
    session.exec(delete(FlowRun).where(col(FlowRun.user_id) == user_id))
    session.commit()


def delete_started_before(session: Session, *, cutoff: datetime) -> int:
    """Delete runs started before `cutoff` (their steps' entries go the same way); how many."""
    stmt = delete(FlowRun).where(col(FlowRun.created_at) < cutoff)
    removed: int = session.execute(stmt).rowcount  # type: ignore[attr-defined]
    session.commit()
    return removed
