"""Guards on a signed-in session: a recent proof of identity before sensitive actions, and
two-factor sign-in where PLAYGROUND_REQUIRE_2FA asks for it."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from playground.services.accounts import Login
from playground.services.oidc_accounts import signs_in_at_provider
from playground.settings import Settings
from playground.store.models import User
from playground.web.deps import LoginDep, StateDep
from playground.web.htmx import is_htmx, see_other
from playground.web.required_2fa import ENROL_PATH, TwoFactorRequired

CONFIRM_PATH = "/account/confirm"


class ReauthRequired(Exception):
    """A sensitive action without a recent proof of identity."""


def _back(request: Request) -> str:
    """The page to return to after confirming: the one the user was on, on this site."""
    if request.method == "GET" and not is_htmx(request):
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    came_from = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    parts = urlsplit(came_from)
    if parts.netloc and parts.netloc != request.url.netloc:
        return "/account"
    path = parts.path if parts.path.startswith("/") else "/account"
    return path + (f"?{parts.query}" if parts.query else "")


async def require_recent_auth(state: StateDep, login: LoginDep) -> Login:
    """The login, if its user proved who they are recently; else ReauthRequired."""
    if _proves_with_password(state.settings, login.user) and not login.recently_authenticated(
        state.clock()
    ):
        raise ReauthRequired
    return login


def _proves_with_password(settings: Settings, user: User) -> bool:
    """Whether the user proves who they are here: every local account, and the break-glass
    account beside OpenID Connect; with single sign-on otherwise that is the provider's part."""
    if settings.auth_mode == "local":
        return True
    return settings.auth_mode == "oidc" and not signs_in_at_provider(settings, user.username)


RecentLogin = Annotated[Login, Depends(require_recent_auth)]
RecentAuth = Depends(require_recent_auth)


async def _form_value(request: Request, name: str) -> str:
    """One field of the request's form ("" when absent)."""
    value = (await request.form()).get(name, "")
    return value if isinstance(value, str) else ""


async def recent_auth_to_make_admin(request: Request, state: StateDep, login: LoginDep) -> None:
    """Making someone an admin (new or existing account) needs a recent proof of identity."""
    if await _form_value(request, "role") == "admin":
        await require_recent_auth(state, login)


async def recent_auth_for_a_new_secret(request: Request, state: StateDep, login: LoginDep) -> None:
    """Changing a profile's secret needs a recent proof of identity."""
    if await _form_value(request, "secret"):
        await require_recent_auth(state, login)


MakingAdmin = Depends(recent_auth_to_make_admin)
ChangingSecret = Depends(recent_auth_for_a_new_secret)


async def _reauth(request: Request, _exc: Exception) -> Response:
    return see_other(request, f"{CONFIRM_PATH}?next={quote(_back(request), safe='')}")


async def _enrol(request: Request, _exc: Exception) -> Response:
    return see_other(request, f"{ENROL_PATH}?required=1")


def install(app: FastAPI) -> None:
    """Register the guards' redirects on an app."""
    app.add_exception_handler(ReauthRequired, _reauth)
    app.add_exception_handler(TwoFactorRequired, _enrol)
