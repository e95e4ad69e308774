"""Credential profiles: create, edit, delete, list, with the secret write-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playground.services.endpoints import SANDBOX, endpoint_label, is_allowed
from playground.services.errors import InvalidInput, NotFound
from playground.settings import Settings
from playground.store import profiles as store
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


@dataclass(frozen=True)
class ProfileView:
    """What the UI may know of a profile: never the secret, the token only masked."""

    id: int
    name: str
    endpoint: str
    endpoint_label: str
    hmac_version: int
    token_masked: str
    secret_fingerprint: str
    secret_changed_at: datetime


def to_view(profile: Profile) -> ProfileView:
    """Project a stored profile to what may be shown."""
    assert profile.id is not None
    return ProfileView(
        id=profile.id,
        name=profile.name,
        endpoint=profile.endpoint,
        endpoint_label=endpoint_label(profile.endpoint),
        hmac_version=profile.hmac_version,
        token_masked="•" * 8 + profile.token_hint,
        secret_fingerprint=profile.secret_fingerprint,
        secret_changed_at=profile.secret_changed_at,
    )


def _validate(data: ProfileInput, settings: Settings, *, creating: bool) -> dict[str, str]:
    """Field errors of a profile form."""
    errors: dict[str, str] = {}
    if not 1 <= len(data.name.strip()) <= 80:
        errors["name"] = "Give the profile a name of 1 to 80 characters."
    if not is_allowed(data.endpoint, settings):
        errors["endpoint"] = "Choose one of the listed endpoints."
    if data.hmac_version not in ("1", "2"):
        errors["hmac_version"] = "HMAC version is 1 or 2."
    for field, value in (("token", data.token), ("secret", data.secret)):
        if creating and not value.strip():
            errors[field] = f"The {field} is required."
        elif len(value) > 256 or any(c.isspace() for c in value.strip()):
            errors[field] = f"The {field} is at most 256 characters without spaces."
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
    """The user's profiles as they may be shown."""
    assert user.id is not None
    return [to_view(p) for p in store.list_profiles(session, owner_id=user.id)]


def get_owned(session: Session, *, user: User, profile_id: int) -> Profile:
    """The user's own profile, or NotFound."""
    assert user.id is not None
    profile = store.get_profile(session, owner_id=user.id, profile_id=profile_id)
    if profile is None:
        raise NotFound
    return profile


def save(
    session: Session,
    *,
    user: User,
    data: ProfileInput,
    settings: Settings,
    box: SecretBox,
    profile_id: int | None = None,
) -> ProfileView:
    """Create (profile_id None) or update a profile after validating every field."""
    assert user.id is not None
    existing = None if profile_id is None else get_owned(session, user=user, profile_id=profile_id)
    errors = _validate(data, settings, creating=existing is None)
    name = data.name.strip()
    if not errors and store.name_taken(session, owner_id=user.id, name=name, except_id=profile_id):
        errors["name"] = "You already have a profile with this name."
    if errors:
        raise InvalidInput(errors)
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
    profile.hmac_version = int(data.hmac_version)
    _set_credentials(profile, box, token=data.token.strip(), secret=data.secret.strip())
    return to_view(store.save_profile(session, profile=profile))


def delete(session: Session, *, user: User, profile_id: int) -> None:
    """Delete one of the user's profiles."""
    store.delete_profile(session, profile=get_owned(session, user=user, profile_id=profile_id))


def ensure_sandbox_profile(
    session: Session, *, user: User, settings: Settings, box: SecretBox, token: str, secret: str
) -> None:
    """Give a user without any profile a ready profile for the built-in sandbox."""
    assert user.id is not None
    if not settings.sandbox or store.list_profiles(session, owner_id=user.id):
        return
    data = ProfileInput(SANDBOX_PROFILE_NAME, SANDBOX, "2", token, secret)
    save(session, user=user, data=data, settings=settings, box=box)
