"""Saved requests: a named composer state (actions and profile), private or for the team.

Team requests are visible to everyone and changeable by their owner and admins; a private
one is its owner's alone (NotFound for everybody else, admins included).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.services import expectations, profiles, saved_search
from playground.services.errors import InvalidInput, NotFound
from playground.services.flow_steps import saved_actions, step_count
from playground.store import saved as store
from playground.store.db import Gone
from playground.store.models import Profile, SavedRequest, User, utcnow

MAX_NAME = 120
LIST_LIMIT = 500
SEARCH_SCAN = 2000  # rows a search looks through at most (the database narrows them first)
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class SavedView:
    """One saved request as a viewer may see it, with what they may do to it."""

    id: int
    name: str
    owner_name: str
    team: bool
    mine: bool
    can_change: bool
    visibility_label: str  # "team" or "private" in the reader's language; `team` for logic
    profile_id: int | None
    profile_label: str
    calls: str
    updated_at: datetime
    expectations: tuple[str, ...] = ()  # in English, as the JSON API lists them
    expectations_shown: tuple[str, ...] = ()  # in the reader's language
    expect_ok: bool = False
    expect_min_records: int | None = None
    expect_field: str = ""
    description: str = ""
    folder_id: int | None = None
    flow_steps: int = 0  # a flow's number of steps; 0 for a plain saved request


def recipe(saved: SavedRequest) -> list[ActionRequest]:
    """The unsigned actions a saved request holds (a flow's: every step's, in order)."""
    return saved_actions(saved.request_json)


def _view(saved: SavedRequest, owner: str, profile: Profile | None, user: User) -> SavedView:
    """Project a saved request for `user`; the profile is named only when they may use it."""
    assert saved.id is not None
    usable = profile is not None and (profile.owner_id == user.id or profile.shared)
    label = "—" if profile is None else _("not available to you")
    expected = expectations.of(saved)
    return SavedView(
        id=saved.id,
        name=saved.name,
        owner_name=owner,
        team=saved.team,
        mine=saved.owner_id == user.id,
        can_change=changeable(saved, user),
        visibility_label=_("team") if saved.team else _("private"),
        profile_id=profile.id if usable and profile else None,
        profile_label=profile.name if usable and profile else label,
        calls=", ".join(f"{a.verb.value} {a.resourcetype or '-'}" for a in recipe(saved)),
        updated_at=saved.updated_at,
        expectations=tuple(expected.describe()),
        expectations_shown=tuple(expected.shown()),
        expect_ok=saved.expect_ok,
        expect_min_records=saved.expect_min_records,
        expect_field=saved.expect_field,
        description=saved.description,
        folder_id=saved.folder_id,
        flow_steps=step_count(saved.request_json),
    )


class Shareable(Protocol):
    """A saved request or a folder: owned by one user, private or for the team."""

    owner_id: int
    team: bool


def visible(item: Shareable, user: User) -> bool:
    """Its owner's, or the team's."""
    return item.owner_id == user.id or item.team


def changeable(item: Shareable, user: User) -> bool:
    """Owner always; an admin only for a team one."""
    return item.owner_id == user.id or (item.team and user.is_admin)


def _load(
    session: Session, *, user: User, saved_id: int, change: bool
) -> tuple[SavedRequest, str, Profile | None]:
    """A saved request the user may see (and, with `change`, change), or NotFound."""
    found = store.get_with_owner(session, saved_id=saved_id)
    if found is None:
        raise NotFound
    saved = found[0]
    if not visible(saved, user):
        raise NotFound
    if change and not changeable(saved, user):
        raise NotFound
    return found


def list_views(session: Session, *, user: User, text: str = "") -> list[SavedView]:
    """The user's own and the team's saved requests, by name, optionally searched.

    The search matches the name, the description and the calls inside, in any case.
    """
    assert user.id is not None
    text = text.strip()
    limit = SEARCH_SCAN if text else LIST_LIMIT
    rows = store.list_visible(session, user_id=user.id, text=text, limit=limit)
    if text:
        rows = [row for row in rows if saved_search.matches(row[0], text)][:LIST_LIMIT]
    return [_view(saved, owner, profile, user) for saved, owner, profile in rows]


def get_view(session: Session, *, user: User, saved_id: int) -> SavedView:
    """One visible saved request as a view, or NotFound."""
    return _view(*_load(session, user=user, saved_id=saved_id, change=False), user)


def get_visible(session: Session, *, user: User, saved_id: int) -> SavedRequest:
    """One saved request the user may see, or NotFound."""
    return _load(session, user=user, saved_id=saved_id, change=False)[0]


def get_changeable(session: Session, *, user: User, saved_id: int) -> SavedRequest:
    """One saved request the user may change, or NotFound."""
    return _load(session, user=user, saved_id=saved_id, change=True)[0]


def checked_name(name: str, refusal: str) -> str:
    """The trimmed name of 1 to MAX_NAME characters, or InvalidInput with `refusal`."""
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise InvalidInput({"name": refusal % {"max": MAX_NAME}})
    return name


def _clean_name(name: str) -> str:
    """The trimmed name, or InvalidInput."""
    return checked_name(name, _("Give the saved request a name of 1 to %(max)d characters."))


def clean_description(description: str) -> str:
    """The trimmed description, or InvalidInput when it is too long."""
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        message = _("A description has at most %(max)d characters.")
        raise InvalidInput({"description": message % {"max": MAX_DESCRIPTION}})
    return description


def _profile_id(session: Session, user: User, profile_id: int | None) -> int | None:
    """The chosen profile, which must be one the user may use (else NotFound)."""
    if profile_id is None:
        return None
    return profiles.get_usable(session, user=user, profile_id=profile_id).id


def _encode(actions: Sequence[ActionRequest]) -> str:
    """The unsigned actions as stored."""
    if not actions:
        raise InvalidInput({"actions": _("Add at least one action.")})
    return json.dumps([a.to_dict() for a in actions], ensure_ascii=False)


def create(
    session: Session,
    *,
    user: User,
    name: str,
    team: bool,
    profile_id: int | None,
    actions: Sequence[ActionRequest],
    flow_json: str | None = None,
) -> SavedView:
    """Save the composer state (or a flow's steps) under a name, private or for the team."""
    assert user.id is not None
    saved = SavedRequest(
        owner_id=user.id,
        name=_clean_name(name),
        team=team,
        profile_id=_profile_id(session, user, profile_id),
        request_json=flow_json or _encode(actions),
    )
    return get_view(session, user=user, saved_id=_id(_stored(session, saved)))


def _stored(session: Session, saved: SavedRequest) -> SavedRequest:
    """Write a saved request; NotFound when it, or its profile, was deleted since it was read."""
    try:
        return store.save_saved(session, saved=saved)
    except Gone:
        raise NotFound from None


def _id(saved: SavedRequest) -> int:
    """The id of a stored saved request."""
    assert saved.id is not None
    return saved.id


def update(
    session: Session,
    *,
    user: User,
    saved_id: int,
    profile_id: int | None,
    actions: Sequence[ActionRequest],
    flow_json: str | None = None,
) -> SavedView:
    """Overwrite a saved request with the current composer state (or a flow's steps)."""
    saved = _load(session, user=user, saved_id=saved_id, change=True)[0]
    saved.request_json = flow_json or _encode(actions)
    saved.profile_id = _profile_id(session, user, profile_id)
    saved.updated_at = utcnow()
    _stored(session, saved)
    return get_view(session, user=user, saved_id=saved_id)


def rename(
    session: Session,
    *,
    user: User,
    saved_id: int,
    name: str,
    team: bool | None = None,
    description: str | None = None,
) -> SavedView:
    """Rename (and describe) a saved request; only its owner may also change who sees it."""
    saved = _load(session, user=user, saved_id=saved_id, change=True)[0]
    if team is not None and team != saved.team and saved.owner_id != user.id:
        raise InvalidInput({"team": _("Only the owner can change who sees a saved request.")})
    saved.name = _clean_name(name)
    if description is not None:
        saved.description = clean_description(description)
    if team is not None:
        saved.team = team
    saved.updated_at = utcnow()
    _stored(session, saved)
    return get_view(session, user=user, saved_id=saved_id)


def delete(session: Session, *, user: User, saved_id: int) -> None:
    """Delete a saved request (and its share links)."""
    store.delete_saved(session, saved=_load(session, user=user, saved_id=saved_id, change=True)[0])


def set_expectations(
    session: Session, *, user: User, saved_id: int, expected: expectations.Expectations
) -> SavedView:
    """Store what a smoke-test run expects of a saved request's answer."""
    saved = _load(session, user=user, saved_id=saved_id, change=True)[0]
    field = expected.field.strip()
    if len(field) > expectations.MAX_FIELD or not all(c.isalnum() or c in "_-." for c in field):
        raise InvalidInput({"expect_field": _("Name one field (letters, digits, _ - .).")})
    low, high = 0, expectations.MAX_RECORDS
    if expected.min_records is not None and not low <= expected.min_records <= high:
        message = _("Expect %(low)d to %(high)d records.") % {"low": low, "high": high}
        raise InvalidInput({"expect_min_records": message})
    saved.expect_ok, saved.expect_min_records = expected.ok, expected.min_records
    saved.expect_field = field
    _stored(session, saved)
    return get_view(session, user=user, saved_id=saved_id)
