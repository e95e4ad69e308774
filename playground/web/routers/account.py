"""The user's own account: name, role and changing the password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.services import throttle, users
from playground.services.errors import InvalidInput, TooManyAttempts
from playground.services.users import Actor
from playground.web.actors import ActorDep
from playground.web.deps import CsrfChecked, SessionDep, StateDep
from playground.web.htmx import see_other
from playground.web.rendering import render

router = APIRouter()
Secret = Annotated[str, Form(max_length=4096)]


def _page(
    request: Request,
    state: StateDep,
    actor: Actor,
    *,
    changed: bool = False,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The account page; password fields are never filled from the server."""
    assert actor.user is not None
    context = {
        "active": "account",
        "role": users.role_of(actor.user),
        "changed": changed,
        "errors": errors or {},
        "sso": state.settings.auth_mode == "proxy",
    }
    return render(request, "pages/account.html", context, status_code=status_code)


@router.get("/account")
def account_page(
    request: Request, state: StateDep, actor: ActorDep, changed: bool = False
) -> Response:
    """User name, role and the change-password form."""
    return _page(request, state, actor, changed=changed)


@router.post("/account/password", dependencies=[CsrfChecked])
def change_password(
    request: Request,
    state: StateDep,
    db: SessionDep,
    actor: ActorDep,
    current_password: Secret = "",
    new_password: Secret = "",
    new_password_confirm: Secret = "",
) -> Response:
    """Change the password; the user's other sessions end, this one stays."""
    try:
        users.change_own_password(
            db,
            actor=actor,
            current=current_password,
            new=new_password,
            confirm=new_password_confirm,
            policy=throttle.Policy.from_settings(state.settings),
        )
    except InvalidInput as exc:
        return _page(request, state, actor, errors=exc.errors, status_code=422)
    except TooManyAttempts as exc:
        errors = {"current_password": str(exc)}
        response = _page(request, state, actor, errors=errors, status_code=429)
        response.headers["Retry-After"] = str(exc.minutes * 60)
        return response
    return see_other(request, "/account?changed=true")
