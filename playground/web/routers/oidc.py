"""Sign-in with OpenID Connect: the provider's round trip, and login, first run and logout.

Included before the local auth router only when ``PLAYGROUND_AUTH_MODE=oidc``. Passwords
are off then: /login offers the provider, and only the break-glass account
(``PLAYGROUND_OIDC_BREAK_GLASS``) may still use its password, for when the provider is down.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urljoin

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from playground.i18n import gettext as _
from playground.services import oidc_accounts, signin
from playground.store.models import User
from playground.web import oidc_client
from playground.web.cookies import clear_session_cookie, session_cookie_name, set_session_cookie
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep, client_address
from playground.web.htmx import local_path, see_other
from playground.web.rendering import render
from playground.web.routers import auth
from playground.web.session_start import open_session
from playground.web.state import AppState

router = APIRouter()
FormStr = Annotated[str, Form(max_length=4096)]
NextForm = Annotated[str, Form(max_length=2048)]
LOGIN_PAGE = "oidc_login_page"


def _page(
    request: Request, *, next: str, error: str = "", username: str = "", status: int = 200
) -> Response:
    """The login page of this mode: the provider's button, and the break-glass form if set."""
    context = {
        "next": local_path(next),
        "error": error,
        "username": username,
        "break_glass": bool(request.app.state.playground.settings.oidc_break_glass),
        "signed_out": "signed_out" in request.query_params,
    }
    return render(request, "pages/login_oidc.html", context, status_code=status)


@router.get("/login", name=LOGIN_PAGE)
async def login_page(request: Request, next: str = "/") -> Response:
    """The login page: sign in with the organisation's account."""
    return _page(request, next=next)


@router.post("/login", dependencies=[auth.SameSiteOnly])
async def login(
    request: Request,
    db: SessionDep,
    state: StateDep,
    username: FormStr,
    password: FormStr,
    next: NextForm = "/",
) -> Response:
    """A password login, for the break-glass account only."""
    allowed = state.settings.oidc_break_glass.strip()
    if not allowed or username.strip().casefold() != allowed.casefold():
        error = _("Passwords are off here: sign in with your organisation's account.")
        return _page(request, next=next, error=error, username=username, status=403)
    return await auth.login(request, db, state, username, password, next)


@router.get("/setup")
@router.post("/setup")
async def to_login(request: Request) -> Response:
    """No first account to create: the provider's users arrive by signing in."""
    return see_other(request, "/login")


@router.get("/oidc/login")
async def oidc_login(request: Request, next: str = "/") -> Response:
    """Go to the provider to sign in (a new state, nonce and PKCE verifier each time)."""
    return await oidc_client.begin(request, local_path(next))


def _start_session(
    request: Request, state: AppState, db: SessionDep, user: User, target: str
) -> Response:
    """Start a playground session for the signed-in user and go on with its cookie."""
    raw_id = open_session(request, state, db, user, address=client_address(request))
    response = see_other(request, local_path(target))
    name = session_cookie_name(request)
    set_session_cookie(response, request, name, raw_id, days=state.settings.session_days)
    return response


@router.get("/oidc/callback", name=oidc_client.CALLBACK_ROUTE)
async def oidc_callback(request: Request, db: SessionDep, state: StateDep) -> Response:
    """The provider's answer: check it, find or create the account, start a session."""
    claims, target = await oidc_client.finish(request)
    rules = oidc_accounts.ClaimRules.from_settings(state.settings)
    arrival = await run_in_threadpool(
        oidc_accounts.arrive, db, claims=claims, rules=rules, address=client_address(request)
    )
    if arrival.user is None:
        raise oidc_client.OidcRefused(arrival.refusal)
    return await run_in_threadpool(_start_session, request, state, db, arrival.user, target)


def _signed_out_url(request: Request) -> str:
    """Where the provider sends the browser after signing out: this app's login page."""
    configured = request.app.state.playground.settings.oidc_redirect_url
    base = urljoin(configured, "../login") if configured else str(request.url_for(LOGIN_PAGE))
    return base + "?signed_out=1"


def _end(request: Request, db: SessionDep, state: AppState, user: User) -> None:
    """End the playground session and record it."""
    raw_id = request.cookies.get(session_cookie_name(request), "")
    signin.log_out(
        db, user=user, raw_id=raw_id, key=state.session_key, address=client_address(request)
    )


@router.post("/logout", dependencies=[CsrfChecked])
async def logout(request: Request, db: SessionDep, state: StateDep, user: CurrentUser) -> Response:
    """End the session, then sign out at the provider too when it offers that."""
    await run_in_threadpool(_end, request, db, state, user)
    return_to = _signed_out_url(request)
    provider_url = await oidc_client.end_session_url(request, return_to)
    response = see_other(request, provider_url or return_to)
    clear_session_cookie(response, request)
    return response
