"""Accounts of people an OpenID provider signs in: bound to its subject, admin by claim."""

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

# The length of User.sso_subject: issuer and subject, each at most 255 characters by the spec.
SUBJECT_LENGTH = 512


@dataclass(frozen=True)
class ClaimRules:
    """Which claims name the user and which group makes an admin; the break-glass name."""

    username_claim: str = "preferred_username"
    admin_claim: str = "groups"
    admin_group: str = ""
    break_glass: str = ""  # the local account no sign-in at the provider may reach

    @classmethod
    def from_settings(cls, settings: Settings) -> ClaimRules:
        """The rules the settings ask for."""
        return cls(
            username_claim=settings.oidc_username_claim,
            admin_claim=settings.oidc_admin_claim,
            admin_group=settings.oidc_admin_group,
            break_glass=settings.oidc_break_glass.strip(),
        )

    def is_break_glass(self, username: str) -> bool:
        """True for the break-glass account's name, in any case."""
        return bool(self.break_glass) and username.casefold() == self.break_glass.casefold()


@dataclass(frozen=True)
class Arrival:
    """How a sign-in ended: the account (created or not), or why it was refused."""

    user: User | None
    created: bool = False
    refusal: str = ""


class _Refused(Exception):
    """A sign-in the account rules do not allow: what the page says, what the audit log says."""

    def __init__(self, message: str, summary: str) -> None:
        super().__init__(summary)
        self.message = message
        self.summary = summary


def signs_in_at_provider(settings: Settings, username: str) -> bool:
    """True in OpenID Connect mode for everyone but the break-glass account (no password)."""
    return settings.auth_mode == "oidc" and (
        username.casefold() != settings.oidc_break_glass.strip().casefold()
    )


def username_of(claims: Mapping[str, object], rules: ClaimRules) -> str:
    """The user name: the configured claim, else the verified email address, else empty."""
    for name in (rules.username_claim, "email"):
        value = claims.get(name)
        # Many providers let people enter any address unchecked: it names no one until verified.
        if name == "email" and not _email_verified(claims):
            continue
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _email_verified(claims: Mapping[str, object]) -> bool:
    """True when the provider says it checked the email address (Cognito sends a string)."""
    return claims.get("email_verified") in (True, "true")


def subject_of(claims: Mapping[str, object]) -> str:
    """The provider's stable id of the person, "issuer subject"; empty when there is none."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not (isinstance(issuer, str) and issuer and isinstance(subject, str) and subject):
        return ""
    joined = f"{issuer} {subject}"
    return joined if len(joined) <= SUBJECT_LENGTH else ""


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


def _account(
    db: Session, *, subject: str, username: str, email: str, admin: bool | None, rules: ClaimRules
) -> tuple[User, bool]:
    """The account bound to the subject, else the one of that name, else a new one (bound)."""
    user = users.get_user_by_sso_subject(db, subject=subject)
    if user is not None:  # the name at the provider may have changed: the subject has not
        return user, False
    if not username:
        raise _Refused(_("The sign-in service did not send a user name."), "no user name")
    try:
        accounts.check_sso_name(username)
    except InvalidInput as exc:
        reason = "; ".join(exc.errors.values())
        message = _("The sign-in service sent an unusable user name: %(reason)s")
        raise _Refused(message % {"reason": reason}, f"unusable user name: {reason}") from exc
    if rules.is_break_glass(username):  # even before that account is made
        raise _local_account()
    user = users.get_user_by_folded_name(db, username=username)
    if user is None:
        user = accounts.add_sso_user(
            db, username=username, email=email, is_admin=bool(admin), sso_subject=subject
        )
        # Not bound to this subject: a concurrent sign-in took the name first, _admit decides.
        return user, user.sso_subject == subject
    return user, False


def _local_account() -> _Refused:
    """The refusal of an account with a password of its own (the break-glass one, say)."""
    message = _(
        "This user name belongs to a local account that signs in with its password; "
        "it cannot sign in through your organisation's sign-in service."
    )
    return _Refused(message, "account has a password of its own")


def _admit(db: Session, *, user: User, subject: str, rules: ClaimRules) -> None:
    """Refuse password, break-glass, disabled and other people's accounts; bind a new one."""
    if accounts.has_password(user) or rules.is_break_glass(user.username):
        raise _local_account()
    if not user.is_active:
        raise _Refused(_("Your playground account is disabled."), "account disabled")
    if user.sso_subject == subject:
        return
    # An account made by single sign-on before subjects were kept: its first sign-in binds it.
    if user.sso_subject is None and users.bind_sso_subject(db, user=user, subject=subject):
        return
    message = _("This user name already belongs to another account of the sign-in service.")
    raise _Refused(message, f"user name bound to another subject than {subject}")


def unbind(db: Session, *, user: User) -> None:
    """Let the account's next sign-in bind it anew, by name (the shell's way when the
    provider moved and its ids changed); InvalidInput when it is bound to none."""
    assert user.id is not None
    if not users.unbind_sso_subject(db, user_id=user.id):
        raise InvalidInput({"name": _("This account is not bound to a sign-in service.")})
    # Committed with the change.
    audit.record(
        db, kind="user.sso_unbound", username="shell",
        summary=f"Released {user.username} from its sign-in service id; the next sign-in "
        "under this name binds it anew",
    )  # fmt: skip


def arrive(
    db: Session, *, claims: Mapping[str, object], rules: ClaimRules, address: str
) -> Arrival:
    """The account the ID token's subject is bound to, else names; created on first sign-in."""
    username, subject = username_of(claims, rules), subject_of(claims)
    claimed = claims.get("email")
    email = claimed if isinstance(claimed, str) else ""
    admin = is_admin_by_claim(claims, rules)
    try:
        if not subject:
            raise _Refused(_("The sign-in service did not say who you are."), "no usable subject")
        user, created = _account(
            db, subject=subject, username=username, email=email, admin=admin, rules=rules
        )
        _admit(db, user=user, subject=subject, rules=rules)
    except _Refused as refusal:
        summary = f"OpenID Connect refused: {refusal.summary}"
        who = username or subject  # a token without a name may still be refused
        audit.record(db, kind="login.refused", username=who, summary=summary, address=address)
        return Arrival(None, refusal=refusal.message)
    accounts.note_email(db, user=user, email=email)
    user = _sync_role(db, user, admin)
    role = "admin" if user.is_admin else "member"
    summary = "OpenID Connect" + (f"; account created as {role}" if created else "")
    audit.record(db, kind="login", actor=user, summary=summary, address=address)
    return Arrival(user, created=created)
