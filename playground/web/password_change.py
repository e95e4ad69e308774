"""A one-time password is changed first: until then its user reaches only the account page."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from playground.services.accounts import Login
from playground.web.htmx import see_other

ACCOUNT_PATH = "/account"
# What a user who must still choose a password may reach besides the account page itself:
# the password form, their language, sessions and two-factor set-up (which PLAYGROUND_
# REQUIRE_2FA may ask for first). Not access tokens: a one-time password someone else
# knows must not turn into lasting API access.
OPEN_UNTIL_CHANGED = (
    "/account/password", "/account/preferences", "/account/sessions", "/account/two-factor",
    "/account/confirm", "/logout", "/language", "/static/",
)  # fmt: skip


class PasswordChangeRequired(Exception):
    """The user signed in with a one-time password an admin generated and has not changed it."""


def check(request: Request, login: Login) -> None:
    """PasswordChangeRequired while the user still has the one-time password."""
    path = request.url.path
    if not login.user.must_change_password or path == ACCOUNT_PATH:
        return
    if not path.startswith(OPEN_UNTIL_CHANGED):
        raise PasswordChangeRequired


async def _to_account(request: Request, exc: Exception) -> Response:
    """Send the user to the account page, which asks for a password of their own."""
    return see_other(request, ACCOUNT_PATH)


def install(app: FastAPI) -> None:
    """Answer PasswordChangeRequired with the account page."""
    app.add_exception_handler(PasswordChangeRequired, _to_account)
