"""PLAYGROUND_REQUIRE_2FA: users it names reach only the two-factor set-up until it is done."""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request

from playground.services import two_factor
from playground.services.accounts import Login
from playground.web.state import AppState

ENROL_PATH = "/account/two-factor"
# What a user who must still set up two-factor sign-in may reach.
OPEN_WHILE_ENROLLING = (ENROL_PATH, "/account/confirm", "/logout", "/language", "/static")


class TwoFactorRequired(Exception):
    """The settings require two-factor sign-in of this user, who has not set it up."""


def check(request: Request, state: AppState, db: Session, login: Login) -> None:
    """TwoFactorRequired when the settings ask this user for a second factor not yet set up."""
    setting = state.settings.require_2fa
    # With single sign-on (proxy or OpenID Connect) the second factor is the provider's part.
    if setting == "none" or state.settings.auth_mode != "local":
        return
    if request.url.path.startswith(OPEN_WHILE_ENROLLING):
        return
    if two_factor.required(setting, login.user) and not two_factor.is_enabled(db, user=login.user):
        raise TwoFactorRequired
