"""Accounts of people an OpenID provider signs in: made on first sign-in, admin by claim."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import accounts, audit
from playground.services.errors import InvalidInput
from playground.settings import Settings
from playground.store import users
from playground.store.models import User


@dataclass(frozen=True)
class ClaimRules:
    """Which claims name the user and which group makes an admin."""

    username_claim: str = "preferred_username"
    admin_claim: str = "groups"
    admin_group: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> ClaimRules:
        """The rules the settings ask for."""
        return cls(
            username_claim=settings.oidc_username_claim,
            admin_claim=settings.oidc_admin_claim,
            admin_group=settings.oidc_admin_group,
        )


@dataclass(frozen=True)
class Arrival:
    """How a sign-in ended: the account (created or not), or why it was refused."""

    user: User | None
    created: bool = False
    refusal: str = ""


def signs_in_at_provider(settings: Settings, username: str) -> bool:
    """True in OpenID Connect mode for everyone but the break-glass account (no password)."""
    return settings.auth_mode == "oidc" and (
        username.casefold() != settings.oidc_break_glass.strip().casefold()
    )


def username_of(claims: Mapping[str, object], rules: ClaimRules) -> str:
    """The user name: the configured claim, else the email address, else empty."""
    for name in (rules.username_claim, "email"):
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def is_admin_by_claim(claims: Mapping[str, object], rules: ClaimRules) -> bool | None:
    """True when the admin group is in the admin claim; None when no group is configured."""
    if not rules.admin_group:
        return None
    value = claims.get(rules.admin_claim)
    if isinstance(value, str):  # some providers send a single group as a string
        return value == rules.admin_group
    if isinstance(value, list):
        return rules.admin_group in value
    return value is True  # a boolean claim such as "is_admin": true


def _sync_role(db: Session, user: User, admin: bool | None) -> User:
    """Make the role follow the provider's claim (the last active admin is kept)."""
    if admin is None or user.is_admin == admin or user.id is None:
        return user
    if admin:
        user.is_admin = True
        return users.save_user(db, user=user)
    users.update_keeping_an_admin(db, user_id=user.id, change={"is_admin": False}, end_logins=False)
    db.refresh(user)
    return user


def arrive(
    db: Session, *, claims: Mapping[str, object], rules: ClaimRules, address: str
) -> Arrival:
    """The account the ID token names, created on first sign-in, its role kept in step."""
    username = username_of(claims, rules)
    if not username:
        return Arrival(None, refusal=_("The sign-in service did not send a user name."))
    email = claims.get("email")
    admin = is_admin_by_claim(claims, rules)
    try:
        user, created = accounts.arrive_through_proxy(
            db,
            username=username,
            email=email if isinstance(email, str) else "",
            admin_names=frozenset({username}) if admin else frozenset(),
        )
    except InvalidInput as exc:
        reason = "; ".join(exc.errors.values())
        refusal = _("The sign-in service sent an unusable user name: %(reason)s")
        return Arrival(None, refusal=refusal % {"reason": reason})
    if not user.is_active:
        return Arrival(None, refusal=_("Your playground account is disabled."))
    user = _sync_role(db, user, admin)
    role = "admin" if user.is_admin else "member"
    summary = "OpenID Connect" + (f"; account created as {role}" if created else "")
    audit.record(db, kind="login", actor=user, summary=summary, address=address)
    return Arrival(user, created=created)
