"""First run, login and logout."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from playground.services import accounts, signin, two_factor
from playground.services.errors import InvalidInput
from playground.store.models import User
from playground.web.cookies import (
    clear_session_cookie,
    session_cookie_name,
    set_session_cookie,
)
from playground.web.deps import (
    CsrfChecked,
    CsrfRejected,
    CurrentUser,
    SessionDep,
    StateDep,
    client_address,
)
from playground.web.htmx import local_path, see_other
from playground.web.rendering import render
from playground.web.session_start import open_session
from playground.web.state import AppState

router = APIRouter()
FormStr = Annotated[str, Form(max_length=4096)]


async def refuse_cross_site(request: Request) -> None:
    """Refuse a login or first-run form that another site's page posted (login CSRF).

    Before a login there is no session, so no CSRF token to check, and SameSite=Lax does not
    stop a cross-site form from setting the session cookie of the attacker's account. The
    browser says where a form came from in Sec-Fetch-Site; clients without it (scripts,
    very old browsers) are let through. A sibling host of the same site ("same-site") is
    no more trusted than another site, unless the form's Origin is this app's own.
    """
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site == "cross-site":
        raise CsrfRejected
    own_origin = f"{request.url.scheme}://{request.url.netloc}"
    if site == "same-site" and request.headers.get("Origin", "") != own_origin:
        raise CsrfRejected


SameSiteOnly = Depends(refuse_cross_site)


def _log_in(
    request: Request,
    state: AppState,
    db: SessionDep,
    user: User,
    target: str,
    *,
    second_factor_done: bool = False,
) -> Response:
    """Start a session and redirect with the cookie; with two-factor on, first ask the code.

    Until the code is given the session is pending: it opens no page but the code form.
    """
    pending = not second_factor_done and two_factor.is_enabled(db, user=user)
    raw_id = open_session(
        request, state, db, user, address=client_address(request), pending=pending
    )
    target = local_path(target)
    if pending:
        target = "/login/code?next=" + quote(target, safe="")
    response = see_other(request, target)
    name = session_cookie_name(request)
    set_session_cookie(response, request, name, raw_id, days=state.settings.session_days)
    return response


@router.get("/setup")
def setup_page(request: Request, db: SessionDep) -> Response:
    """The first-run page; once an account exists it leads to login."""
    if not accounts.needs_first_run(db):
        return see_other(request, "/login")
    return render(request, "pages/setup.html", {"errors": {}, "username": ""})


@router.post("/setup", dependencies=[SameSiteOnly])
def setup(
    request: Request,
    db: SessionDep,
    state: StateDep,
    username: FormStr,
    password: FormStr,
    password_confirm: FormStr,
) -> Response:
    """Create the first account, an admin, and log it in."""
    if not accounts.needs_first_run(db):
        return see_other(request, "/login")
    try:
        user = signin.first_run(
            db,
            username=username,
            password=password,
            confirm=password_confirm,
            address=client_address(request),
        )
    except InvalidInput as exc:
        context = {"errors": exc.errors, "username": username}
        return render(request, "pages/setup.html", context, status_code=422)
    if user is None:  # another first-run form was quicker
        return see_other(request, "/login")
    return _log_in(request, state, db, user, "/")


@router.get("/login")
def login_page(request: Request, db: SessionDep, next: str = "/") -> Response:
    """The login form."""
    if accounts.needs_first_run(db):
        return see_other(request, "/setup")
    return render(request, "pages/login.html", {"error": None, "username": "", "next": next})


@router.post("/login", dependencies=[SameSiteOnly])
async def login(
    request: Request,
    db: SessionDep,
    state: StateDep,
    username: FormStr,
    password: FormStr,
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    """Check the credentials (throttled) and start a session."""
    attempt = await signin.log_in(
        state.engine,
        username=username,
        password=password,
        address=client_address(request),
        settings=state.settings,
        checks=state.password_checks,
    )
    if attempt.user is not None:
        return await run_in_threadpool(_log_in, request, state, db, attempt.user, next)
    context = {"error": attempt.message, "username": username, "next": next}
    if not attempt.locked_minutes:
        return render(request, "pages/login.html", context, status_code=401)
    response = render(request, "pages/login.html", context, status_code=429)
    response.headers["Retry-After"] = str(attempt.locked_minutes * 60)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, db: SessionDep, state: StateDep, user: CurrentUser) -> Response:
    """End the session and forget the cookie."""
    raw_id = request.cookies.get(session_cookie_name(request), "")
    signin.log_out(
        db, user=user, raw_id=raw_id, key=state.session_key, address=client_address(request)
    )
    response = see_other(request, "/login")
    clear_session_cookie(response, request)
    return response
