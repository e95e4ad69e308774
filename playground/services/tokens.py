"""Personal access tokens: create (shown once), list, revoke, authenticate and scope checks.

A token is stored only as an HMAC-SHA256 under the server's session key, so neither a
database dump nor a backup holds a usable token. A token may use the profiles listed on
it (all the owner may use when none are), with read and get only when read-only, and
only the listed resourcetypes when any are listed. Every use is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from playground import logredact
from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest, Verb
from playground.services import audit, profiles
from playground.services.errors import InvalidInput, NotFound
from playground.store import tokens as store
from playground.store.models import AccessToken, Profile, User, utcnow

PREFIX = "pgt_"
READ_VERBS = frozenset({Verb.READ, Verb.GET})
MAX_NAME = 80
MAX_DAYS = 3660
SHOWN_PREFIX = 10
_RESOURCETYPE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,59}")


class TokenRefused(Exception):
    """No usable token: missing, unknown, expired, revoked or of a disabled account."""


class ScopeRefused(Exception):
    """The token does not allow this profile, verb or resourcetype; nothing was sent."""


@dataclass(frozen=True)
class TokenInput:
    """What a new token may do; no profiles means every profile the owner may use."""

    name: str
    profile_ids: Sequence[int] = ()
    read_only: bool = True
    resourcetypes: Sequence[str] = ()
    expires_days: int | None = 90


@dataclass(frozen=True)
class TokenView:
    """A token as its owner or an admin sees it: never the token itself."""

    id: int
    name: str
    prefix: str
    owner_name: str
    profile_ids: tuple[int, ...]
    resourcetypes: tuple[str, ...]
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    state: str  # "active", "expired" or "revoked"


@dataclass(frozen=True)
class Created:
    """A new token: its view and the token, to be shown exactly once."""

    view: TokenView
    token: str


@dataclass(frozen=True)
class Grant:
    """An authenticated API request: whose token, and what it allows."""

    user: User
    token: AccessToken


def hash_token(raw: str, key: str) -> str:
    """The keyed hash a token is stored and looked up by."""
    return hmac.new(key.encode(), b"access-token:" + raw.encode(), hashlib.sha256).hexdigest()


def _state(token: AccessToken, now: datetime) -> str:
    """Whether a token is active, expired or revoked."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def to_view(token: AccessToken, owner: User) -> TokenView:
    """Project a stored token for display."""
    assert token.id is not None
    return TokenView(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        owner_name=owner.username,
        profile_ids=store.id_list(token.profile_ids),
        resourcetypes=tuple(token.resourcetypes.split()),
        read_only=token.read_only,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        state=_state(token, utcnow()),
    )


def _validate(db: Session, user: User, data: TokenInput) -> dict[str, str]:
    """Field errors of a new token."""
    errors: dict[str, str] = {}
    if not 1 <= len(data.name.strip()) <= MAX_NAME:
        errors["name"] = _("Give the token a name of 1 to %(max)d characters.") % {"max": MAX_NAME}
    if data.expires_days is not None and not 1 <= data.expires_days <= MAX_DAYS:
        errors["expires"] = _("Let the token expire within 1 to %(max)d days.") % {"max": MAX_DAYS}
    bad = [r for r in data.resourcetypes if not _RESOURCETYPE.fullmatch(r)]
    if bad:
        errors["resourcetypes"] = _("Not a resourcetype: %(names)s.") % {
            "names": ", ".join(bad[:3])
        }
    for profile_id in data.profile_ids:
        try:
            profiles.get_usable(db, user=user, profile_id=profile_id)
        except NotFound:
            errors["profiles"] = _("Choose only profiles that you may use.")
    return errors


def create(db: Session, *, user: User, data: TokenInput, key: str, address: str = "") -> Created:
    """Make a token for `user`; the token itself is returned once and stored only hashed."""
    assert user.id is not None
    errors = _validate(db, user, data)
    if errors:
        raise InvalidInput(errors)
    raw = PREFIX + secrets.token_urlsafe(32)
    logredact.remember(raw)
    now = utcnow()
    expires = now + timedelta(days=data.expires_days) if data.expires_days else None
    stored = store.add_token(
        db,
        token=AccessToken(
            user_id=user.id,
            name=data.name.strip(),
            token_hash=hash_token(raw, key),
            prefix=raw[:SHOWN_PREFIX],
            profile_ids=store.word_list(sorted(set(data.profile_ids))),
            resourcetypes=store.word_list(sorted(set(data.resourcetypes))),
            read_only=data.read_only,
            created_at=now,
            expires_at=expires,
        ),
    )
    if stored is None:  # a listed profile was deleted meanwhile
        raise InvalidInput({"profiles": _("Choose only profiles that you may use.")})
    token = stored
    how = "read-only" if data.read_only else "all verbs"
    summary = f'Created access token "{token.name}" (#{token.id}, {how})'
    audit.record(db, kind="token.created", actor=user, summary=summary, address=address)
    return Created(view=to_view(token, user), token=raw)


