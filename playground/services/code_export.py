"""Code export: the request of a history entry, saved request or the composer as code.

The code signs at run time with credentials from the environment, so exporting needs no
secret: nothing here decrypts a profile. Only the endpoint and HMAC version are read.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from playground.i18n import N_
from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.onoffice.codegen import CodeRequest
from playground.onoffice.envelope import HmacVersion
from playground.services import history, saved
from playground.services.endpoints import SANDBOX, endpoint_url
from playground.services.errors import InvalidInput, NotFound
from playground.settings import STABLE_URL
from playground.store import profiles as profile_store
from playground.store.models import User

FLOW_HAS_NO_CODE = N_(
    "A flow has no code of its own: open it in the composer and export a step there."
)

# Where the playground serves its sandbox to other tools (see web/app.py).
SANDBOX_PATH = "sandbox/api/stable/api.php"


def _url(endpoint: str, base_url: str) -> str:
    """The URL the code posts to by default; the sandbox as this playground serves it."""
    if endpoint == SANDBOX:
        return base_url.rstrip("/") + "/" + SANDBOX_PATH
    return endpoint_url(endpoint) if endpoint else STABLE_URL


def _profile_signing(
    db: Session, user: User, profile_id: int | None
) -> tuple[str, HmacVersion] | None:
    """A usable profile's endpoint and HMAC version; None when there is none to use."""
    assert user.id is not None
    if profile_id is None:
        return None
    profile = profile_store.get_usable_profile(db, user_id=user.id, profile_id=profile_id)
    if profile is None:
        return None
    return profile.endpoint, 1 if profile.hmac_version == 1 else 2


def for_actions(
    db: Session,
    *,
    user: User,
    profile_id: int | None,
    actions: Sequence[ActionRequest],
    base_url: str,
    title: str = "",
) -> CodeRequest:
    """Code for these actions, with the profile's endpoint and HMAC (stable and v2 without).

    A profile id the user may not use is NotFound, as when sending with it.
    """
    signing = _profile_signing(db, user, profile_id)
    if profile_id is not None and signing is None:
        raise NotFound
    endpoint, version = signing or ("stable", 2)
    return CodeRequest(tuple(actions), _url(endpoint, base_url), version, title)


def for_history(db: Session, *, user: User, entry_id: int, base_url: str) -> CodeRequest:
    """Code for one of the user's history entries (NotFound otherwise)."""
    entry = history.get(db, user=user, entry_id=entry_id)
    signing = _profile_signing(db, user, entry.profile_id)
    # A deleted profile leaves its endpoint in the entry; its HMAC version is gone.
    endpoint, version = signing or (entry.endpoint, 2)
    return CodeRequest(tuple(history.actions_of(entry)), _url(endpoint, base_url), version)


def for_saved(db: Session, *, user: User, saved_id: int, base_url: str) -> CodeRequest:
    """Code for a saved request the user may see (NotFound otherwise)."""
    view = saved.get_view(db, user=user, saved_id=saved_id)
    if view.flow_steps:
        # One request per step, each reading the one before: a single request's code would
        # carry the {{steps.N…}} references unresolved and fail when it runs.
        raise InvalidInput({"saved": _(FLOW_HAS_NO_CODE)})
    target = saved.get_visible(db, user=user, saved_id=saved_id)
    # The view names the profile only when the user may use it; otherwise stable and v2.
    endpoint, version = _profile_signing(db, user, view.profile_id) or ("stable", 2)
    actions = tuple(saved.recipe(target))
    return CodeRequest(actions, _url(endpoint, base_url), version, view.name)
