"""The database tables. Token and secret are stored only as ciphertext."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, Column, Index, LargeBinary, Text, UniqueConstraint, column, func
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware as SQLModel's UTC datetime columns require."""
    return datetime.now(UTC)


class User(SQLModel, table=True):
    """A local account."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    is_admin: bool = False
    is_active: bool = True
    # Signed in with a one-time password an admin generated: the account page until changed.
    must_change_password: bool = False
    email: str = Field(default="", max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    # Interface language ("" follows the browser) and time zone ("" is the server's default).
    language: str = Field(default="", max_length=8)
    time_zone: str = Field(default="", max_length=64)
    # The OpenID provider's stable id of the person, "issuer subject", bound at their first
    # sign-in: later sign-ins find the account by it, whatever name the provider sends.
    sso_subject: str | None = Field(default=None, max_length=512, unique=True, index=True)


class LoginSession(SQLModel, table=True):
    """A server-side login session; the cookie holds a random id whose hash is the key."""

    __tablename__ = "login_session"

    id_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    # Renewed while the session is used; one unused longer than the idle limit ends.
    last_seen_at: datetime = Field(default_factory=utcnow)
    # What the account page lists, so a user recognises a session that is not theirs.
    user_agent: str = Field(default="", max_length=255)
    address: str = Field(default="", max_length=64)
    # Password right, second factor still to come: such a session opens no page.
    pending: bool = False
    # When the user last proved who they are (sign-in or re-entering the password).
    reauth_at: datetime = Field(default_factory=utcnow)


class Profile(SQLModel, table=True):
    """A named credential profile: where to send and how to sign."""

    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_profile_owner_name"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    endpoint: str = Field(max_length=500)
    hmac_version: int = 2
    shared: bool = False
    protected: bool = False
    # Ask before every send with it, reads included (protected alone asks for writes only).
    confirm_all: bool = False
    token_ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    secret_ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    token_hint: str = Field(max_length=4)
    secret_fingerprint: str = Field(max_length=16)
    secret_changed_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)


class HistoryEntry(SQLModel, table=True):
    """One send: the unsigned request, the outcome and the (capped) response body."""

    __tablename__ = "history_entry"
    __table_args__ = (Index("ix_history_user_id_desc", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE")
    profile_id: int | None = Field(default=None, foreign_key="profile.id", ondelete="SET NULL")
    profile_name: str = Field(max_length=80)
    endpoint: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    duration_ms: float = 0.0
    ok: bool = False
    http_status: int | None = None
    status_code: int | None = None
    status_errorcode: int | None = None
    failure_kind: str | None = Field(default=None, max_length=32)
    failure_message: str | None = Field(default=None, sa_column=Column(Text))
    # Space-delimited lists (" read get ") so a filter is a LIKE on one short column.
    verbs: str = Field(max_length=200)
    resourcetypes: str = Field(max_length=1000)
    action_errorcodes: str = Field(default="", max_length=500)
    request_json: str = Field(sa_column=Column(Text, nullable=False))
    response_body: str | None = Field(default=None, sa_column=Column(Text))
    response_size: int = 0
    response_truncated: bool = False
    # URL, HMAC version, timestamp and headers of the send (onoffice/exchange.py); no credential.
    exchange_json: str | None = Field(default=None, sa_column=Column(Text))
    # A step of a flow run: which run, and the step's number in it (from 1). No foreign
    # key: adding one would rebuild this table on SQLite and drop its search triggers.
    flow_run_id: int | None = Field(default=None, index=True)
    flow_step: int | None = None


class SavedFolder(SQLModel, table=True):
    """A folder of saved requests (a collection), private or shared with the team; one level."""

    __tablename__ = "saved_folder"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    team: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SavedRequest(SQLModel, table=True):
    """A named composer state (actions and profile), private or shared with the team."""

    __tablename__ = "saved_request"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    description: str = Field(default="", max_length=2000)
    team: bool = False
    # Deleting a folder leaves its requests unfiled rather than deleting them.
    folder_id: int | None = Field(
        default=None, foreign_key="saved_folder.id", index=True, ondelete="SET NULL"
    )
    profile_id: int | None = Field(default=None, foreign_key="profile.id", ondelete="SET NULL")
    request_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # What a smoke-test run expects of the answer; unset means "not checked".
    expect_ok: bool = False
    expect_min_records: int | None = None
    expect_field: str = Field(default="", max_length=120)


class AccessToken(SQLModel, table=True):
    """A personal access token for the JSON API; only its keyed hash is stored."""

    __tablename__ = "access_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    # HMAC-SHA256 of the token under the server's key: a database dump does not reveal it.
    token_hash: str = Field(max_length=64, unique=True, index=True)
    # The first characters, so a user can tell their tokens apart; never enough to use one.
    prefix: str = Field(max_length=16)
    # Space-delimited (" 3 7 "), like the history's lists; empty means none.
    profile_ids: str = Field(default="", max_length=1000)
    resourcetypes: str = Field(default="", max_length=1000)
    read_only: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ShareLink(SQLModel, table=True):
    """A link to a history entry or saved request; carries a recipe, never credentials."""

    __tablename__ = "share_link"

    id: int | None = Field(default=None, primary_key=True)
    # The code only names the link; opening it still needs a login, so it is stored as is.
    code: str = Field(max_length=64, unique=True, index=True)
    created_by: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    history_id: int | None = Field(default=None, foreign_key="history_entry.id", ondelete="CASCADE")
    saved_id: int | None = Field(default=None, foreign_key="saved_request.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """Who did what and when; never a secret, token or request parameters."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    user_id: int | None = Field(default=None, index=True)
    username: str = Field(default="", max_length=64)
    kind: str = Field(max_length=40, index=True)
    summary: str = Field(default="", max_length=1000)
    address: str = Field(default="", max_length=64)


