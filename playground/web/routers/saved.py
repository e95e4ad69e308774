"""Saved requests: save the composer state, list and search, open, update, rename, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.services import compose, folders, saved
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput
from playground.services.saved import SavedView
from playground.web.asking import AskForm, asking_page
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep
from playground.web.forms import ComposerForms
from playground.web.htmx import is_htmx, see_other, targets_row, vary
from playground.web.params import IdForm, IdPath, TextQuery
from playground.web.rendering import render
from playground.web.routers.folders import shelf_context

router = APIRouter()
Name = Annotated[str, Form(max_length=500)]


@router.get("/saved")
def saved_page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    q: TextQuery = "",
) -> Response:
    """Folders with their saved requests, then the unfiled ones; htmx gets only the list."""
    context: dict[str, Any] = {"active": "saved"} | shelf_context(db, user, q)
    return render(request, "pages/saved.html", context, partial="partials/saved_list.html")


def _card(
    request: Request,
    *,
    view: SavedView | None,
    message: str = "",
    error: InvalidInput | None = None,
    forms: list[ActionForm] | None = None,
) -> Response:
    """The composer's save card after a save or update (with the field errors, 422)."""
    context: dict[str, Any] = {"saved": view, "save_message": message}
    if error is not None:
        reasons = " ".join(sorted(set(error.errors.values())))
        context["save_error"] = _("Nothing was saved.") + " " + reasons
        context |= {"oob_actions": forms or [ActionForm()], "actions": forms or [ActionForm()]}
        context["verbs"] = compose.VERBS
    status = 200 if error is None else 422
    return vary(render(request, "partials/save_result.html", context, status_code=status))


def _save(
    request: Request,
    forms: list[ActionForm],
    store: Callable[[list[ActionRequest]], SavedView],
    *,
    current: SavedView | None,
    message: Callable[[SavedView], str],
) -> Response:
    """Parse and store the actions; the card (htmx) or a 303, or the card with the errors."""
    try:
        view = store(compose.parse_forms(forms))
    except InvalidInput as exc:
        if not is_htmx(request):
            raise
        return _card(request, view=current, error=exc, forms=forms)
    if not is_htmx(request):
        return see_other(request, f"/?saved={view.id}")
    return _card(request, view=view, message=message(view))


@router.post("/saved", dependencies=[CsrfChecked])
def create(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    forms: ComposerForms,
    name: Name = "",
    team: Annotated[str, Form(max_length=8)] = "",
    profile_id: IdForm = None,
) -> Response:
    """Save the composer's actions and profile under a name, private or for the team."""
    return _save(
        request,
        forms,
        lambda actions: saved.create(
            db, user=user, name=name, team=team == "1", profile_id=profile_id, actions=actions
        ),
        current=None,
        message=lambda view: (
            _("Saved as “%(name)s” (%(visibility)s).")
            % {"name": view.name, "visibility": view.visibility_label}
        ),
    )


@router.post("/saved/{saved_id}/update", dependencies=[CsrfChecked])
def update(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    saved_id: IdPath,
    forms: ComposerForms,
    profile_id: IdForm = None,
) -> Response:
    """Overwrite a saved request with the composer's current actions and profile."""
    return _save(
        request,
        forms,
        lambda actions: saved.update(
            db, user=user, saved_id=saved_id, profile_id=profile_id, actions=actions
        ),
        current=saved.get_view(db, user=user, saved_id=saved_id),
        message=lambda view: _("Updated “%(name)s”.") % {"name": view.name},
    )


@router.post("/saved/{saved_id}/rename", dependencies=[CsrfChecked])
def rename(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    saved_id: IdPath,
    name: Name = "",
    visibility: Annotated[str, Form(max_length=16)] = "",
    description: Annotated[str | None, Form(max_length=4000)] = None,
) -> Response:
    """Rename (and describe) a saved request; its owner may also switch who sees it."""
    team = {"team": True, "private": False}.get(visibility)
    try:
        view = saved.rename(
            db, user=user, saved_id=saved_id, name=name, team=team, description=description
        )
    except InvalidInput as exc:
        if not is_htmx(request):
            raise
        context: dict[str, Any] = {"s": saved.get_view(db, user=user, saved_id=saved_id)}
        context["row_error"] = " ".join(exc.errors.values())
        context["folder_choices"] = folders.targets(db, user=user)
        return vary(render(request, "partials/saved_row.html", context, status_code=422))
    if not is_htmx(request):
        return see_other(request, "/saved")
    context = {"s": view, "folder_choices": folders.targets(db, user=user)}
    return vary(render(request, "partials/saved_row.html", context))


@router.post("/saved/{saved_id}/delete", dependencies=[CsrfChecked])
def delete(
    request: Request, db: SessionDep, user: CurrentUser, saved_id: IdPath, ask: AskForm = ""
) -> Response:
    """Delete a saved request (after asking, when the form wants it); htmx removes its row."""
    if ask == "1":
        view = saved.get_view(db, user=user, saved_id=saved_id)
        question = _("Delete the saved request “%(name)s”?") % {"name": view.name}
        action = f"/saved/{saved_id}/delete"
        return asking_page(request, question=question, action=action, back="/saved", active="saved")
    saved.delete(db, user=user, saved_id=saved_id)
    if targets_row(request, "saved-row"):
        return vary(Response(content="", media_type="text/html"))
    return see_other(request, "/saved")
