"""Accounts, passwords (argon2) and server-side login sessions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import password_policy, passwords
from playground.services.errors import InvalidInput
from playground.store import users
from playground.store.db import Duplicate
from playground.store.models import User

USERNAME_RE = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
TOUCH_INTERVAL = timedelta(minutes=1)
# Between the password and the second factor: that long to type the code.
PENDING_TIME = timedelta(minutes=5)
# Sensitive actions need a sign-in or re-entered password at most this long ago.
REAUTH_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Login:
    """A live login: the user and the session's CSRF token."""

    user: User
    csrf_token: str
    session_hash: str
    # When the user last proved who they are in this session (None: not known, e.g. SSO).
    reauth_at: datetime | None = None

    def recently_authenticated(self, now: datetime) -> bool:
        """True when the last proof of identity is recent enough for a sensitive action."""
        return self.reauth_at is not None and now - self.reauth_at <= REAUTH_WINDOW


def validate_credentials(username: str, password: str, confirm: str | None = None) -> None:
    """Raise InvalidInput when a new user name or password is not acceptable."""
    errors: dict[str, str] = {}
    if not USERNAME_RE.match(username):
        errors["username"] = _("Use 1 to 64 letters, digits or . _ @ -")
    weakness = password_policy.problem(password, username=username)
    if weakness:
        errors["password"] = weakness
    elif confirm is not None and confirm != password:
        errors["password_confirm"] = _("The two passwords differ.")
    if errors:
        raise InvalidInput(errors)


def create_user(session: Session, *, username: str, password: str, is_admin: bool) -> User:
    """Create an account after checking the name is valid and free."""
    username = username.strip()
    validate_credentials(username, password)
    taken = InvalidInput({"username": _("This user name is taken.")})
    if users.get_user_by_name(session, username=username) is not None:
        raise taken
    try:
        return users.add_user(
            session,
            username=username,
            password_hash=passwords.hash_password(password),
            is_admin=is_admin,
        )
    except Duplicate:  # created by a request at the same moment
        raise taken from None


def hash_password(password: str) -> str:
    """The argon2 hash to store for a password."""
    return passwords.hash_password(password)


def password_matches(user: User, password: str) -> bool:
    """True when the password is the account's current one."""
    return passwords.verify(user.password_hash, password)


def needs_first_run(session: Session) -> bool:
    """True until the first account exists."""
    return users.count_users(session) == 0


def find_for_login(session: Session, *, username: str) -> User | None:
    """The account a login names, if any (its password is checked apart, without the db)."""
    return users.get_user_by_name(session, username=username.strip())


def check_login(user: User | None, password: str) -> tuple[User | None, str | None]:
    """The active user if the password is theirs, and a fresh hash when the cost changed.

    CPU-heavy and database-free: run it in a worker thread.
    """
    # Verifying against a dummy hash keeps a wrong user name as slow as a wrong password.
    if not passwords.verify(user.password_hash if user else passwords.dummy_hash(), password):
        return None, None
    if user is None or not user.is_active:
        return None, None
    # The password is at hand only now: re-hash it when the configured cost has changed.
    new_hash = (
        passwords.hash_password(password) if passwords.needs_rehash(user.password_hash) else None
    )
    return user, new_hash


def still_as_checked(session: Session, *, user: User) -> bool:
    """Whether the account is active with the password hash checked a moment ago (no reset,
    password change or disabling since)."""
    assert user.id is not None
    return users.unchanged_since(session, user_id=user.id, password_hash=user.password_hash)


def store_hash(session: Session, *, user: User, password_hash: str) -> None:
    """Keep an upgraded hash of the user's password, unless the password changed meanwhile."""
    assert user.id is not None
    checked = user.password_hash
    if users.replace_hash(session, user_id=user.id, checked=checked, password_hash=password_hash):
        user.password_hash = password_hash  # the session about to start checks against it


