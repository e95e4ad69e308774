"""Signing in and out with throttling and an audit trail: first run, login, logout."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlmodel import Session

from playground.services import accounts, audit, throttle
from playground.settings import Settings
from playground.store import users
from playground.store.models import User, utcnow

WRONG_CREDENTIALS = "Wrong user name or password."


@dataclass(frozen=True)
class Attempt:
    """How a login attempt ended: the user, or why not (locked_minutes > 0: throttled)."""

    user: User | None
    locked_minutes: int = 0

    @property
    def message(self) -> str:
        """What the login page says when the attempt did not succeed."""
        if self.locked_minutes:
            unit = "minute" if self.locked_minutes == 1 else "minutes"
            return (
                "Too many failed attempts for this user name or from this address. "
                f"Please try again in {self.locked_minutes} {unit}."
            )
        return WRONG_CREDENTIALS


def first_run(
    db: Session, *, username: str, password: str, confirm: str, address: str
) -> User | None:
    """Create the first account, an admin, and record it; None when another first run won.

    InvalidInput when the name or password is not acceptable.
    """
    accounts.validate_credentials(username.strip(), password, confirm)
    password_hash = accounts.hash_password(password)
    user = users.add_first_admin(db, username=username.strip(), password_hash=password_hash)
    if user is None:
        return None
    audit.record(
        db, kind="user.first_run", actor=user, summary="Created the first admin", address=address
    )
    return user


async def log_in(
    db: Session, *, username: str, password: str, address: str, settings: Settings
) -> Attempt:
    """Check the credentials unless throttled; slow the answer after repeated failures."""
    policy = throttle.Policy.from_settings(settings)
    name = username.strip()[:64]
    verdict = throttle.check(db, username=name, address=address, policy=policy, now=utcnow())
    if verdict.locked_minutes:
        summary = f"Refused: locked for {verdict.locked_minutes} more minute(s)"
        audit.record(db, kind="login.refused", username=name, summary=summary, address=address)
        return Attempt(user=None, locked_minutes=verdict.locked_minutes)
    if verdict.slow and policy.delay_seconds:
        await asyncio.sleep(policy.delay_seconds)
    # Argon2 takes a while: verify in a worker thread so other requests keep flowing.
    user = await asyncio.to_thread(accounts.authenticate, db, username=name, password=password)
    if user is None:
        locked = throttle.note_failure(
            db, username=name, address=address, policy=policy, now=utcnow()
        )
        summary = WRONG_CREDENTIALS + (f" Now locked for {locked} minute(s)." if locked else "")
        audit.record(db, kind="login.failed", username=name, summary=summary, address=address)
        return Attempt(user=None, locked_minutes=locked)
    throttle.note_success(db, username=name)
    audit.record(db, kind="login", actor=user, summary="Logged in", address=address)
    return Attempt(user=user)


def log_out(db: Session, *, user: User, raw_id: str, key: str, address: str) -> None:
    """End the session and record it."""
    accounts.end_session(db, raw_id=raw_id, key=key)
    audit.record(db, kind="logout", actor=user, summary="Logged out", address=address)
