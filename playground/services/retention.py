"""Retention: forget audit events, history entries, stale login counters and dead sessions.

A background task runs `purge_all` at start and then every ten minutes, in a worker
thread, so sends never wait for it; of several workers or instances, one at a time.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.services import audit, throttle
from playground.settings import Settings
from playground.store import flow_runs, history, locks
from playground.store import users as user_store
from playground.store.models import utcnow

PURGE_INTERVAL_SECONDS = 600.0
log = logging.getLogger("playground.retention")


def purge_history(db: Session, *, retention_days: int) -> int:
    """Delete every user's history entries (and flow runs) older than the retention (0 keeps
    them)."""
    if retention_days <= 0:
        return 0
    cutoff = utcnow() - timedelta(days=retention_days)
    flow_runs.delete_started_before(db, cutoff=cutoff)
    return history.delete_older_than(db, cutoff=cutoff)


def purge_all(db: Session, *, settings: Settings) -> None:
    """Apply every retention rule once."""
    now = utcnow()
    audit.purge(db, retention_days=settings.audit_retention_days)
    purge_history(db, retention_days=settings.history_retention_days)
    throttle.purge(db, policy=throttle.Policy.from_settings(settings), now=now)
    user_store.delete_expired_logins(db, now=now)


def purge_once(engine: Engine, settings: Settings) -> bool:
    """One purge in its own database session, unless another worker is purging; True if run."""
    with locks.held_alone(engine, name="retention", lock_dir=settings.data_dir) as had:
        if had:
            with Session(engine, expire_on_commit=False) as db:
                purge_all(db, settings=settings)
        return had


async def run_periodically(
    engine: Engine, settings: Settings, *, interval: float = PURGE_INTERVAL_SECONDS
) -> None:
    """Purge now and then every `interval` seconds until cancelled; a failure waits a round."""
    while True:
        try:
            await asyncio.to_thread(purge_once, engine, settings)
        except Exception as exc:
            # Logged by type only: a database error message could quote stored values.
            log.error("Retention purge failed: %s", type(exc).__name__)
        await asyncio.sleep(interval)
