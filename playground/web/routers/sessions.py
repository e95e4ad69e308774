"""The user's own sessions: the list (browser, address, last use) and signing out elsewhere."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from playground.services import sessions
from playground.web.deps import CsrfChecked, LoginDep, SessionDep, StateDep, client_address
from playground.web.htmx import is_htmx, see_other
from playground.web.rendering import render

router = APIRouter()
PAGE = "pages/sessions.html"
PARTIAL = "partials/session_list.html"


def _list(
    request: Request, state: StateDep, db: SessionDep, login: LoginDep, ended: int | None
) -> Response:
    """The page (or for htmx the list) of live sessions."""
    rows = sessions.live(db, login=login, limits=state.session_limits, now=state.clock())
    context = {"active": "account", "sessions": rows, "ended": ended}
    return render(request, PAGE, context, partial=PARTIAL)


@router.get("/account/sessions")
def session_page(
    request: Request, state: StateDep, db: SessionDep, login: LoginDep, ended: int | None = None
) -> Response:
    """Where the user is signed in, with a button to sign out everywhere else."""
    return _list(request, state, db, login, ended)


@router.post("/account/sessions/end-others", dependencies=[CsrfChecked])
def end_other_sessions(
    request: Request, state: StateDep, db: SessionDep, login: LoginDep
) -> Response:
    """Sign out every other session; this one goes on."""
    ended = sessions.end_others(db, login=login, address=client_address(request))
    if is_htmx(request):
        return _list(request, state, db, login, ended)
    return see_other(request, f"/account/sessions?ended={ended}")
