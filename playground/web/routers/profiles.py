"""Credential profiles: list, create, edit, delete, share and test. The secret is write-only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.services import connection, profiles
from playground.services.endpoints import endpoint_choices
from playground.services.errors import InvalidInput
from playground.services.profiles import ProfileInput
from playground.web.asking import AskForm, asking_page
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep, client_address
from playground.web.guards import ChangingSecret
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdPath, IdQuery
from playground.web.rendering import render

router = APIRouter()
Short = Annotated[str, Form(max_length=500)]
Credential = Annotated[str, Form(max_length=512)]
Flag = Annotated[str, Form(max_length=8)]


async def _profile_form(
    name: Short = "",
    endpoint: Short = "",
    hmac_version: Short = "2",
    token: Credential = "",
    secret: Credential = "",
    protected: Flag = "",
    confirm_all: Flag = "",
) -> ProfileInput:
    """The create/edit form as posted; a ticked box sends "1"."""
    return ProfileInput(
        name, endpoint, hmac_version, token, secret, protected == "1", confirm_all == "1"
    )


ProfileForm = Annotated[ProfileInput, Depends(_profile_form)]


def _form_values(
    name: str, endpoint: str, hmac_version: str, protected: bool, confirm_all: bool = False
) -> dict[str, Any]:
    """What the form shows again: every field but the write-only token and secret."""
    return {
        "name": name,
        "endpoint": endpoint,
        "hmac_version": hmac_version,
        "protected": protected,
        "confirm_all": confirm_all,
    }


def _notice(views: list[profiles.ProfileView], *, created: int | None, updated: int | None) -> str:
    """The confirmation after a save, naming the profile (empty when it is not listed)."""
    for view in views:
        if view.mine and view.id == created:
            message = _("Profile “%(name)s” created. It is ready to send with in the composer.")
            return message % {"name": view.name}
        if view.mine and view.id == updated:
            return _("Changes to “%(name)s” saved.") % {"name": view.name}
    return ""


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
    notice: str = "",
    views: list[profiles.ProfileView] | None = None,
) -> Response:
    """The profile list beside the create/edit form; never holds a token or secret."""
    context = {
        "active": "profiles",
        "notice": notice,
        "profiles": views if views is not None else profiles.list_page_views(db, user=user),
        "form": form,
        "editing": editing,
        "errors": errors or {},
        "endpoints": endpoint_choices(state.settings),
    }
    return render(request, "pages/profiles.html", context, status_code=status_code)


@router.get("/profiles")
def profiles_page(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    created: IdQuery = None,
    updated: IdQuery = None,
) -> Response:
    """The user's profiles, the team's, and an empty form; after a save, a confirmation."""
    views = profiles.list_page_views(db, user=user)
    notice = _notice(views, created=created, updated=updated)
    form = _form_values("", "stable", "2", False)
    return _page(request, state, db, user, form=form, views=views, notice=notice)


def _owned_view(db: SessionDep, user: CurrentUser, profile_id: int) -> profiles.ProfileView:
    """The owner's view of one of their profiles (NotFound for anyone else)."""
    profile = profiles.get_owned(db, user=user, profile_id=profile_id)
    return profiles.to_view(profile, viewer=user, owner_name=user.username)


@router.get("/profiles/{profile_id}")
def edit_page(
    request: Request, state: StateDep, db: SessionDep, user: CurrentUser, profile_id: IdPath
) -> Response:
    """The form filled for editing; token and secret fields stay empty."""
    view = _owned_view(db, user, profile_id)
    form = _form_values(
        view.name, view.endpoint, str(view.hmac_version), view.protected, view.confirm_all
    )
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
        view = profiles.save(
            db,
            user=user,
            data=data,
            settings=state.settings,
            box=state.box,
            profile_id=profile_id,
            address=client_address(request),
        )
    except InvalidInput as exc:
        editing = None if profile_id is None else _owned_view(db, user, profile_id)
        form = _form_values(
            data.name, data.endpoint, data.hmac_version, data.protected, data.confirm_all
        )
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
    done = "created" if profile_id is None else "updated"
    return see_other(request, f"/profiles?{done}={view.id}")


@router.post("/profiles", dependencies=[CsrfChecked])
def create(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    data: ProfileForm,
) -> Response:
    """Create a profile."""
    return _save(request, state, db, user, data, None)


@router.post("/profiles/{profile_id}", dependencies=[CsrfChecked, ChangingSecret])
def update(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    profile_id: IdPath,
    data: ProfileForm,
) -> Response:
    """Change a profile; an empty token or secret keeps the stored one."""
    return _save(request, state, db, user, data, profile_id)


@router.post("/profiles/{profile_id}/delete", dependencies=[CsrfChecked])
def delete(
    request: Request, db: SessionDep, user: CurrentUser, profile_id: IdPath, ask: AskForm = ""
) -> Response:
    """Delete a profile (after asking, when the form wants it); history keeps its name."""
    if ask == "1":
        name = profiles.get_owned(db, user=user, profile_id=profile_id).name
        question = _("Delete the profile “%(name)s”?") % {"name": name}
        action = f"/profiles/{profile_id}/delete"
        return asking_page(
            request, question=question, action=action, back="/profiles", active="profiles"
        )
    profiles.delete(db, user=user, profile_id=profile_id, address=client_address(request))
    return see_other(request, "/profiles")


def _set_shared(
    request: Request, db: SessionDep, user: CurrentUser, profile_id: int, *, shared: bool
) -> Response:
    """Share or unshare, then answer with the new card (htmx) or the list (plain form)."""
    address = client_address(request)
    view = profiles.set_shared(db, user=user, profile_id=profile_id, shared=shared, address=address)
    if not is_htmx(request):
        return see_other(request, "/profiles")
    return vary(render(request, "partials/profile_card.html", {"p": view}))


@router.post("/profiles/{profile_id}/share", dependencies=[CsrfChecked])
def share(request: Request, db: SessionDep, user: CurrentUser, profile_id: IdPath) -> Response:
    """Let the team send with this profile (they never see its token or secret)."""
    return _set_shared(request, db, user, profile_id, shared=True)


@router.post("/profiles/{profile_id}/unshare", dependencies=[CsrfChecked])
def unshare(request: Request, db: SessionDep, user: CurrentUser, profile_id: IdPath) -> Response:
    """Stop sharing: the profile leaves the other members' pickers."""
    return _set_shared(request, db, user, profile_id, shared=False)


@router.post("/profiles/{profile_id}/test", dependencies=[CsrfChecked])
async def test(
    request: Request, state: StateDep, user: CurrentUser, profile_id: IdPath
) -> Response:
    """Send one light call with the profile and say in words how it went."""
    check = await connection.check_connection(
        state.engine,
        user=user,
        profile_id=profile_id,
        settings=state.settings,
        box=state.box,
        upstream=state.upstream,
    )
    context = {"check": check, "profile_id": profile_id}
    return vary(render(request, "partials/connection_check.html", context))
