"""Share links: create (from history or a saved request), open, list, revoke."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from playground.services import shares
from playground.store.models import ShareLink
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, client_address
from playground.web.htmx import is_htmx, see_other, targets_row, vary
from playground.web.params import CodePath, IdPath
from playground.web.rendering import render
from playground.web.views import response_view

router = APIRouter()


def _created(request: Request, link: ShareLink) -> Response:
    """After creating a link: its address to copy (htmx) or the list of links (plain form)."""
    if not is_htmx(request):
        return see_other(request, "/shares")
    context = {"link_id": link.id, "url": str(request.url_for("open_share", code=link.code))}
    return vary(render(request, "partials/share_created.html", context))


@router.post("/history/{entry_id}/share", dependencies=[CsrfChecked])
def share_history(
    request: Request, db: SessionDep, user: CurrentUser, entry_id: IdPath
) -> Response:
    """A new share link to one of the user's history entries."""
    address = client_address(request)
    link = shares.create_for_history(db, user=user, entry_id=entry_id, address=address)
    return _created(request, link)


@router.post("/saved/{saved_id}/share", dependencies=[CsrfChecked])
def share_saved(request: Request, db: SessionDep, user: CurrentUser, saved_id: IdPath) -> Response:
    """A new share link to a saved request the user can see."""
    address = client_address(request)
    link = shares.create_for_saved(db, user=user, saved_id=saved_id, address=address)
    return _created(request, link)


@router.get("/s/{code}", name="open_share")
def open_share(request: Request, db: SessionDep, user: CurrentUser, code: CodePath) -> Response:
    """A live share link: the unsigned request and, for a history entry, its answer."""
    recipe = shares.open_link(db, user=user, code=code)
    result = None
    if recipe.entry is not None:
        result = dataclasses.replace(response_view(recipe.entry), links=False)
    context: dict[str, Any] = {
        "active": "",
        "share": recipe,
        "request_json": json.dumps(
            [a.to_dict() for a in recipe.actions], indent=2, ensure_ascii=False
        ),
        "result": result,
    }
    return render(request, "pages/share.html", context)


@router.get("/shares")
def shares_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    """The user's share links (an admin: everybody's) with revoke buttons."""
    context: dict[str, Any] = {
        "active": "",
        "links": shares.list_views(db, user=user),
        "all_users": user.is_admin,
    }
    return render(request, "pages/shares.html", context)


@router.post("/shares/{link_id}/revoke", dependencies=[CsrfChecked])
def revoke(request: Request, db: SessionDep, user: CurrentUser, link_id: IdPath) -> Response:
    """Revoke a link: from now on it answers 404."""
    view = shares.revoke(db, user=user, link_id=link_id, address=client_address(request))
    if targets_row(request, "share-row"):
        context = {"link": view, "all_users": user.is_admin}
        return vary(render(request, "partials/share_row.html", context))
    return see_other(request, "/shares")
