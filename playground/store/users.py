"""Queries on accounts and login sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, false, not_, or_, true
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select, update

from playground.store.db import commit_unique
from playground.store.models import AppMarker, LoginSession, User

FIRST_RUN = "first_run"


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return session.exec(select(func.count()).select_from(User)).one()


def get_user_by_name(session: Session, *, username: str) -> User | None:
    """The account with this user name, if any."""
    return session.exec(select(User).where(User.username == username)).first()


def get_user_by_folded_name(session: Session, *, username: str) -> User | None:
    """The oldest account whose name equals this one but for case, if any."""
    stmt = select(User).where(func.lower(User.username) == username.lower()).order_by(col(User.id))
    return session.exec(stmt).first()


def get_user_by_sso_subject(session: Session, *, subject: str) -> User | None:
    """The account bound to this OpenID provider's subject, if any."""
    return session.exec(select(User).where(User.sso_subject == subject)).first()


def unbind_sso_subject(session: Session, *, user_id: int) -> bool:
    """Forget the provider's id an account is bound to, uncommitted (the caller commits it
    with its audit event); False when it had none."""
    stmt = (
        update(User)
        .where(col(User.id) == user_id, col(User.sso_subject).is_not(None))
        .values(sso_subject=None)
    )
    return bool(session.exec(stmt).rowcount == 1)


def bind_sso_subject(session: Session, *, user: User, subject: str) -> bool:
    """Bind an account that has no subject yet to this one; False when it got one meanwhile."""
    # Conditional, so that of two people arriving at once under one name only one binds it.
    stmt = (
        update(User)
        .where(col(User.id) == user.id, col(User.sso_subject).is_(None))
        .values(sso_subject=subject)
    )
    try:
        bound = session.exec(stmt).rowcount == 1
        session.commit()
    except IntegrityError:  # the subject was bound to another account meanwhile
        session.rollback()
        return False
    session.refresh(user)
    return bound


def add_user(session: Session, *, username: str, password_hash: str, is_admin: bool) -> User:
    """Insert an account and return it with its id; Duplicate when the name is taken."""
    user = User(username=username, password_hash=password_hash, is_admin=is_admin)
    session.add(user)
    commit_unique(session)
    session.refresh(user)
    return user


def add_login_session(
    session: Session,
    *,
    id_hash: str,
    user_id: int,
    csrf_token: str,
    expires_at: datetime,
    now: datetime,
    user_agent: str = "",
    address: str = "",
    pending: bool = False,
    password_hash: str,
) -> LoginSession | None:
    """Store a new login session, used now from this browser and address; None (nothing
    stored) when the account was disabled or its password changed since it was checked."""
    login = LoginSession(
        id_hash=id_hash,
        user_id=user_id,
        csrf_token=csrf_token,
        created_at=now,
        expires_at=expires_at,
        last_seen_at=now,
        user_agent=user_agent[:255],
        address=address[:64],
        pending=pending,
        reauth_at=now,
    )
    session.add(login)
    # Written first: a password reset or disabling (which ends the account's sessions) now
    # waits for this one and ends it too, or went first and is seen by the check below.
    session.flush()
    if not unchanged_since(session, user_id=user_id, password_hash=password_hash):
        session.rollback()
        return None
    session.commit()
    return login


def get_login(
    session: Session,
    *,
    id_hash: str,
    now: datetime,
    seen_after: datetime | None = None,
    pending: bool = False,
) -> tuple[LoginSession, User] | None:
    """The live session with this id hash (used since `seen_after`) and its active user.

    A pending session (second factor still to come) is found only when asked for.
    """
    stmt = (
        select(LoginSession, User)
        .join(User, col(User.id) == col(LoginSession.user_id))
        .where(LoginSession.id_hash == id_hash, col(LoginSession.expires_at) > now)
        .where(col(User.is_active).is_(True), col(LoginSession.pending).is_(pending))
    )
    if seen_after is not None:
        stmt = stmt.where(col(LoginSession.last_seen_at) > seen_after)
    row = session.exec(stmt).first()
    return (row[0], row[1]) if row else None


def delete_login(session: Session, *, id_hash: str) -> None:
    """End one login session."""
    session.exec(delete(LoginSession).where(col(LoginSession.id_hash) == id_hash))
    session.commit()


def delete_expired_logins(
    session: Session, *, now: datetime, idle_before: datetime | None = None
) -> None:
    """Forget sessions past their expiry (or unused since `idle_before`)."""
    stale = col(LoginSession.expires_at) <= now
    if idle_before is not None:
        stale = stale | (col(LoginSession.last_seen_at) <= idle_before)
    session.exec(delete(LoginSession).where(stale))
    session.commit()


def mark_reauthenticated(session: Session, *, id_hash: str, now: datetime) -> None:
    """Note that the session's user proved who they are just now."""
    stmt = update(LoginSession).where(col(LoginSession.id_hash) == id_hash)
    session.exec(stmt.values(reauth_at=now))
    session.commit()


def touch_login(session: Session, *, id_hash: str, now: datetime) -> None:
    """Note that a session was used now."""
    stmt = update(LoginSession).where(col(LoginSession.id_hash) == id_hash)
    session.exec(stmt.values(last_seen_at=now))
    session.commit()


def list_logins(
    session: Session, *, user_id: int, now: datetime, seen_after: datetime
) -> list[LoginSession]:
    """A user's live sessions, the most recently used first."""
    stmt = (
        select(LoginSession)
        .where(col(LoginSession.user_id) == user_id, col(LoginSession.expires_at) > now)
        .where(col(LoginSession.last_seen_at) > seen_after)
        .order_by(col(LoginSession.last_seen_at).desc())
    )
    return list(session.exec(stmt))