def hash_session_id(raw_id: str, key: str) -> str:
    """The stored form of a session id, so a copied database holds no usable cookie."""
    return hmac.new(key.encode(), raw_id.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SessionLimits:
    """How long a login lasts: at most `days` from its start, `idle_minutes` unused."""

    days: int
    idle_minutes: int

    def idle_before(self, now: datetime) -> datetime:
        """Sessions last used before this moment have ended."""
        return now - timedelta(minutes=self.idle_minutes)


class AccountChanged(Exception):
    """The account was disabled, or its password changed, while it was signing in."""


def start_session(
    session: Session,
    *,
    user: User,
    key: str,
    limits: SessionLimits,
    now: datetime,
    user_agent: str = "",
    address: str = "",
    pending: bool = False,
) -> str:
    """Create a login session (pending: awaiting the second factor); the raw id for the cookie.

    AccountChanged when the account is no longer as it was checked (a reset meanwhile).
    """
    assert user.id is not None
    raw_id = secrets.token_urlsafe(32)
    users.delete_expired_logins(session, now=now, idle_before=limits.idle_before(now))
    stored = users.add_login_session(
        session,
        password_hash=user.password_hash,
        id_hash=hash_session_id(raw_id, key),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=now + (PENDING_TIME if pending else timedelta(days=limits.days)),
        now=now,
        user_agent=user_agent,
        address=address,
        pending=pending,
    )
    if stored is None:
        raise AccountChanged
    return raw_id


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite hands times back without their zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def resolve_session(
    session: Session,
    *,
    raw_id: str,
    key: str,
    now: datetime,
    limits: SessionLimits,
    pending: bool = False,
) -> Login | None:
    """The login behind a cookie value, if it is neither expired nor idle; notes the use."""
    id_hash = hash_session_id(raw_id, key)
    found = users.get_login(
        session, id_hash=id_hash, now=now, seen_after=limits.idle_before(now), pending=pending
    )
    if found is None:
        return None
    login, user = found
    # Written at most once a minute, so a busy page does not write on every request.
    if now - _aware(login.last_seen_at) >= TOUCH_INTERVAL:
        users.touch_login(session, id_hash=id_hash, now=now)
    return Login(
        user=user,
        csrf_token=login.csrf_token,
        session_hash=id_hash,
        reauth_at=_aware(login.reauth_at),
    )


def mark_reauthenticated(session: Session, *, login: Login, now: datetime) -> None:
    """The user proved who they are again: sensitive actions are open for a while."""
    users.mark_reauthenticated(session, id_hash=login.session_hash, now=now)


def end_session(session: Session, *, raw_id: str, key: str) -> None:
    """Log out: forget the session."""
    users.delete_login(session, id_hash=hash_session_id(raw_id, key))


# Single sign-on: accounts of users a trusted reverse proxy names (see web/proxy_auth.py).
# Proxies often name people by email address, so "+" is allowed besides USERNAME_RE.
PROXY_USERNAME_RE = re.compile(r"^[A-Za-z0-9._@+-]{1,64}$")
# Not an argon2 hash, so no password ever matches it: these accounts sign in at the proxy.
PROXY_PASSWORD_HASH = "!sso"  # noqa: S105


def arrive_through_proxy(
    session: Session, *, username: str, email: str, admin_names: frozenset[str]
) -> tuple[User, bool]:
    """The account the proxy names, created on first arrival (admin if listed); True if new."""
    check_sso_name(username)
    user = users.get_user_by_folded_name(session, username=username)
    if user is None:
        is_admin = username.casefold() in {name.casefold() for name in admin_names}
        return add_sso_user(session, username=username, email=email, is_admin=is_admin), True
    note_email(session, user=user, email=email)
    return user, False


def check_sso_name(username: str) -> None:
    """InvalidInput unless the name a proxy or provider sent can name an account."""
    if not PROXY_USERNAME_RE.match(username):
        raise InvalidInput({"username": _("Use 1 to 64 letters, digits or . _ @ + -")})


def add_sso_user(
    session: Session, *, username: str, email: str, is_admin: bool, sso_subject: str | None = None
) -> User:
    """A new account that signs in elsewhere (or the one a concurrent request just made)."""
    # Names compare without case, and new accounts are stored in lower case so that the
    # unique index keeps two spellings arriving at once from making two accounts.
    return users.add_user_once(
        session,
        username=username.lower(),
        password_hash=PROXY_PASSWORD_HASH,
        is_admin=is_admin,
        email=email.strip()[:255],
        sso_subject=sso_subject,
    )


def note_email(session: Session, *, user: User, email: str) -> None:
    """Keep the account's email address in step with the one the proxy or provider sent."""
    email = email.strip()[:255]
    if email and user.email != email:
        users.set_email(session, user=user, email=email)


def has_password(user: User) -> bool:
    """True for an account with a password of its own, False for one made by single sign-on."""
    return user.password_hash != PROXY_PASSWORD_HASH


def refuse_reset(admin: User | None, user: User, field: str) -> None:
    """InvalidInput unless this admin may reset the user's password or second factor here.

    The shell (None) may reset anyone. On the admin page: never one's own (the account page
    asks for the current password or a code), never an account single sign-on made (it has
    neither here), and only by an admin who proves who they are with a password (one signed
    in by the provider is asked for nothing, so a session left open would be enough).
    """
    if admin is None:
        return
    if admin.id == user.id:
        raise InvalidInput(
            {field: _("Change your own password or second factor on your account page.")}
        )
    if not has_password(user):
        message = _("%(name)s signs in through single sign-on and has no password here.")
        raise InvalidInput({field: message % {"name": user.username}})
    if not has_password(admin):
        message = _(
            "Only an admin who signs in with a password resets passwords and second factors "
            "here; on the shell: playground users reset-password %(name)s"
        )
        raise InvalidInput({field: message % {"name": user.username}})
