"""Login, first-run and logout as they answer in proxy mode, where the proxy signs people in.

Included before the local auth router only when ``PLAYGROUND_AUTH_MODE=proxy``: there is no
password to type and no first account to create, so /login and /setup lead to the
composer, and /logout ends the playground session and says to log out at the proxy.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from playground.services import accounts, audit
from playground.web.cookies import clear_session_cookie, session_cookie_name
from playground.web.deps import CsrfChecked, LoginDep, SessionDep, StateDep
from playground.web.htmx import see_other
from playground.web.rendering import render

router = APIRouter()
OAUTH2_PROXY_SIGN_OUT = "/oauth2/sign_out"


@router.get("/login")
@router.post("/login")
@router.get("/setup")
@router.post("/setup")
def to_composer(request: Request) -> Response:
    """Nobody logs in here in proxy mode: go to the composer (the proxy has signed you in)."""
    return see_other(request, "/")


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, db: SessionDep, state: StateDep, login: LoginDep) -> Response:
    """End the playground session and explain that signing out happens at the proxy."""
    raw_id = request.cookies.get(session_cookie_name(request), "")
    accounts.end_session(db, raw_id=raw_id, key=state.session_key)
    address = request.client.host if request.client else ""
    audit.record(db, kind="logout", actor=login.user, summary="single sign-on", address=address)
    request.state.login = None
    context = {"sign_out_hint": OAUTH2_PROXY_SIGN_OUT}
    response = render(request, "pages/signed_out_sso.html", context)
    clear_session_cookie(response, request)
    return response
