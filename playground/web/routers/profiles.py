"""Credential profiles: list, create, edit, delete and test. The secret is write-only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.services import profiles, send
from playground.services.endpoints import endpoint_choices
from playground.services.errors import InvalidInput
from playground.services.profiles import ProfileInput
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.htmx import see_other, vary
from playground.web.rendering import render

router = APIRouter()
Short = Annotated[str, Form(max_length=500)]
Credential = Annotated[str, Form(max_length=512)]

_BLANK = {"name": "", "endpoint": "stable", "hmac_version": "2"}


def _page(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    *,
    form: dict[str, Any],
    editing: profiles.ProfileView | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The profile list beside the create/edit form; never holds a token or secret."""
    context = {
        "active": "profiles",
        "profiles": profiles.list_views(db, user=user),
        "form": form,
        "editing": editing,
        "errors": errors or {},
        "endpoints": endpoint_choices(state.settings),
    }
    return render(request, "pages/profiles.html", context, status_code=status_code)


@router.get("/profiles")
def profiles_page(request: Request, state: StateDep, db: SessionDep, user: CurrentUser) -> Response:
    """All of the user's profiles and an empty form for a new one."""
    return _page(request, state, db, user, form=dict(_BLANK))


@router.get("/profiles/{profile_id}")
def edit_page(
    request: Request, state: StateDep, db: SessionDep, user: CurrentUser, profile_id: int
) -> Response:
    """The form filled for editing; token and secret fields stay empty."""
    view = profiles.to_view(profiles.get_owned(db, user=user, profile_id=profile_id))
    form = {"name": view.name, "endpoint": view.endpoint, "hmac_version": str(view.hmac_version)}
    return _page(request, state, db, user, form=form, editing=view)


def _save(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    data: ProfileInput,
    profile_id: int | None,
) -> Response:
    """Save, or show the form again with the messages (and never the typed secret)."""
    try:
        profiles.save(
            db, user=user, data=data, settings=state.settings, box=state.box, profile_id=profile_id
        )
    except InvalidInput as exc:
        editing = None
        if profile_id is not None:
            editing = profiles.to_view(profiles.get_owned(db, user=user, profile_id=profile_id))
        form = {"name": data.name, "endpoint": data.endpoint, "hmac_version": data.hmac_version}
        return _page(
            request,
            state,
            db,
            user,
            form=form,
            editing=editing,
            errors=exc.errors,
            status_code=422,
        )
    return see_other(request, "/profiles")


@router.post("/profiles", dependencies=[CsrfChecked])
def create(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    name: Short = "",
    endpoint: Short = "",
    hmac_version: Short = "2",
    token: Credential = "",
    secret: Credential = "",
) -> Response:
    """Create a profile."""
    data = ProfileInput(name, endpoint, hmac_version, token, secret)
    return _save(request, state, db, user, data, None)


@router.post("/profiles/{profile_id}", dependencies=[CsrfChecked])
def update(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    profile_id: int,
    name: Short = "",
    endpoint: Short = "",
    hmac_version: Short = "2",
    token: Credential = "",
    secret: Credential = "",
) -> Response:
    """Change a profile; an empty token or secret keeps the stored one."""
    data = ProfileInput(name, endpoint, hmac_version, token, secret)
    return _save(request, state, db, user, data, profile_id)


@router.post("/profiles/{profile_id}/delete", dependencies=[CsrfChecked])
def delete(request: Request, db: SessionDep, user: CurrentUser, profile_id: int) -> Response:
    """Delete a profile; its history entries keep its name."""
    profiles.delete(db, user=user, profile_id=profile_id)
    return see_other(request, "/profiles")


@router.post("/profiles/{profile_id}/test", dependencies=[CsrfChecked])
async def test(
    request: Request, state: StateDep, db: SessionDep, user: CurrentUser, profile_id: int
) -> Response:
    """Send one light call with the profile and say in words how it went."""
    check = await send.check_connection(
        db,
        user=user,
        profile_id=profile_id,
        settings=state.settings,
        box=state.box,
        upstream=state.upstream,
    )
    context = {"check": check, "profile_id": profile_id}
    return vary(render(request, "partials/connection_check.html", context))
