"""User administration (by an admin or the shell) and changing one's own password.

Every change is recorded in the audit log. A generated one-time password is returned
once for display and is never stored in clear, logged or recorded.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import accounts, audit, password_policy, throttle, tokens, two_factor
from playground.services.errors import Conflict, InvalidInput, NotFound, TooManyAttempts
from playground.store import users as store
from playground.store.models import User, utcnow

ROLES = ("member", "admin")
SHELL = "shell"


@dataclass(frozen=True)
class Actor:
    """Who acts: a logged-in user (with the current session) or the shell (user None)."""

    user: User | None = None
    address: str = ""
    session_hash: str = ""


@dataclass(frozen=True)
class UserRow:
    """One line of the user list."""

    id: int
    username: str
    role: str
    active: bool
    is_self: bool
    created_at: datetime
    two_factor: bool = False
    resettable: bool = False  # the admin may reset its password and second factor here


@dataclass(frozen=True)
class PasswordResult:
    """A created or reset account; `one_time_password` is set only when it was generated."""

    user: User
    one_time_password: str | None


def _record(db: Session, actor: Actor, kind: str, summary: str) -> None:
    """Append an audit event for the actor."""
    name = "" if actor.user else SHELL
    audit.record(
        db, kind=kind, actor=actor.user, username=name, summary=summary, address=actor.address
    )


def role_of(user: User) -> str:
    """The account's role: admin or member."""
    return "admin" if user.is_admin else "member"


def rows(db: Session, *, actor: Actor) -> list[UserRow]:
    """Every account as a line of the admin list."""
    me = actor.user.id if actor.user else None
    enrolled = two_factor.enrolled_ids(db)
    return [
        UserRow(
            u.id,
            u.username,
            role_of(u),
            u.is_active,
            u.id == me,
            u.created_at,
            u.id in enrolled,
            resettable=_resettable(actor, u),
        )
        for u in store.list_users(db)
        if u.id is not None
    ]


def _resettable(actor: Actor, user: User) -> bool:
    """Whether the list offers to reset the user's password and second factor."""
    try:
        accounts.refuse_reset(actor.user, user, "password")
    except InvalidInput:
        return False
    return True


def get(db: Session, *, user_id: int) -> User:
    """The account with this id, or NotFound."""
    user = store.get_user(db, user_id=user_id)
    if user is None:
        raise NotFound
    return user


def find(db: Session, *, username: str) -> User:
    """The account with this user name, or NotFound."""
    user = store.get_user_by_name(db, username=username.strip())
    if user is None:
        raise NotFound
    return user


def _check_password(password: str, username: str, field: str = "password") -> None:
    """InvalidInput when a new password is too short or guessable, saying why."""
    weakness = password_policy.problem(password, username=username)
    if weakness:
        raise InvalidInput({field: weakness})


def _role_flag(role: str) -> bool:
    """True for "admin", False for "member"; InvalidInput otherwise."""
    if role not in ROLES:
        raise InvalidInput({"role": _("Choose admin or member.")})
    return role == "admin"


def _new_password(given: str, username: str) -> tuple[str, str | None]:
    """The password to set and, when none was given, the generated one to show once."""
    if given:
        _check_password(given, username)
        return given, None
    generated = secrets.token_urlsafe(password_policy.min_length())
    return generated, generated


def create(db: Session, *, actor: Actor, username: str, password: str, role: str) -> PasswordResult:
    """Create an account with the given password, or a generated one-time password."""
    is_admin = _role_flag(role)
    chosen, shown = _new_password(password, username)
    user = accounts.create_user(db, username=username, password=chosen, is_admin=is_admin)
    if shown:
        user.must_change_password = True
        store.save_user(db, user=user, end_logins=False)
    how = "a one-time password" if shown else "a password set by the admin"
    _record(db, actor, "user.created", f"Created {role} {user.username} with {how}")
    return PasswordResult(user=user, one_time_password=shown)


def _store_change(db: Session, user: User, change: dict[str, bool]) -> None:
    """Store a new role or state; Conflict when it would leave no active admin."""
    assert user.id is not None
    # Checked and written in one statement, whatever the user was when read: two admins
    # demoting each other at once must not both pass a check made before either wrote, and
    # a member read a moment ago may have been made an admin since.
    ending = change.get("is_active") is False
    if not store.update_keeping_an_admin(db, user_id=user.id, change=change, end_logins=ending):
        raise Conflict(_("This is the last active admin: make another user an admin first."))
    db.refresh(user)


def set_active(db: Session, *, actor: Actor, user_id: int, active: bool) -> User:
    """Enable or disable an account; disabling ends its sessions and revokes its tokens."""
    user = get(db, user_id=user_id)
    if user.is_active == active:
        return user
    _store_change(db, user, {"is_active": active})
    verb = "Enabled" if active else "Disabled"
    summary = f"{verb} {user.username}"
    if not active:  # committed with the audit event below
        summary += f"; {tokens.revoke_all(db, user=user)} access token(s) revoked"
    _record(db, actor, "user.enabled" if active else "user.disabled", summary)
    return user


def set_role(db: Session, *, actor: Actor, user_id: int, role: str) -> User:
    """Make an account an admin or a member; the last active admin stays one."""
    is_admin = _role_flag(role)
    user = get(db, user_id=user_id)
    if user.is_admin == is_admin:
        return user
    _store_change(db, user, {"is_admin": is_admin})
    _record(db, actor, "user.role_changed", f"Changed the role of {user.username} to {role}")
    return user


def reset_password(db: Session, *, actor: Actor, user_id: int, password: str) -> PasswordResult:
    """Set a new password (given or generated) for another account and end its sessions."""
    user = get(db, user_id=user_id)
    accounts.refuse_reset(actor.user, user, "password")
    chosen, shown = _new_password(password, user.username)
    user.password_hash = accounts.hash_password(chosen)
    user.must_change_password = shown is not None
    store.save_user(db, user=user, end_logins=True)
    how = "a one-time password" if shown else "a password set by the admin"
    _record(db, actor, "user.password_reset", f"Reset the password of {user.username} to {how}")
    return PasswordResult(user=user, one_time_password=shown)


def change_own_password(
    db: Session, *, actor: Actor, current: str, new: str, confirm: str, policy: throttle.Policy
) -> None:
    """Change the actor's password after checking the current one; end their other sessions.

    The current-password check is throttled like a login (TooManyAttempts), so a stolen
    session cannot be used to guess the password.
    """
    user = actor.user
    assert user is not None
    who = {"username": user.username, "address": actor.address, "scope": "password:"}
    verdict = throttle.admit(db, policy=policy, now=utcnow(), **who)
    if verdict.locked_minutes:
        raise TooManyAttempts(verdict.locked_minutes)
    if not accounts.password_matches(user, current):
        throttle.failed(db, policy=policy, now=utcnow(), **who)
        raise InvalidInput({"current_password": _("This is not your current password.")})
    throttle.succeeded(db, **who)
    _check_password(new, user.username, "new_password")
    if confirm != new:
        raise InvalidInput({"new_password_confirm": _("The two passwords differ.")})
    user.password_hash = accounts.hash_password(new)
    user.must_change_password = False
    store.save_user(db, user=user, end_logins=True, keep_id_hash=actor.session_hash)
    _record(db, actor, "user.password_changed", "Changed own password; other sessions ended")
