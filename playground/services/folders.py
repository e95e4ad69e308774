"""Folders of saved requests (collections), private or for the team, one level deep.

A folder is seen like a saved request: a private one by its owner alone (NotFound for
everybody else, admins included), a team one by everyone; a team folder is changed (renamed,
deleted, filled) by its owner and admins only. Deleting a folder keeps its requests, unfiled.

Filing a request (moving it into a folder) needs the right to change the request and the
folder. A team folder is the team's shelf, so a private request goes into one only when the
folder is its owner's own: a colleague's team folder would show everyone a request nobody
else may see. Taking a request out of a folder (to "unfiled") needs only the request. A
request made private after filing stays where it is, seen by its owner alone, like any
private request; nobody else learns of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import saved as saved_service
from playground.services.errors import InvalidInput, NotFound
from playground.services.saved import SavedView
from playground.store import folders as store
from playground.store import saved as saved_store
from playground.store.db import Gone
from playground.store.models import SavedFolder, SavedRequest, User, utcnow

MAX_NAME = saved_service.MAX_NAME
LIST_LIMIT = 200


@dataclass(frozen=True)
class FolderView:
    """One folder as a viewer may see it, with what they may do to it."""

    id: int
    name: str
    owner_name: str
    team: bool
    mine: bool
    can_change: bool


@dataclass(frozen=True)
class Shelf:
    """The /saved page: each visible folder with its requests, the unfiled ones, the targets."""

    folders: list[tuple[FolderView, list[SavedView]]]
    unfiled: list[SavedView]
    targets: list[FolderView]  # the folders the viewer may file requests into


def _view(folder: SavedFolder, owner: str, user: User) -> FolderView:
    """Project a folder for `user`."""
    assert folder.id is not None
    mine = folder.owner_id == user.id
    can_change = saved_service.changeable(folder, user)
    return FolderView(folder.id, folder.name, owner, folder.team, mine, can_change)


def get_visible(session: Session, *, user: User, folder_id: int) -> SavedFolder:
    """A folder the user may see, or NotFound."""
    folder = store.get(session, folder_id=folder_id)
    if folder is None or not saved_service.visible(folder, user):
        raise NotFound
    return folder


def _changeable_folder(session: Session, user: User, folder_id: int) -> SavedFolder:
    """A folder the user may change, or NotFound."""
    folder = get_visible(session, user=user, folder_id=folder_id)
    if not saved_service.changeable(folder, user):
        raise NotFound
    return folder


def list_views(session: Session, *, user: User) -> list[FolderView]:
    """The user's own and the team's folders, by name."""
    assert user.id is not None
    found = store.list_visible(session, user_id=user.id, limit=LIST_LIMIT)
    return [_view(folder, owner, user) for folder, owner in found]


def targets(session: Session, *, user: User) -> list[FolderView]:
    """The folders the user may file requests into (the row's "Move to" choices)."""
    return [view for view in list_views(session, user=user) if view.can_change]


def shelf(session: Session, *, user: User, text: str = "") -> Shelf:
    """The visible folders with their (searched) requests, and the unfiled requests."""
    views = list_views(session, user=user)
    items = saved_service.list_views(session, user=user, text=text)
    known = {v.id for v in views}
    grouped = [(folder, [s for s in items if s.folder_id == folder.id]) for folder in views]
    if text.strip():  # a search shows only the folders where something matched
        grouped = [(folder, found) for folder, found in grouped if found]
    unfiled = [s for s in items if s.folder_id not in known]
    return Shelf(grouped, unfiled, [v for v in views if v.can_change])


def clean_name(name: str) -> str:
    """The trimmed folder name, or InvalidInput."""
    return saved_service.checked_name(name, _("Give the folder a name of 1 to %(max)d characters."))


def create(session: Session, *, user: User, name: str, team: bool) -> SavedFolder:
    """A new empty folder, private or for the team."""
    assert user.id is not None
    folder = SavedFolder(owner_id=user.id, name=clean_name(name), team=team)
    return _stored(session, folder)


def _stored(session: Session, folder: SavedFolder) -> SavedFolder:
    """Write a folder; NotFound when it (or its owner) was deleted since it was read."""
    try:
        return store.save(session, folder=folder)
    except Gone:
        raise NotFound from None


def rename(
    session: Session, *, user: User, folder_id: int, name: str, team: bool | None = None
) -> SavedFolder:
    """Rename a folder; only its owner may also change who sees it (`team`)."""
    folder = _changeable_folder(session, user, folder_id)
    if team is not None and team != folder.team and folder.owner_id != user.id:
        raise InvalidInput({"team": _("Only the owner can change who sees a folder.")})
    folder.name = clean_name(name)
    folder.team = folder.team if team is None else team
    folder.updated_at = utcnow()
    return _stored(session, folder)


def delete(session: Session, *, user: User, folder_id: int) -> None:
    """Delete a folder; its requests stay, unfiled."""
    store.delete(session, folder=_changeable_folder(session, user, folder_id))


def _check_filing(saved: SavedRequest, folder: SavedFolder) -> None:
    """Refuse a private request in a team folder that is not its owner's (see above)."""
    if folder.team and not saved.team and folder.owner_id != saved.owner_id:
        message = _(
            "Share the request with the team before filing it in a colleague's team folder."
        )
        raise InvalidInput({"folder_id": message})


def move(session: Session, *, user: User, saved_id: int, folder_id: int | None) -> SavedRequest:
    """File a saved request in a folder, or take it out of its folder (`folder_id` None)."""
    saved = saved_service.get_changeable(session, user=user, saved_id=saved_id)
    if folder_id is not None:
        _check_filing(saved, _changeable_folder(session, user, folder_id))
    saved.folder_id = folder_id
    try:
        return saved_store.save_saved(session, saved=saved)
    except Gone:  # the request or the folder was deleted since it was checked
        raise NotFound from None
