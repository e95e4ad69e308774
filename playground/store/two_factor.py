"""Queries on TOTP secrets and recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, func, select, update

from playground.store.models import LoginSession, RecoveryCode, TwoFactor


def get(session: Session, *, user_id: int) -> TwoFactor | None:
    """The user's TOTP row (pending or enabled), if any."""
    return session.get(TwoFactor, user_id)


def enabled_user_ids(session: Session) -> set[int]:
    """Ids of the users whose second factor is enabled."""
    stmt = select(TwoFactor.user_id).where(col(TwoFactor.enabled_at).is_not(None))
    return set(session.exec(stmt))


def put_pending(session: Session, *, user_id: int, secret_ciphertext: bytes) -> None:
    """Start (or restart) an enrolment with a new secret, not yet enabled."""
    session.exec(delete(TwoFactor).where(col(TwoFactor.user_id) == user_id))
    session.add(TwoFactor(user_id=user_id, secret_ciphertext=secret_ciphertext))
    session.commit()


def enable(
    session: Session, *, user_id: int, step: int, now: datetime, code_hashes: list[str]
) -> None:
    """Enable the pending secret and store new recovery codes, in one transaction."""
    session.exec(
        update(TwoFactor)
        .where(col(TwoFactor.user_id) == user_id)
        .values(enabled_at=now, last_step=step)
    )
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    for code_hash in code_hashes:
        session.add(RecoveryCode(user_id=user_id, code_hash=code_hash))
    session.commit()


def claim_step(session: Session, *, user_id: int, step: int) -> bool:
    """Record that a code of this time step was used; False when it (or a later one) was."""
    stmt = (
        update(TwoFactor)
        .where(col(TwoFactor.user_id) == user_id, col(TwoFactor.last_step) < step)
        .values(last_step=step)
    )
    claimed = session.exec(stmt).rowcount == 1
    session.commit()
    return claimed


def use_recovery_code(session: Session, *, user_id: int, code_hash: str, now: datetime) -> bool:
    """Mark an unused recovery code used; False when there is no such unused code."""
    stmt = (
        update(RecoveryCode)
        .where(col(RecoveryCode.user_id) == user_id, col(RecoveryCode.code_hash) == code_hash)
        .where(col(RecoveryCode.used_at).is_(None))
        .values(used_at=now)
    )
    used = session.exec(stmt).rowcount == 1
    session.commit()
    return used


def unused_codes(session: Session, *, user_id: int) -> int:
    """How many recovery codes the user has left."""
    stmt = select(func.count()).select_from(RecoveryCode)
    stmt = stmt.where(col(RecoveryCode.user_id) == user_id, col(RecoveryCode.used_at).is_(None))
    return session.exec(stmt).one()


def remove(session: Session, *, user_id: int, end_logins_but: str | None = None) -> bool:
    """Forget the user's second factor and codes (optionally ending sessions); False if none."""
    removed = session.exec(delete(TwoFactor).where(col(TwoFactor.user_id) == user_id)).rowcount
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    if end_logins_but is not None:
        stmt = delete(LoginSession).where(col(LoginSession.user_id) == user_id)
        session.exec(stmt.where(col(LoginSession.id_hash) != end_logins_but))
    session.commit()
    return bool(removed)


def all_rows(session: Session) -> list[TwoFactor]:
    """Every TOTP row, for re-encryption with the newest key."""
    return list(session.exec(select(TwoFactor)))