class LoginThrottle(SQLModel, table=True):
    """Recent failed logins per user name or client address, shared by every instance."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=200)
    failures: int = 0
    window_started_at: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None


class AppMarker(SQLModel, table=True):
    """A named fact about the whole installation, one row each, shared by every instance.

    "first_run": inserted with the first admin, so concurrent first-run forms collide on the
    primary key and exactly one wins. "sandbox_reset": its counter rises with each reset,
    so every instance (and the shell) can ask the running sandboxes to start over.
    """

    __tablename__ = "app_marker"

    name: str = Field(primary_key=True, max_length=40)
    counter: int = 0
    at: datetime = Field(default_factory=utcnow)


class Variable(SQLModel, table=True):
    """A `{{name}}` value: a user's own (scope "user"), the team's ("team", managed by admins)
    or a profile's ("profile", managed by its owner). Never a credential."""

    __tablename__ = "variable"
    # One variable per name in each place (the team, a user, a profile). A unique index
    # never finds two NULLs equal, so it compares missing owner and profile ids as 0.
    __table_args__ = (
        Index(
            "uq_variable_place_name",
            "scope",
            func.coalesce(column("owner_id"), 0),
            func.coalesce(column("profile_id"), 0),
            "name",
            unique=True,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=8)
    # The user a "user" variable belongs to; None for the team's and a profile's.
    owner_id: int | None = Field(
        default=None, foreign_key="user.id", index=True, ondelete="CASCADE"
    )
    profile_id: int | None = Field(
        default=None, foreign_key="profile.id", index=True, ondelete="CASCADE"
    )
    name: str = Field(max_length=64)
    value: str = Field(max_length=2000)
    updated_at: datetime = Field(default_factory=utcnow)


class HistoryWritten(SQLModel, table=True):
    """The request of a history entry as written, with its `{{name}}`s, when it had any."""

    __tablename__ = "history_written"

    entry_id: int = Field(foreign_key="history_entry.id", primary_key=True, ondelete="CASCADE")
    request_json: str = Field(sa_column=Column(Text, nullable=False))


class TwoFactor(SQLModel, table=True):
    """A user's TOTP secret (encrypted like profile credentials); enabled once confirmed."""

    __tablename__ = "two_factor"

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    secret_ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    enabled_at: datetime | None = None
    # The newest time step a code was accepted for: no code is accepted twice.
    last_step: int = Field(default=0, sa_type=BigInteger)


class RecoveryCode(SQLModel, table=True):
    """A one-time recovery code, stored only as a keyed hash."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = None


class FlowRun(SQLModel, table=True):
    """One run of a flow: its steps as written, how far it got and why it stopped.

    Each step that was sent is a history entry naming the run; a run that stopped before
    sending a step (a reference that led nowhere) says why in `problem`.
    """

    __tablename__ = "flow_run"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    profile_id: int | None = Field(default=None, foreign_key="profile.id", ondelete="SET NULL")
    saved_id: int | None = Field(default=None, foreign_key="saved_request.id", ondelete="SET NULL")
    name: str = Field(default="", max_length=120)
    steps_json: str = Field(sa_column=Column(Text, nullable=False))
    step_count: int = 0
    done_steps: int = 0
    # "running", "finished" (every step ran) or "stopped" (a step failed and stopped it).
    state: str = Field(default="running", max_length=16)
    # A step is being sent: a second request for the next step waits its turn.
    busy: bool = False
    confirmed: bool = False
    problem: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
