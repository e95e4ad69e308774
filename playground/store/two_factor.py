"""Queries on TOTP secrets and recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, delete, func, select, update

from playground.store.db import Duplicate, commit_unique
from playground.store.models import LoginSession, RecoveryCode, TwoFactor


def get(session: Session, *, user_id: int) -> TwoFactor | None:
    """The user's TOTP row (pending or enabled), if any."""
    return session.get(TwoFactor, user_id)


def enabled_user_ids(session: Session) -> set[int]:
    """Ids of the users whose second factor is enabled."""
    stmt = select(TwoFactor.user_id).where(col(TwoFactor.enabled_at).is_not(None))
    return set(session.exec(stmt))


def put_pending(session: Session, *, user_id: int, secret_ciphertext: bytes) -> bool:
    """Start (or restart) an enrolment with a new secret, not yet enabled; False when the
    user's second factor is on (perhaps turned on by a confirm at this very moment)."""
    # Only an enrolment not yet confirmed is replaced; an enabled row makes the insert fail.
    pending = col(TwoFactor.enabled_at).is_(None)
    for _attempt in range(2):  # a start at the same moment may insert between the two
        session.exec(delete(TwoFactor).where(col(TwoFactor.user_id) == user_id, pending))
        session.add(TwoFactor(user_id=user_id, secret_ciphertext=secret_ciphertext))
        try:
            commit_unique(session)
        except Duplicate:
            if is_on(session, user_id=user_id):
                return False
            continue
        return True
    return False


def is_on(session: Session, *, user_id: int) -> bool:
    """Whether the user's second factor is enabled, as committed now."""
    stmt = select(TwoFactor.user_id).where(
        col(TwoFactor.user_id) == user_id, col(TwoFactor.enabled_at).is_not(None)
    )
    return session.exec(stmt).first() is not None


def enable(
    session: Session,
    *,
    user_id: int,
    secret_ciphertext: bytes,
    step: int,
    now: datetime,
    code_hashes: list[str],
) -> bool:
    """Enable the pending secret that was checked and store new recovery codes, in one
    transaction; False (nothing changed) when that secret is no longer the pending one."""
    # Conditional: a second confirm at the same moment, a new start or an admin's reset
    # leaves no row to enable, so only one page ever shows recovery codes, and they work.
    enabled = session.exec(
        update(TwoFactor)
        .where(
            col(TwoFactor.user_id) == user_id,
            col(TwoFactor.enabled_at).is_(None),
            col(TwoFactor.secret_ciphertext) == secret_ciphertext,
        )
        .values(enabled_at=now, last_step=step)
    ).rowcount
    if enabled != 1:
        session.rollback()
        return False
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))
    for code_hash in code_hashes:
        session.add(RecoveryCode(user_id=user_id, code_hash=code_hash))
    session.commit()
    return True


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
