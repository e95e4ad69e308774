"""The user's own account: name, role, changing the password, and the access tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from playground.services import oidc_accounts, profiles, throttle, tokens, users
from playground.services.errors import InvalidInput, TooManyAttempts
from playground.services.users import Actor
from playground.web.actors import ActorDep
from playground.web.deps import CsrfChecked, SessionDep, StateDep
from playground.web.htmx import see_other
from playground.web.rendering import render
from playground.web.state import AppState

router = APIRouter()
Secret = Annotated[str, Form(max_length=4096)]


def account_context(state: AppState, db: Session, actor: Actor) -> dict[str, Any]:
    """What the account page shows: role, sign-in kind and the access tokens."""
    assert actor.user is not None
    return {
        "active": "account",
        "role": users.role_of(actor.user),
        "sso": state.settings.auth_mode == "proxy"
        or oidc_accounts.signs_in_at_provider(state.settings, actor.user.username),
        "tokens": tokens.views(db, user=actor.user),
        "token_profiles": profiles.list_usable_views(db, user=actor.user),
        "token_errors": {},
        "changed": False,
        "errors": {},
    }


def _page(
    request: Request,
    state: StateDep,
    db: Session,
    actor: Actor,
    *,
    changed: bool = False,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The account page; password fields are never filled from the server."""
    context = account_context(state, db, actor) | {"changed": changed, "errors": errors or {}}
    return render(request, "pages/account.html", context, status_code=status_code)


@router.get("/account")
def account_page(
    request: Request, state: StateDep, db: SessionDep, actor: ActorDep, changed: bool = False
) -> Response:
    """User name, role, the change-password form and the access tokens."""
    return _page(request, state, db, actor, changed=changed)


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
        return _page(request, state, db, actor, errors=exc.errors, status_code=422)
    except TooManyAttempts as exc:
        errors = {"current_password": str(exc)}
        response = _page(request, state, db, actor, errors=errors, status_code=429)
        response.headers["Retry-After"] = str(exc.minutes * 60)
        return response
    return see_other(request, "/account?changed=true")
