"""The second sign-in step: after the right password, the code from the app (or a recovery
code). Until then the session is pending and opens no page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.services import accounts, throttle, verification
from playground.web.cookies import session_cookie_name
from playground.web.deps import SessionDep, StateDep, client_address
from playground.web.htmx import local_path, see_other
from playground.web.rendering import render
from playground.web.routers.auth import SameSiteOnly, _log_in
from playground.web.state import AppState

router = APIRouter()
PAGE = "pages/login_code.html"


def _pending(request: Request, state: AppState, db: SessionDep) -> accounts.Login | None:
    """The session waiting for its second factor, if this browser has one."""
    raw_id = request.cookies.get(session_cookie_name(request), "")
    if not raw_id:
        return None
    return accounts.resolve_session(
        db,
        raw_id=raw_id,
        key=state.session_key,
        now=state.clock(),
        limits=state.session_limits,
        pending=True,
    )


def proof_for(request: Request, state: AppState) -> verification.Proof:
    """What checking a code needs: the key ring, the pepper, the throttle, who and when."""
    return verification.Proof(
        box=state.box,
        pepper=state.session_key,
        policy=throttle.Policy.from_settings(state.settings),
        address=client_address(request),
        now=state.clock(),
    )


@router.get("/login/code")
def code_page(request: Request, state: StateDep, db: SessionDep, next: str = "/") -> Response:
    """Ask for the code; without a pending sign-in, back to the login."""
    if _pending(request, state, db) is None:
        return see_other(request, "/login")
    return render(request, PAGE, {"error": None, "next": local_path(next)})


@router.post("/login/code", dependencies=[SameSiteOnly])
def check_code(
    request: Request,
    state: StateDep,
    db: SessionDep,
    code: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    """Check the code (throttled like passwords); right: the real session starts."""
    pending = _pending(request, state, db)
    if pending is None:
        return see_other(request, "/login")
    outcome = verification.second_step(
        db, user=pending.user, code=code, proof=proof_for(request, state)
    )
    if outcome.how is None:
        context = {"error": outcome.message, "next": local_path(next)}
        response = render(
            request, PAGE, context, status_code=429 if outcome.locked_minutes else 401
        )
        if outcome.locked_minutes:
            response.headers["Retry-After"] = str(outcome.locked_minutes * 60)
        return response
    # A new session id once the sign-in is complete; the pending one ends.
    raw_id = request.cookies.get(session_cookie_name(request), "")
    accounts.end_session(db, raw_id=raw_id, key=state.session_key)
    return _log_in(request, state, db, pending.user, next, second_factor_done=True)