def views(db: Session, *, user: User) -> list[TokenView]:
    """The user's own tokens, newest first."""
    return [to_view(t, owner) for t, owner in store.list_tokens(db, user_id=user.id)]


def all_views(db: Session, *, actor: User) -> list[TokenView]:
    """Every user's tokens, for an admin; NotFound for anyone else."""
    if not actor.is_admin:
        raise NotFound
    return [to_view(t, owner) for t, owner in store.list_tokens(db, user_id=None)]


def revoke(db: Session, *, actor: User, token_id: int, address: str = "") -> TokenView:
    """Revoke a token of one's own (or anyone's, as an admin); NotFound otherwise."""
    found = store.get_token(db, token_id=token_id)
    if found is None or not (found[0].user_id == actor.id or actor.is_admin):
        raise NotFound
    token, owner = found
    assert token.id is not None
    if token.revoked_at is None and store.revoke(db, token_id=token.id, at=utcnow()):
        summary = f'Revoked access token "{token.name}" (#{token.id}) of {owner.username}'
        audit.record(db, kind="token.revoked", actor=actor, summary=summary, address=address)
        db.refresh(token)
    return to_view(token, owner)


def revoke_all(db: Session, *, user: User) -> int:
    """Revoke every live token of an account (when it is disabled); committed by the caller."""
    assert user.id is not None
    return store.revoke_all(db, user_id=user.id, at=utcnow())


def resolve(db: Session, *, raw: str, key: str) -> Grant:
    """The grant of a live token of an active account; TokenRefused otherwise."""
    found = store.find_by_hash(db, token_hash=hash_token(raw, key)) if raw else None
    if found is None:
        raise TokenRefused("The token is not known.")
    token, user = found
    problem = _refusal(token, user)
    if problem is not None:
        raise TokenRefused(problem)
    logredact.remember(raw)
    return Grant(user=user, token=token)


def _refusal(token: AccessToken, user: User) -> str | None:
    """Why a token lets nobody in (revoked, expired, its account disabled or waiting for a
    password of its own); None if it does."""
    state = _state(token, utcnow())
    if state != "active":
        return f"The token is {state}."
    if not user.is_active:
        return "The token's account is disabled."
    if user.must_change_password:  # an admin reset it: the account's owner acts first
        return "The token's account must choose a new password first."
    return None


def refusal_now(db: Session, *, token_id: int) -> str | None:
    """Why a token no longer lets its owner in, read afresh (a long run asks between steps)."""
    found = store.get_token(db, token_id=token_id)
    return "The token is not known." if found is None else _refusal(*found)


def note_use(db: Session, *, grant: Grant, use: str, address: str = "") -> None:
    """Record a use: the token's last use and an audit event, in one commit."""
    token = grant.token
    token.last_used_at = utcnow()
    store.save_token(db, token=token)
    summary = f'Access token "{token.name}" (#{token.id}): {use}'
    audit.record(db, kind="token.used", actor=grant.user, summary=summary, address=address)


def allows_profile(token: AccessToken, profile_id: int | None) -> bool:
    """True when the token may use this profile."""
    listed = store.id_list(token.profile_ids)
    return profile_id is not None and (not listed or profile_id in listed)


def profile_scope(token: AccessToken) -> tuple[int, ...] | None:
    """The profiles a token is limited to; None when it may use every profile."""
    return store.id_list(token.profile_ids) or None


def lists(token: AccessToken, profile_id: int | None) -> bool:
    """Whether a listing through the token shows an item of this profile (or of none).

    A token of all the user's profiles lists everything the user may see, a saved request
    whose profile is gone too; a token limited to profiles lists their items only.
    """
    return not store.id_list(token.profile_ids) or allows_profile(token, profile_id)


def check_profile(token: AccessToken, profile: Profile) -> None:
    """ScopeRefused when the token may not use this profile."""
    if not allows_profile(token, profile.id):
        raise ScopeRefused(f'This token may not use the profile "{profile.name}".')


def check_actions(token: AccessToken, actions: Sequence[ActionRequest]) -> None:
    """ScopeRefused when a verb or resourcetype is beyond the token's scope."""
    if token.read_only:
        writes = [a.verb.value for a in actions if a.verb not in READ_VERBS]
        if writes:
            raise ScopeRefused(f"This token is read-only: it may not {', '.join(writes)}.")
    allowed = token.resourcetypes.split()
    if allowed:
        others = sorted({a.resourcetype for a in actions if a.resourcetype not in allowed})
        if others:
            raise ScopeRefused(f"This token may not use the resourcetype(s) {', '.join(others)}.")
