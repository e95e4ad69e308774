"""Turn every expected failure into a clear page or fragment with a 4xx, never a traceback."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from playground.i18n import gettext as _
from playground.services import accounts
from playground.services.errors import Conflict, InvalidInput, NotFound
from playground.services.gate import Busy
from playground.services.send import WriteNotRecorded
from playground.store.db import in_session
from playground.web import params
from playground.web.deps import CsrfRejected, LoginRequired
from playground.web.htmx import is_htmx, see_other
from playground.web.rendering import render

log = logging.getLogger("playground.web")


def error_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """A small error page (or fragment for htmx) in the app's layout."""
    context = {"title": title, "detail": detail, "status": status}

    def page() -> HTMLResponse:
        return render(
            request, "pages/error.html", context, partial="partials/error.html", status_code=status
        )

    try:
        return page()
    except SQLAlchemyError:
        # The request's own objects may be gone with its session (a commit refused and
        # rolled back, say): the page without the user's name and menu rather than none.
        request.state.login = None
        return page()


async def _login_required(request: Request, _exc: Exception) -> Response:
    """Send to first-run when nobody exists yet, otherwise to login and back."""
    first_run = await in_session(request.app.state.playground.engine, accounts.needs_first_run)
    if first_run:
        return see_other(request, "/setup")
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    if is_htmx(request):  # back to the page the fragment was for (htmx sends a full URL)
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        target = (current.path or "/") + (f"?{current.query}" if current.query else "")
    return see_other(request, "/login?next=" + quote(target, safe=""))


async def _not_found(request: Request, _exc: Exception) -> Response:
    return error_page(request, 404, _("Not found"), _("There is nothing here, or it is not yours."))


async def _csrf(request: Request, _exc: Exception) -> Response:
    detail = _("The form was stale or came from elsewhere. Reload the page and try again.")
    return error_page(request, 403, _("Request refused"), detail)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidInput)
    return error_page(request, 400, _("Invalid input"), "; ".join(exc.errors.values()))


async def _account_changed(request: Request, _exc: Exception) -> Response:
    detail = _("Your account was changed while you signed in (a new password, say). Sign in again.")
    return error_page(request, 409, _("Not signed in"), detail)


async def _conflict(request: Request, exc: Exception) -> Response:
    return error_page(request, 409, _("Not allowed"), str(exc))


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_page(request, 422, _("Invalid request"), params.describe(exc.errors()))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return await _not_found(request, exc)
    return error_page(request, exc.status_code, _("Request refused"), str(exc.detail))


async def _busy(request: Request, _exc: Exception) -> Response:
    # One line, no traceback: the cause is load, and a flood would flood the log too.
    log.warning("Database pool exhausted on %s %s: answered 503", request.method, request.url.path)
    detail = _("The server is very busy right now (no database connection was free). Try again.")
    response = error_page(request, 503, _("Busy"), detail)
    response.headers["Retry-After"] = "2"
    return response


async def _send_busy(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Busy)
    # Too many of one's own sends: 429; the whole server at its bound: 503.
    status = 429 if exc.mine else 503
    response = error_page(request, status, _("Too many sends at once"), str(exc))
    response.headers["Retry-After"] = "2"
    return response


async def _write_not_recorded(request: Request, exc: Exception) -> Response:
    return error_page(request, 500, _("Sent, but not recorded"), str(exc))


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(CsrfRejected, _csrf)
    app.add_exception_handler(InvalidInput, _invalid)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(accounts.AccountChanged, _account_changed)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(PoolTimeout, _busy)
    app.add_exception_handler(Busy, _send_busy)
    app.add_exception_handler(WriteNotRecorded, _write_not_recorded)
    # Anything else ends in web/failsafe.py, which keeps the connection usable.
