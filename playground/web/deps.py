"""Dependencies: database session, app state, the logged-in user and the CSRF check."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from playground import i18n, logjson
from playground.i18n import gettext as _
from playground.services import accounts
from playground.services.accounts import Login
from playground.store.models import User
from playground.web import password_change, proxy_auth, required_2fa
from playground.web.cookies import session_cookie_name
from playground.web.state import AppState


class LoginRequired(Exception):
    """No live session: the user is sent to the login (or first-run) page."""


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token."""


# Threading model: every database call runs in a worker thread, never on the event loop.
# Dependencies that touch the database are plain functions (FastAPI runs them in its
# thread pool); the others are coroutines, as a thread hop would only cost time.


async def get_state(request: Request) -> AppState:
    """The app instance's long-lived objects."""
    state: AppState = request.app.state.playground
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_db(state: StateDep) -> Iterator[Session]:
    """One database session per request; it borrows a connection only while in use."""
    with Session(state.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def get_login(request: Request, state: StateDep, db: SessionDep) -> Login:
    """The live login of this request, or LoginRequired."""
    name = session_cookie_name(request)
    raw_id = request.cookies.get(name)
    login = None
    if state.settings.auth_mode == "proxy":
        login = proxy_auth.proxy_login(request, state, db, cookie=name)
    elif raw_id:
        login = accounts.resolve_session(
            db,
            raw_id=raw_id,
            key=state.session_key,
            now=state.clock(),
            limits=state.session_limits,
        )
    if login is not None:
        required_2fa.check(request, state, db, login)
        password_change.check(request, login)
    # End the read transaction: its connection goes back to the pool, so a route that
    # awaits an upstream answer next holds none.
    db.commit()
    if login is None:
        raise LoginRequired
    request.state.login = login
    logjson.set_user(login.user.id)
    # The user's own choices win over the browser's language and the server's zone.
    i18n.use(login.user.language)
    i18n.use_time_zone(login.user.time_zone)
    return login


LoginDep = Annotated[Login, Depends(get_login)]


async def get_user(login: LoginDep) -> User:
    """The logged-in user."""
    return login.user


CurrentUser = Annotated[User, Depends(get_user)]


async def get_admin(user: CurrentUser) -> User:
    """The logged-in user if an admin; members get a 403 page."""
    if not user.is_admin:
        raise HTTPException(status_code=403, detail=_("Only administrators may do this."))
    return user


AdminUser = Annotated[User, Depends(get_admin)]


async def check_csrf(request: Request, login: LoginDep) -> None:
    """Refuse a POST whose header or form field does not carry the session's CSRF token."""
    given = request.headers.get("X-CSRF-Token", "")
    if not given:
        form = await request.form()
        value = form.get("csrf_token", "")
        given = value if isinstance(value, str) else ""
    if not hmac.compare_digest(given.encode(), login.csrf_token.encode()):
        raise CsrfRejected


CsrfChecked = Depends(check_csrf)


def client_address(request: Request) -> str:
    """The client's address as uvicorn saw it (after trusted X-Forwarded-For handling)."""
    return request.client.host if request.client else ""