def delete_other_logins(session: Session, *, user_id: int, keep_id_hash: str) -> int:
    """End every session of a user but one; how many ended."""
    stmt = delete(LoginSession).where(
        col(LoginSession.user_id) == user_id, col(LoginSession.id_hash) != keep_id_hash
    )
    ended = session.exec(stmt).rowcount
    session.commit()
    return int(ended)


def add_user_once(
    session: Session,
    *,
    username: str,
    password_hash: str,
    is_admin: bool,
    email: str,
    sso_subject: str | None = None,
) -> User:
    """Insert an account, or the one a concurrent request inserted with that name or subject."""
    user = User(
        username=username,
        password_hash=password_hash,
        is_admin=is_admin,
        email=email,
        sso_subject=sso_subject,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = get_user_by_folded_name(session, username=username)
        if existing is None and sso_subject is not None:
            existing = get_user_by_sso_subject(session, subject=sso_subject)
        if existing is None:
            raise
        return existing
    session.refresh(user)
    return user


def set_email(session: Session, *, user: User, email: str) -> None:
    """Store a user's email address."""
    user.email = email
    session.add(user)
    session.commit()


def set_preferences(session: Session, *, user: User, language: str, time_zone: str) -> User:
    """Store a user's interface language and time zone."""
    user.language, user.time_zone = language, time_zone
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def list_users(session: Session) -> list[User]:
    """Every account, ordered by user name."""
    return list(session.exec(select(User).order_by(col(User.username))))


def get_user(session: Session, *, user_id: int) -> User | None:
    """The account with this id, if any."""
    return session.get(User, user_id)


def save_user(
    session: Session, *, user: User, end_logins: bool = False, keep_id_hash: str = ""
) -> User:
    """Store a changed account and, in the same transaction, end its sessions but one."""
    session.add(user)
    if end_logins:
        assert user.id is not None
        stmt = delete(LoginSession).where(col(LoginSession.user_id) == user.id)
        if keep_id_hash:
            stmt = stmt.where(col(LoginSession.id_hash) != keep_id_hash)
        session.exec(stmt)
    session.commit()
    session.refresh(user)
    return user


def add_first_admin(session: Session, *, username: str, password_hash: str) -> User | None:
    """Insert the first admin with the first-run marker; None when another first run won.

    The marker's primary key makes concurrent first runs collide on every database: the
    marker goes in first, so a second writer waits for the first and then fails.
    """
    session.add(AppMarker(name=FIRST_RUN))
    try:
        session.flush()
        user = User(username=username, password_hash=password_hash, is_admin=True)
        session.add(user)
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    session.refresh(user)
    return user


def _after(change: dict[str, bool], name: str, now: Any) -> Any:
    """A flag as it will be after the change: the new value, or the column as it is."""
    if name not in change:
        return now.is_(True)
    return true() if change[name] else false()


def update_keeping_an_admin(
    session: Session, *, user_id: int, change: dict[str, bool], end_logins: bool
) -> bool:
    """Set `is_admin` or `is_active` (only the columns in `change`) unless no other active
    admin would remain; False when refused.

    One conditional UPDATE, so SQLite (one writer at a time) cannot interleave two of them;
    PostgreSQL first locks the active admins' rows, so a concurrent demotion waits for this
    one and then counts again. Only the changed column is written: the other one may have
    been changed by another request since the user was read.
    """
    active_admin = (col(User.is_admin).is_(True), col(User.is_active).is_(True))
    session.exec(select(User.id).where(*active_admin).with_for_update())
    others = (
        select(func.count())
        .select_from(User)
        .where(*active_admin, col(User.id) != user_id)
        .scalar_subquery()
    )
    # Another active admin is needed only when the change takes one away (the row as it is
    # when written, not as read): making the first admin after single sign-on, or changing
    # a member while there is none, needs none.
    stays = and_(
        _after(change, "is_admin", col(User.is_admin)),
        _after(change, "is_active", col(User.is_active)),
    )
    allowed = or_(others >= 1, stays, not_(and_(*active_admin)))
    stmt = update(User).where(col(User.id) == user_id, allowed).values(**change)
    if session.exec(stmt).rowcount != 1:
        session.rollback()
        return False
    if end_logins:
        session.exec(delete(LoginSession).where(col(LoginSession.user_id) == user_id))
    session.commit()
    return True


def unchanged_since(session: Session, *, user_id: int, password_hash: str) -> bool:
    """Whether the account is still active with this password hash; on PostgreSQL the row
    then stays so until this transaction ends (a reset or disabling waits for it)."""
    stmt = (
        select(User.id)
        .where(col(User.id) == user_id, col(User.password_hash) == password_hash)
        .where(col(User.is_active).is_(True))
        # FOR SHARE, not FOR UPDATE: a reset or disabling (an UPDATE) still waits, but two
        # sign-ins of one user at once do not (each inserting a session holds a key-share
        # lock on the row, which FOR UPDATE waits for: a deadlock, one of them a 500).
        .with_for_update(read=True)
    )
    return session.exec(stmt).first() is not None


def replace_hash(session: Session, *, user_id: int, checked: str, password_hash: str) -> bool:
    """Put a new hash of the same password in place of the one checked (not of another
    one set meanwhile), and commit; False when the password changed meanwhile."""
    stmt = update(User).where(col(User.id) == user_id, col(User.password_hash) == checked)
    replaced = session.exec(stmt.values(password_hash=password_hash)).rowcount == 1
    session.commit()
    return replaced
