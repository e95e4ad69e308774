"""Personal access tokens: create (shown once), revoke; every user's tokens for admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.services import profiles, tokens
from playground.services.errors import InvalidInput
from playground.services.tokens import TokenInput
from playground.web.actors import ActorDep, AdminActor
from playground.web.deps import CsrfChecked, SessionDep, StateDep
from playground.web.guards import RecentAuth
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdPath, as_id
from playground.web.rendering import render
from playground.web.routers.account import account_context

router = APIRouter()
Short = Annotated[str, Form(max_length=200)]
EXPIRY_CHOICES = ("30", "90", "365", "never")


def _input(name: str, expires: str, access: str, profile_ids: list[str], types: str) -> TokenInput:
    """The form as a token request; InvalidInput for values no form offers."""
    if expires not in EXPIRY_CHOICES or access not in ("read", "all"):
        raise InvalidInput({"expires": _("Choose an expiry and an access level from the lists.")})
    ids = [as_id(p) for p in profile_ids]
    if None in ids:
        raise InvalidInput({"profiles": _("Choose only profiles that you may use.")})
    return TokenInput(
        name=name,
        profile_ids=[i for i in ids if i is not None],
        read_only=access == "read",
        resourcetypes=types.replace(",", " ").split(),
        expires_days=None if expires == "never" else int(expires),
    )


@router.post("/account/tokens", dependencies=[CsrfChecked, RecentAuth])
def create_token(
    request: Request,
    state: StateDep,
    db: SessionDep,
    actor: ActorDep,
    name: Short = "",
    expires: Short = "90",
    access: Short = "read",
    profile: Annotated[list[str] | None, Form(max_length=20)] = None,
    resourcetypes: Short = "",
) -> Response:
    """Create a token and show it, this once; the account page with the errors otherwise."""
    assert actor.user is not None
    try:
        data = _input(name, expires, access, profile or [], resourcetypes)
        created = tokens.create(
            db, user=actor.user, data=data, key=state.session_key, address=actor.address
        )
    except InvalidInput as exc:
        context = account_context(state, db, actor) | {"token_errors": exc.errors}
        return render(request, "pages/account.html", context, status_code=422)
    names = {v.id: v.name for v in profiles.list_usable_views(db, user=actor.user)}
    context = {"active": "account", "created": created.view, "token": created.token}
    context["profile_names"] = names
    response = render(
        request, "pages/token_created.html", context, partial="partials/token_created.html"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/tokens/{token_id}/revoke", dependencies=[CsrfChecked])
def revoke_token(request: Request, db: SessionDep, actor: ActorDep, token_id: IdPath) -> Response:
    """Revoke one's own token (an admin: anyone's); htmx gets the new row."""
    assert actor.user is not None
    view = tokens.revoke(db, actor=actor.user, token_id=token_id, address=actor.address)
    if is_htmx(request):
        context: dict[str, Any] = {"t": view, "show_owner": view.owner_name != actor.user.username}
        return vary(render(request, "partials/token_row.html", context))
    mine = view.owner_name == actor.user.username
    return see_other(request, "/account" if mine else "/admin/tokens")


@router.get("/admin/tokens")
def all_tokens(request: Request, db: SessionDep, actor: AdminActor) -> Response:
    """Every user's access tokens, for revoking."""
    assert actor.user is not None
    context = {"active": "admin", "tokens": tokens.all_views(db, actor=actor.user)}
    return render(request, "pages/admin_tokens.html", context)
