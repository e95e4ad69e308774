"""Proving who one is after the password: the second sign-in step and re-authentication.

Wrong codes and passwords are throttled like logins (services/throttle.py, own scopes), and
every outcome is audited, never with the code or password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import accounts, audit, throttle, two_factor
from playground.store.models import User
from playground.store.secretbox import SecretBox

CODE_SCOPE = "code:"
REAUTH_SCOPE = "reauth:"


@dataclass(frozen=True)
class Proof:
    """What checking a code (and password) needs besides the user's input."""

    box: SecretBox
    pepper: str
    policy: throttle.Policy
    address: str
    now: datetime


@dataclass(frozen=True)
class Outcome:
    """Accepted (how: "totp", "recovery" or "password"), or why not."""

    how: str | None
    locked_minutes: int = 0
    message: str = ""


def _locked(minutes: int) -> Outcome:
    """A refusal while the throttle holds."""
    text = _("Too many wrong attempts. Please try again in %(minutes)d minute(s).")
    return Outcome(None, minutes, text % {"minutes": minutes})


def second_step(db: Session, *, user: User, code: str, proof: Proof) -> Outcome:
    """Check a sign-in code (TOTP or recovery), throttled and audited."""
    who = {"username": user.username, "address": proof.address, "scope": CODE_SCOPE}
    verdict = throttle.admit(db, policy=proof.policy, now=proof.now, **who)
    if verdict.locked_minutes:
        summary = f"Refused: codes locked for {verdict.locked_minutes} more minute(s)"
        audit.record(db, kind="2fa.refused", actor=user, summary=summary, address=proof.address)
        return _locked(verdict.locked_minutes)
    how = two_factor.check(
        db, user=user, box=proof.box, code=code, now=proof.now, pepper=proof.pepper
    )
    if how is None:
        locked = throttle.failed(db, policy=proof.policy, now=proof.now, **who)
        summary = "Wrong two-factor code" + (f"; locked for {locked} minute(s)" if locked else "")
        audit.record(db, kind="2fa.failed", actor=user, summary=summary, address=proof.address)
        return _locked(locked) if locked else Outcome(None, 0, two_factor.wrong_code())
    throttle.succeeded(db, **who)
    return Outcome(how)


def reauthenticate(
    db: Session, *, login: accounts.Login, password: str, code: str, proof: Proof
) -> Outcome:
    """Check the password (and the second factor when on); open sensitive actions."""
    user = login.user
    who = {"username": user.username, "address": proof.address, "scope": REAUTH_SCOPE}
    verdict = throttle.admit(db, policy=proof.policy, now=proof.now, **who)
    if verdict.locked_minutes:
        return _locked(verdict.locked_minutes)
    if not accounts.password_matches(user, password):
        locked = throttle.failed(db, policy=proof.policy, now=proof.now, **who)
        summary = "Re-authentication failed: wrong password"
        audit.record(db, kind="reauth.failed", actor=user, summary=summary, address=proof.address)
        return _locked(locked) if locked else Outcome(None, 0, _("This is not your password."))
    throttle.succeeded(db, **who)
    how = "password"
    if two_factor.is_enabled(db, user=user):
        outcome = second_step(db, user=user, code=code, proof=proof)
        if outcome.how is None:
            return outcome
        how = f"password and {outcome.how}"
    accounts.mark_reauthenticated(db, login=login, now=proof.now)
    summary = f"Confirmed identity ({how}) for a sensitive action"
    audit.record(db, kind="reauth", actor=user, summary=summary, address=proof.address)
    return Outcome(how)
