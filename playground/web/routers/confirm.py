"""Re-authentication before sensitive actions: the password again, and the code when
two-factor sign-in is on. Then the page the user came from, to repeat the action."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.services import two_factor, verification
from playground.web.deps import CsrfChecked, LoginDep, SessionDep, StateDep
from playground.web.htmx import local_path, see_other
from playground.web.rendering import render
from playground.web.routers.signin_code import proof_for

router = APIRouter()
PAGE = "pages/confirm_identity.html"
Secret = Annotated[str, Form(max_length=4096)]


@router.get("/account/confirm")
def confirm_page(
    request: Request, db: SessionDep, login: LoginDep, next: str = "/account"
) -> Response:
    """Ask for the password (and code) before going on."""
    context = {
        "next": local_path(next),
        "with_code": two_factor.is_enabled(db, user=login.user),
        "error": None,
    }
    return render(request, PAGE, context)


@router.post("/account/confirm", dependencies=[CsrfChecked])
def confirm(
    request: Request,
    state: StateDep,
    db: SessionDep,
    login: LoginDep,
    password: Secret = "",
    code: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/account",
) -> Response:
    """Check them (throttled, audited); right: back to where the user was."""
    outcome = verification.reauthenticate(
        db, login=login, password=password, code=code, proof=proof_for(request, state)
    )
    if outcome.how is not None:
        return see_other(request, local_path(next))
    context = {
        "next": local_path(next),
        "with_code": two_factor.is_enabled(db, user=login.user),
        "error": outcome.message,
    }
    response = render(request, PAGE, context, status_code=429 if outcome.locked_minutes else 401)
    if outcome.locked_minutes:
        response.headers["Retry-After"] = str(outcome.locked_minutes * 60)
    return response
