"""Two-factor sign-in on the account page: set up with a QR code, confirm with a first code,
recovery codes shown once, turning it off; an admin's reset of a user's second factor."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from playground.services import two_factor, users
from playground.services.errors import InvalidInput
from playground.store.models import User
from playground.web.actors import AdminActor
from playground.web.deps import CsrfChecked, CurrentUser, LoginDep, SessionDep, StateDep
from playground.web.guards import RecentAuth
from playground.web.htmx import see_other
from playground.web.params import IdPath
from playground.web.rendering import render
from playground.web.routers.signin_code import proof_for
from playground.web.state import AppState

router = APIRouter()
PAGE = "pages/two_factor.html"


def _context(state: AppState, db: Session, user: User, request: Request) -> dict[str, Any]:
    """On, being set up (with the QR code and secret), or off; and whether it is required."""
    enabled = two_factor.is_enabled(db, user=user)
    return {
        "active": "account",
        "enabled": enabled,
        "enrolment": None if enabled else two_factor.pending(db, user=user, box=state.box),
        "required": two_factor.required(state.settings.require_2fa, user),
        "notice": request.query_params.get("done", ""),
        "errors": {},
    }


@router.get("/account/two-factor")
def two_factor_page(
    request: Request, state: StateDep, db: SessionDep, user: CurrentUser
) -> Response:
    """Where two-factor sign-in is set up or turned off."""
    return render(request, PAGE, _context(state, db, user, request))


@router.post("/account/two-factor/begin", dependencies=[CsrfChecked, RecentAuth])
def begin(request: Request, state: StateDep, db: SessionDep, user: CurrentUser) -> Response:
    """Make a new secret and show it (QR code and text) until a first code confirms it."""
    two_factor.begin(db, user=user, box=state.box)
    return see_other(request, "/account/two-factor")


@router.post("/account/two-factor/confirm", dependencies=[CsrfChecked, RecentAuth])
def confirm(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    code: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Turn two-factor sign-in on with a first right code; the recovery codes, shown once."""
    proof = proof_for(request, state)
    try:
        codes = two_factor.confirm(
            db,
            user=user,
            box=state.box,
            code=code,
            now=proof.now,
            pepper=proof.pepper,
            address=proof.address,
        )
    except InvalidInput as exc:
        context = _context(state, db, user, request) | {"errors": exc.errors}
        return render(request, PAGE, context, status_code=422)
    response = render(request, "pages/recovery_codes.html", {"active": "account", "codes": codes})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/two-factor/disable", dependencies=[CsrfChecked, RecentAuth])
def disable(request: Request, db: SessionDep, login: LoginDep) -> Response:
    """Turn two-factor sign-in off; the user's other sessions end."""
    proof_address = request.client.host if request.client else ""
    two_factor.disable(db, user=login.user, address=proof_address, session_hash=login.session_hash)
    return see_other(request, "/account/two-factor?done=off")


@router.post("/admin/users/{user_id}/two-factor/reset", dependencies=[CsrfChecked, RecentAuth])
def reset(request: Request, db: SessionDep, actor: AdminActor, user_id: IdPath) -> Response:
    """An admin removes a user's second factor (a lost phone); the user sets it up again."""
    assert actor.user is not None
    user = users.get(db, user_id=user_id)
    two_factor.reset(db, admin=actor.user, user=user, address=actor.address)
    return see_other(request, "/admin/users")
