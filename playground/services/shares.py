"""Share links: a request recipe (and, for a history entry, its answer) for the team.

A link carries the unsigned actions only, never a token, secret or HMAC. Any logged-in
member may open a live link, and it never shows more than its creator may see now: once
the saved request turns private (for a link by someone else), is deleted, or the creator
is disabled, the link is gone (NotFound). Its creator, the owner of what it points at or
an admin may revoke it, after which it is gone for everyone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.services import audit, history, saved
from playground.services.errors import NotFound
from playground.services.flow_steps import FlowStep, saved_steps
from playground.store import shares as store
from playground.store.db import Gone
from playground.store.models import HistoryEntry, ShareLink, User, utcnow
from playground.store.shares import LinkRow

LIST_LIMIT = 500


@dataclass(frozen=True)
class ShareView:
    """One line of the share-link list."""

    id: int
    code: str
    title: str
    created_by_name: str
    created_at: datetime
    active: bool
    status_label: str
    can_revoke: bool


@dataclass(frozen=True)
class SharedRecipe:
    """What a live link shows: the unsigned actions and, for a history entry, the entry."""

    link_id: int
    code: str
    title: str
    created_by_name: str
    created_at: datetime
    actions: list[ActionRequest]
    entry: HistoryEntry | None
    can_revoke: bool
    steps: list[FlowStep] | None = None  # a shared saved flow's steps


def _calls(verbs: str, resourcetypes: str) -> str:
    """ " read get " and " estate fields " as "read estate, get fields"."""
    pairs = zip(verbs.split(), resourcetypes.split(), strict=False)
    return ", ".join(f"{verb} {rtype}" for verb, rtype in pairs)


def _title(row: LinkRow) -> str:
    """What a link points at, in words."""
    if row.link.history_id is not None:
        calls = _calls(row.verbs or "", row.resourcetypes or "")
        return _("History entry #%(id)s · %(calls)s") % {"id": row.link.history_id, "calls": calls}
    return _("Saved request “%(name)s”") % {"name": row.saved_name or ""}


def _may_revoke(row: LinkRow, user: User) -> bool:
    """The creator, the owner of what the link points at, or an admin."""
    return user.id in (row.link.created_by, row.target_owner) or user.is_admin


def _status(row: LinkRow) -> str:
    """Revoked; unavailable while its creator may not see the target; else active."""
    if row.link.revoked_at is not None:
        return "revoked"
    return "active" if row.visible_to_creator else "unavailable"


def _view(row: LinkRow, user: User) -> ShareView:
    """Project a link for the list."""
    link = row.link
    assert link.id is not None
    status = _status(row)
    return ShareView(
        id=link.id,
        code=link.code,
        title=_title(row),
        created_by_name=row.creator,
        created_at=link.created_at,
        active=status == "active",
        status_label={"active": _("active"), "revoked": _("revoked")}.get(status, _("unavailable")),
        can_revoke=link.revoked_at is None and _may_revoke(row, user),
    )


def list_views(session: Session, *, user: User) -> list[ShareView]:
    """Links the user made or that point at what they own, newest first; an admin: all."""
    rows = store.list_links(session, user_id=None if user.is_admin else user.id, limit=LIST_LIMIT)
    return [_view(row, user) for row in rows]


def _create(session: Session, user: User, link: ShareLink, what: str, address: str) -> ShareLink:
    """Store a new link and audit it (without its code); NotFound when its target is gone.

    The target was checked before, but may have been deleted since: then nothing is stored.
    """
    try:
        link = store.add_link(session, link=link)
    except Gone:
        raise NotFound from None
    summary = f"Created share link #{link.id} to {what}"
    audit.record(session, kind="share.created", actor=user, summary=summary, address=address)
    return link


def create_for_history(
    session: Session, *, user: User, entry_id: int, address: str = ""
) -> ShareLink:
    """A new link to one of the user's history entries (NotFound for someone else's)."""
    assert user.id is not None
    entry = history.get(session, user=user, entry_id=entry_id)
    link = ShareLink(code=secrets.token_urlsafe(16), created_by=user.id, history_id=entry.id)
    return _create(session, user, link, f"history entry #{entry.id}", address)


def create_for_saved(
    session: Session, *, user: User, saved_id: int, address: str = ""
) -> ShareLink:
    """A new link to a saved request the user may see (NotFound otherwise)."""
    assert user.id is not None
    target = saved.get_visible(session, user=user, saved_id=saved_id)
    link = ShareLink(code=secrets.token_urlsafe(16), created_by=user.id, saved_id=target.id)
    return _create(session, user, link, f"saved request #{target.id}", address)


def open_link(session: Session, *, user: User, code: str) -> SharedRecipe:
    """What a live link shows; NotFound when it is unknown, revoked or its target is gone."""
    found = store.get_by_code(session, code=code[:64])
    if found is None or found[0].revoked_at is not None:
        raise NotFound
    link = found[0]
    assert link.id is not None
    row = store.get_link_row(session, link_id=link.id)
    # Never more than its creator may see now: a request made private since, a target
    # gone, or a creator disabled leaves nothing to show.
    if row is None or not row.visible_to_creator:
        raise NotFound
    entry = store.linked_entry(session, link=link)
    target = store.linked_saved(session, link=link)
    if entry is not None:
        actions = history.actions_of(entry)
        calls = _calls(entry.verbs, entry.resourcetypes)
        title = _("History entry #%(id)s · %(calls)s") % {"id": entry.id, "calls": calls}
    elif target is not None:
        actions, title = saved.recipe(target), _("Saved request “%(name)s”") % {"name": target.name}
    else:
        raise NotFound
    return SharedRecipe(
        link_id=link.id,
        code=link.code,
        title=title,
        created_by_name=row.creator,
        created_at=link.created_at,
        actions=actions,
        entry=entry,
        can_revoke=_may_revoke(row, user),
        steps=saved_steps(target.request_json) if target is not None else None,
    )


def revoke(session: Session, *, user: User, link_id: int, address: str = "") -> ShareView:
    """Revoke a link: its creator or an admin (NotFound for anyone else)."""
    row = store.get_link_row(session, link_id=link_id)
    if row is None or not _may_revoke(row, user):
        raise NotFound
    link = row.link
    assert link.id is not None
    if link.revoked_at is None and store.revoke(session, link_id=link.id, at=utcnow()):
        target = f"history entry #{link.history_id}"
        if link.saved_id is not None:
            target = f"saved request #{link.saved_id}"
        summary = f"Revoked share link #{link.id} to {target}"
        audit.record(session, kind="share.revoked", actor=user, summary=summary, address=address)
    row = store.get_link_row(session, link_id=link_id)
    if row is None:  # deleted with its target since it was read
        raise NotFound
    return _view(row, user)
