"""Retention: the purge functions, and the background task the app starts and stops."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlmodel import Session, col, func, select

from playground.services import accounts, audit, retention
from playground.settings import Settings
from playground.store.models import (
    AuditEvent,
    HistoryEntry,
    LoginSession,
    LoginThrottle,
    User,
    utcnow,
)
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD

DAY = accounts.SessionLimits(days=1, idle_minutes=60)


def _user(db: Session, name: str) -> User:
    return accounts.create_user(db, username=name, password=PASSWORD, is_admin=False)


def _entry(user: User, age_days: float) -> HistoryEntry:
    assert user.id is not None
    return HistoryEntry(
        user_id=user.id,
        profile_name="Sandbox",
        endpoint="sandbox",
        created_at=utcnow() - timedelta(days=age_days),
        verbs=" read ",
        resourcetypes=" estate ",
        request_json="[]",
    )


def _count(db: Session, table: type[HistoryEntry | AuditEvent | LoginThrottle]) -> int:
    return db.exec(select(func.count()).select_from(table)).one()


def test_the_audit_purge_keeps_events_within_the_retention(app: FastAPI) -> None:
    with Session(app.state.playground.engine) as db:
        for age in (400, 366, 364, 1):
            db.add(AuditEvent(kind=f"age.{age}", at=utcnow() - timedelta(days=age)))
        db.commit()
        audit.purge(db, retention_days=365)
        kept = sorted(db.exec(select(AuditEvent.kind)))
        assert kept == ["age.1", "age.364"]
        audit.purge(db, retention_days=0)  # 0 keeps everything
        assert _count(db, AuditEvent) == 2


def test_the_history_purge_drops_old_entries_of_every_user(app: FastAPI) -> None:
    with Session(app.state.playground.engine) as db:
        ada, bob = _user(db, "ada"), _user(db, "bob")
        for user in (ada, bob):
            for age in (40, 31, 29, 0):
                db.add(_entry(user, age))
        db.commit()
        assert retention.purge_history(db, retention_days=0) == 0
        assert _count(db, HistoryEntry) == 8
        assert retention.purge_history(db, retention_days=30) == 4
        ages = db.exec(select(HistoryEntry.created_at)).all()
        assert len(ages) == 4
        assert all(utcnow() - at < timedelta(days=30) for at in ages)


def test_the_history_purge_works_in_batches(app: FastAPI) -> None:
    from playground.store import history

    with Session(app.state.playground.engine) as db:
        ada = _user(db, "ada")
        for _ in range(25):
            db.add(_entry(ada, 10))
        db.add(_entry(ada, 1))
        db.commit()
        removed = history.delete_older_than(db, cutoff=utcnow() - timedelta(days=5), batch=7)
        assert removed == 25
        assert _count(db, HistoryEntry) == 1


def test_purge_all_forgets_stale_counters_and_expired_sessions(
    app: FastAPI, settings: Settings
) -> None:
    now = utcnow()
    with Session(app.state.playground.engine) as db:
        ada = _user(db, "ada")
        accounts.start_session(db, user=ada, key="k", limits=DAY, now=now)
        assert ada.id is not None
        db.add(LoginSession(id_hash="old", user_id=ada.id, csrf_token="t", expires_at=now))
        db.add(
            LoginThrottle(key="user:old", failures=3, window_started_at=now - timedelta(hours=2))
        )
        db.add(LoginThrottle(key="user:new", failures=3, window_started_at=now))
        db.add(
            LoginThrottle(
                key="addr:locked",
                failures=5,
                window_started_at=now - timedelta(hours=2),
                locked_until=now + timedelta(minutes=5),
            )
        )
        db.commit()
        retention.purge_all(db, settings=settings)
        keys = sorted(db.exec(select(LoginThrottle.key)))
        assert keys == ["addr:locked", "user:new"]
        hashes = list(db.exec(select(LoginSession.id_hash)))
        assert len(hashes) == 1 and hashes != ["old"]


def test_the_app_purges_at_start_and_stops_the_task_at_shutdown(
    tmp_path: Path, database_url: str
) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        audit_retention_days=30,
        history_retention_days=7,
    )
    app = create_app(settings)
    engine = app.state.playground.engine
    with Session(engine) as db:
        ada = _user(db, "ada")
        db.add(_entry(ada, 8))
        db.add(_entry(ada, 6))
        db.add(AuditEvent(kind="old", at=utcnow() - timedelta(days=31)))
        db.add(AuditEvent(kind="recent", at=utcnow() - timedelta(days=29)))
        db.commit()
    with TestClient(app):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with Session(engine) as db:
                if _count(db, HistoryEntry) == 1 and _count(db, AuditEvent) == 1:
                    break
            time.sleep(0.05)
        task = app.state.retention_task
        assert not task.done()  # sleeping until the next round
    assert task.cancelled()
    with Session(engine) as db:  # a disposed engine opens new connections when asked
        assert list(db.exec(select(AuditEvent.kind))) == ["recent"]
        assert _count(db, HistoryEntry) == 1
        assert db.exec(select(col(HistoryEntry.id))).one() == 2
