"""What the JSON API adds to the browser's use cases: profiles by name within a token's scope.

Sending itself goes through services/send.py, like the browser's sends, so the API gets
the same gates, confirmation of protected profiles, history and audit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from playground.onoffice.actions import ActionRequest
from playground.services import profiles, saved, tokens
from playground.services.errors import InvalidInput, NotFound
from playground.services.expectations import Expectations
from playground.services.expectations import of as expectations_of
from playground.services.flow_steps import FlowStep, saved_steps
from playground.services.profiles import ProfileView
from playground.store.models import AccessToken, User


@dataclass(frozen=True)
class Runnable:
    """A saved request ready to send: its actions, profile and expectations."""

    saved_id: int
    name: str
    profile_id: int
    actions: list[ActionRequest]
    expected: Expectations
    steps: list[FlowStep] | None = None  # a flow's steps; None for a plain saved request


def usable_profiles(db: Session, *, user: User, token: AccessToken) -> list[ProfileView]:
    """The profiles the user may use and the token allows."""
    views = profiles.list_usable_views(db, user=user)
    return [v for v in views if tokens.allows_profile(token, v.id)]


def profile_id(db: Session, *, user: User, token: AccessToken, ref: int | str) -> int:
    """The id of a profile named by id or name that the token may use.

    NotFound when the user may not use such a profile; ScopeRefused when the user may,
    but the token may not.
    """
    if isinstance(ref, int):
        tokens.check_profile(token, profiles.get_usable(db, user=user, profile_id=ref))
        return ref
    named = [v for v in profiles.list_usable_views(db, user=user) if v.name == ref.strip()]
    chosen = [v for v in named if v.mine] or named
    if not chosen:
        raise NotFound
    if len(chosen) > 1:
        raise InvalidInput({"profile": f'Several profiles are named "{ref}": give its id.'})
    return profile_id(db, user=user, token=token, ref=chosen[0].id)


def runnable(db: Session, *, user: User, token: AccessToken, saved_id: int) -> Runnable:
    """A saved request the user may see, with a profile the token may use."""
    stored = saved.get_visible(db, user=user, saved_id=saved_id)
    view = saved.get_view(db, user=user, saved_id=saved_id)
    if view.profile_id is None:
        raise InvalidInput({"profile": "This saved request has no profile you may use."})
    chosen = profile_id(db, user=user, token=token, ref=view.profile_id)
    steps = saved_steps(stored.request_json)
    expected = expectations_of(stored)
    return Runnable(view.id, view.name, chosen, saved.recipe(stored), expected, steps)
