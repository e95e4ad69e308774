"""Credential profiles: create, edit, delete, list, with the secret write-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.credentials import Kind, shape_problem
from playground.services import audit
from playground.services.endpoints import SANDBOX, endpoint_label, is_allowed
from playground.services.errors import InvalidInput, NotFound
from playground.settings import Settings
from playground.store import profiles as store
from playground.store.db import Duplicate
from playground.store.models import Profile, User, utcnow
from playground.store.secretbox import SecretBox, fingerprint

SANDBOX_PROFILE_NAME = "Sandbox"


@dataclass(frozen=True)
class ProfileInput:
    """What the profile form submits; empty token or secret on edit means "keep"."""

    name: str
    endpoint: str
    hmac_version: str
    token: str
    secret: str
    protected: bool = False
    confirm_all: bool = False


@dataclass(frozen=True)
class ProfileView:
    """What the UI may know of a profile: never the secret, the token only masked.

    Token hint and secret fingerprint are filled only for the owner; everyone else (an
    admin included) sees name, endpoint, HMAC version and who shares it.
    """

    id: int
    name: str
    endpoint: str
    endpoint_label: str
    hmac_version: int
    token_masked: str
    secret_fingerprint: str
    secret_changed_at: datetime
    owner_name: str = ""
    mine: bool = True
    shared: bool = False
    protected: bool = False
    confirm_all: bool = False
    can_edit: bool = True
    can_share: bool = True
    usable: bool = True
    owner_label: str = "Yours"
    sharing_label: str = "private"
    picker_suffix: str = ""


def to_view(profile: Profile, *, viewer: User | None = None, owner_name: str = "") -> ProfileView:
    """Project a stored profile to what `viewer` may see (no viewer: the owner's view)."""
    assert profile.id is not None
    mine = viewer is None or profile.owner_id == viewer.id
    if mine:
        owner_label = _("Yours, shared with the team") if profile.shared else _("Yours, private")
    elif profile.shared:
        owner_label = _("Shared by %(name)s") % {"name": owner_name}
    else:
        owner_label = _("Owned by %(name)s, private") % {"name": owner_name}
    suffix = "" if mine else " · " + _("shared by %(name)s") % {"name": owner_name}
    return ProfileView(
        id=profile.id,
        name=profile.name,
        endpoint=profile.endpoint,
        endpoint_label=endpoint_label(profile.endpoint),
        hmac_version=profile.hmac_version,
        token_masked="•" * 8 + profile.token_hint if mine else "",
        secret_fingerprint=profile.secret_fingerprint if mine else "",
        secret_changed_at=profile.secret_changed_at,
        owner_name=owner_name,
        mine=mine,
        shared=profile.shared,
        protected=profile.protected,
        confirm_all=profile.confirm_all,
        can_edit=mine,
        can_share=mine or bool(viewer and viewer.is_admin),
        usable=mine or profile.shared,
        owner_label=owner_label,
        sharing_label=_("shared with the team") if profile.shared else _("private"),
        picker_suffix=suffix + (" · " + _("protected") if profile.protected else ""),
    )


def _required(field: Kind) -> str:
    """The message for a missing token or secret."""
    return _("The token is required.") if field == "token" else _("The secret is required.")


def _validate(data: ProfileInput, settings: Settings, *, creating: bool) -> dict[str, str]:
    """Field errors of a profile form."""
    errors: dict[str, str] = {}
    if not 1 <= len(data.name.strip()) <= 80:
        errors["name"] = _("Give the profile a name of 1 to 80 characters.")
    if not is_allowed(data.endpoint, settings):
        errors["endpoint"] = _("Choose one of the listed endpoints.")
    if data.hmac_version not in ("1", "2"):
        errors["hmac_version"] = _("HMAC version is 1 or 2.")
    fields: tuple[tuple[Kind, str], ...] = (("token", data.token), ("secret", data.secret))
    for field, value in fields:
        if creating and not value.strip():
            errors[field] = _required(field)
        elif value.strip():
            problem = shape_problem(field, value.strip())
            if problem is not None:
                errors[field] = problem
    return errors


def _set_credentials(profile: Profile, box: SecretBox, *, token: str, secret: str) -> None:
    """Encrypt any newly typed token or secret into the profile."""
    if token:
        profile.token_ciphertext = box.encrypt(token)
        profile.token_hint = token[-4:]
    if secret:
        profile.secret_ciphertext = box.encrypt(secret)
        profile.secret_fingerprint = fingerprint(secret)
        profile.secret_changed_at = utcnow()


def list_views(session: Session, *, user: User) -> list[ProfileView]:
    """The user's own profiles as they may be shown."""
    assert user.id is not None
    return [to_view(p, viewer=user) for p in store.list_profiles(session, owner_id=user.id)]


def list_usable_views(session: Session, *, user: User) -> list[ProfileView]:
    """The profiles the user may send with: their own first, then the team's."""
    assert user.id is not None
    rows = store.list_usable(session, user_id=user.id)
    views = [to_view(p, viewer=user, owner_name=owner) for p, owner in rows]
    return sorted(views, key=lambda v: not v.mine)


def default_choice(views: list[ProfileView], *, last_used: int | None) -> int | None:
    """The profile the composer opens with: the one last sent with, else the first that
    does not ask for confirmation; never a guarded one the user did not choose last."""
    if last_used is not None and any(v.id == last_used for v in views):
        return last_used
    return next((v.id for v in views if not (v.protected or v.confirm_all)), None)


def list_page_views(session: Session, *, user: User) -> list[ProfileView]:
    """The profiles page: own, then the team's. Members' private profiles stay out of it,
    an admin's page included (an admin may still share one, but does not browse them)."""
    assert user.id is not None
    rows = store.list_usable(session, user_id=user.id)
    views = [to_view(p, viewer=user, owner_name=owner) for p, owner in rows]
    return sorted(views, key=lambda v: (not v.mine, not v.shared))


def get_owned(session: Session, *, user: User, profile_id: int) -> Profile:
    """The user's own profile, or NotFound."""
    assert user.id is not None
    profile = store.get_profile(session, owner_id=user.id, profile_id=profile_id)
    if profile is None:
        raise NotFound
    return profile


def get_usable(session: Session, *, user: User, profile_id: int) -> Profile:
    """A profile the user may send with (their own or one shared with the team), or NotFound."""
    assert user.id is not None
    profile = store.get_usable_profile(session, user_id=user.id, profile_id=profile_id)
    if profile is None:
        raise NotFound
    return profile


def _describe(profile: Profile) -> str:
    """Name, endpoint and signing of a profile for the audit log (no credential)."""
    flags = ", protected" if profile.protected else ""
    flags += ", confirm every send" if profile.confirm_all else ""
    label = endpoint_label(profile.endpoint)
    return f'"{profile.name}" ({label}, HMAC v{profile.hmac_version}{flags})'


def _changes(profile: Profile, data: ProfileInput) -> list[str]:
    """Which fields an edit changes, by name only."""
    changed = [
        field
        for field, before, after in (
            ("name", profile.name, data.name.strip()),
            ("endpoint", profile.endpoint, data.endpoint),
            ("HMAC version", str(profile.hmac_version), data.hmac_version),
            ("protected", profile.protected, data.protected),
            ("confirm every send", profile.confirm_all, data.confirm_all),
        )
        if before != after
    ]
    changed += [f for f, value in (("token", data.token), ("secret", data.secret)) if value.strip()]
    return changed


def _store(
    session: Session,
    *,
    user: User,
    data: ProfileInput,
    settings: Settings,
    box: SecretBox,
    profile_id: int | None,
) -> tuple[Profile, list[str] | None]:
    """Validate and store; the changed field names (None when the profile is new)."""
    assert user.id is not None
    existing = None if profile_id is None else get_owned(session, user=user, profile_id=profile_id)
    errors = _validate(data, settings, creating=existing is None)
    name = data.name.strip()
    taken = {"name": _("You already have a profile with this name.")}
    if not errors and store.name_taken(session, owner_id=user.id, name=name, except_id=profile_id):
        errors |= taken
    if errors:
        raise InvalidInput(errors)
    changes = None if existing is None else _changes(existing, data)
    profile = existing or Profile(
        owner_id=user.id,
        name=name,
        endpoint=data.endpoint,
        token_ciphertext=b"",
        secret_ciphertext=b"",
        token_hint="",
        secret_fingerprint="",
    )
    profile.name, profile.endpoint = name, data.endpoint
    profile.hmac_version, profile.protected = int(data.hmac_version), data.protected
    profile.confirm_all = data.confirm_all
    _set_credentials(profile, box, token=data.token.strip(), secret=data.secret.strip())
    try:
        return store.save_profile(session, profile=profile), changes
    except Duplicate:  # the name was taken by a request at the same moment
        raise InvalidInput(taken) from None


def save(
    session: Session,
    *,
    user: User,
    data: ProfileInput,
    settings: Settings,
    box: SecretBox,
    profile_id: int | None = None,
    address: str = "",
) -> ProfileView:
    """Create (profile_id None) or update a profile after validating every field; audited."""
    profile, changes = _store(
        session, user=user, data=data, settings=settings, box=box, profile_id=profile_id
    )
    if changes is None:
        kind, summary = "profile.created", f"Created profile {_describe(profile)}"
    else:
        kind = "profile.changed"
        summary = f"Changed profile {_describe(profile)}: {', '.join(changes) or 'nothing'}"
    audit.record(session, kind=kind, actor=user, summary=summary, address=address)
    return to_view(profile, viewer=user, owner_name=user.username)


def delete(session: Session, *, user: User, profile_id: int, address: str = "") -> None:
    """Delete one of the user's profiles; history entries keep its name. Audited."""
    profile = get_owned(session, user=user, profile_id=profile_id)
    summary = f"Deleted profile {_describe(profile)}" + (" (was shared)" if profile.shared else "")
    revoked = store.delete_profile(session, profile=profile)
    if revoked:
        summary += f"; revoked {revoked} access token(s) limited to it"
    audit.record(session, kind="profile.deleted", actor=user, summary=summary, address=address)


def set_shared(
    session: Session, *, user: User, profile_id: int, shared: bool, address: str = ""
) -> ProfileView:
    """Share a profile with the team or stop sharing it: its owner or an admin; else NotFound."""
    found = store.get_with_owner(session, profile_id=profile_id)
    if found is None or not (found[0].owner_id == user.id or user.is_admin):
        raise NotFound
    profile, owner = found
    if profile.shared != shared:
        profile.shared = shared
        profile = store.save_profile(session, profile=profile)
        kind = "profile.shared" if shared else "profile.unshared"
        verb = "Shared" if shared else "Stopped sharing"
        summary = f"{verb} profile {_describe(profile)} of {owner} with the team"
        audit.record(session, kind=kind, actor=user, summary=summary, address=address)
    return to_view(profile, viewer=user, owner_name=owner)


def ensure_sandbox_profile(
    session: Session, *, user: User, settings: Settings, box: SecretBox, token: str, secret: str
) -> None:
    """Give a user without any profile a ready profile for the built-in sandbox."""
    assert user.id is not None
    if not settings.sandbox or store.list_profiles(session, owner_id=user.id):
        return
    data = ProfileInput(SANDBOX_PROFILE_NAME, SANDBOX, "2", token, secret)
    try:
        _store(session, user=user, data=data, settings=settings, box=box, profile_id=None)
    except InvalidInput:  # the name is taken: a request at the same moment made it
        if not store.list_profiles(session, owner_id=user.id):
            raise
