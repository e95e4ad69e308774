"""Signing in and out with throttling and an audit trail: first run, login, logout."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial

from anyio import CapacityLimiter, to_thread
from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.i18n import gettext as _
from playground.i18n import ngettext
from playground.services import accounts, audit, throttle
from playground.settings import Settings
from playground.store import users
from playground.store.db import in_session
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
            return ngettext(
                "Too many failed attempts for this user name from here. "
                "Please try again in %(num)d minute.",
                "Too many failed attempts for this user name from here. "
                "Please try again in %(num)d minutes.",
                self.locked_minutes,
            ) % {"num": self.locked_minutes}
        return _("Wrong user name or password.")


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


@dataclass(frozen=True)
class _Candidate:
    """What the password check needs, read before it: the verdict and the stored hash."""

    verdict: throttle.Verdict
    user: User | None


def _admit(db: Session, *, name: str, address: str, policy: throttle.Policy) -> _Candidate:
    """Count the attempt (refusing it when locked) and load the account it names."""
    verdict = throttle.admit(db, username=name, address=address, policy=policy, now=utcnow())
    if verdict.locked_minutes:
        summary = f"Refused: locked for {verdict.locked_minutes} more minute(s)"
        audit.record(db, kind="login.refused", username=name, summary=summary, address=address)
        return _Candidate(verdict, None)
    return _Candidate(verdict, accounts.find_for_login(db, username=name))


def _conclude(
    db: Session,
    *,
    name: str,
    address: str,
    policy: throttle.Policy,
    user: User | None,
    new_hash: str | None,
) -> Attempt:
    """Record how the check went: a login, or a failure that may now lock the pair."""
    if user is not None and not accounts.still_as_checked(db, user=user):
        # Reset, changed or disabled while the password was being checked: the password
        # checked is no longer the account's, so it counts as a wrong one.
        user = None
    if user is None:
        locked = throttle.failed(db, username=name, address=address, policy=policy, now=utcnow())
        summary = WRONG_CREDENTIALS + (f" Now locked for {locked} minute(s)." if locked else "")
        audit.record(db, kind="login.failed", username=name, summary=summary, address=address)
        return Attempt(user=None, locked_minutes=locked)
    if new_hash is not None:
        accounts.store_hash(db, user=user, password_hash=new_hash)
    throttle.succeeded(db, username=name, address=address)
    audit.record(db, kind="login", actor=user, summary="Logged in", address=address)
    return Attempt(user=user)


async def log_in(
    engine: Engine,
    *,
    username: str,
    password: str,
    address: str,
    settings: Settings,
    checks: CapacityLimiter,
) -> Attempt:
    """Count the attempt, then check the password unless throttled; slow after failures.

    The database is used in two short steps; the password is checked between them in a
    worker thread, at most `checks` at once, so a flood of logins costs CPU time and
    queueing, never the event loop or the database pool.
    """
    policy = throttle.Policy.from_settings(settings)
    name = username.strip()[:64]
    candidate = await in_session(engine, partial(_admit, name=name, address=address, policy=policy))
    if candidate.verdict.locked_minutes:
        return Attempt(user=None, locked_minutes=candidate.verdict.locked_minutes)
    if candidate.verdict.slow and policy.delay_seconds:
        await asyncio.sleep(policy.delay_seconds)
    check = partial(accounts.check_login, candidate.user, password)
    user, new_hash = await to_thread.run_sync(check, limiter=checks)
    conclude = partial(
        _conclude, name=name, address=address, policy=policy, user=user, new_hash=new_hash
    )
    return await in_session(engine, conclude)


def log_out(db: Session, *, user: User, raw_id: str, key: str, address: str) -> None:
    """End the session and record it."""
    accounts.end_session(db, raw_id=raw_id, key=key)
    audit.record(db, kind="logout", actor=user, summary="Logged out", address=address)
