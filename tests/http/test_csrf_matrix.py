"""CSRF: every state-changing route refuses a request without the session's token, changing nothing.

`PROTECTED` lists every POST route (and would list any PUT, PATCH or DELETE) with the role of
the user who may make it; the test fails when the app gains a state-changing route that is in
neither `PROTECTED` nor `EXEMPT`. Each protected route is tried by the very user who is allowed
to make it, in every way a forged request could look (no token, htmx without a token, a wrong
token in the header or the form, another session's token): 403 each time and the database is
untouched. The same request with the right token then succeeds, so the refusals were about the
token alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.services import accounts
from playground.settings import Settings
from playground.store.models import LoginSession, User
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http import oidc_support
from tests.http.oidc_support import CLIENT_SECRET, start_sign_in
from tests.http.route_support import (
    CSRF_HEADER,
    Objects,
    app_routes,
    changed_tables,
    fill,
    form_for,
    sandbox_profile,
    snapshot,
    user_id,
    without_csrf_header,
)
from tests.http.team_support import HX, rows
from tests.http.two_factor_support import pending_code

MakeClient = Callable[[str], TestClient]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "MOUNT"}
REFUSED = "The form was stale or came from elsewhere."

# Every state-changing route, by who may make it: a logged-in user (on their own objects) or
# an admin.
PROTECTED: dict[str, str] = {
    "POST /logout": "user",
    "POST /account/password": "user",
    "POST /account/sessions/end-others": "user",
    "POST /account/two-factor/begin": "user",
    "POST /account/two-factor/confirm": "user",  # after begin: its code is read below
    "POST /account/two-factor/disable": "user",
    "POST /account/confirm": "user",
    "POST /admin/users/{user_id}/two-factor/reset": "admin",
    "POST /account/preferences": "user",
    "POST /account/tokens": "user",
    "POST /account/tokens/{token_id}/revoke": "user",
    "POST /saved/{saved_id}/expectations": "user",
    "POST /saved/{saved_id}/check": "user",
    "POST /send": "user",
    "POST /flows/steps": "user",  # changes nothing, but reads the composer's form
    "POST /flows/save": "user",
    "POST /flows/run": "user",
    "POST /flows/next": "user",
    "POST /code/{lang}": "user",  # changes nothing, but reads the composer's form
    "POST /xray": "user",  # counts towards the user's limit of checks a minute
    "POST /fields/refresh": "user",
    "POST /history/{entry_id}/resend": "user",
    "POST /history/{entry_id}/delete": "user",
    "POST /history/delete-all": "user",
    "POST /history/{entry_id}/share": "user",
    "POST /history/compare/send": "user",
    "POST /history/compare/languages": "user",
    "POST /variables": "user",
    "POST /variables/check": "user",  # changes nothing, but reads the composer's form
    "POST /variables/{variable_id}/delete": "user",
    "POST /profiles": "user",
    "POST /profiles/{profile_id}": "user",
    "POST /profiles/{profile_id}/delete": "user",
    "POST /profiles/{profile_id}/share": "user",
    "POST /profiles/{profile_id}/unshare": "user",
    "POST /profiles/{profile_id}/test": "user",
    "POST /saved": "user",
    "POST /saved/{saved_id}/update": "user",
    "POST /saved/{saved_id}/rename": "user",
    "POST /saved/{saved_id}/delete": "user",
    "POST /saved/{saved_id}/share": "user",
    "POST /saved/{saved_id}/move": "user",
    "POST /saved/folders": "user",
    "POST /saved/folders/{folder_id}/rename": "user",
    "POST /saved/folders/{folder_id}/delete": "user",
    "POST /saved/import": "user",  # a file upload: see UPLOADS
    "POST /shares/{link_id}/revoke": "user",
    "POST /admin/users": "admin",
    "POST /admin/users/{user_id}/disable": "admin",
    "POST /admin/users/{user_id}/enable": "admin",
    "POST /admin/users/{user_id}/role": "admin",
    "POST /admin/users/{user_id}/reset-password": "admin",
    "POST /admin/sandbox/reset": "admin",
}
# No session exists yet when these are posted, so there is no token to bind them to. Login
# CSRF (a form on another site logging the browser into the attacker's account, whose
# profiles the victim might then fill in) is what SameSite=Lax does not stop: the session
# cookie is set on a cross-site top-level POST. So both refuse a form whose browser says it
# came from another site (Sec-Fetch-Site: cross-site); see the tests at the end. In proxy
# mode both only lead to the composer.
EXEMPT = {
    "POST /login": "no session yet; cross-site forms refused by Sec-Fetch-Site",
    "POST /login/code": "a pending sign-in only; cross-site forms refused by Sec-Fetch-Site",
    "POST /setup": "no account yet; cross-site forms refused by Sec-Fetch-Site",
    # The JSON API reads no cookie: only an Authorization header, which no cross-site form
    # can set (test_authorization_matrix checks that a session alone is refused there).
    "POST /api/v1/send": "bearer token only",
    "POST /api/v1/saved/{saved_id}/run": "bearer token only",
}
# PLAYGROUND_AUTH_MODE=oidc adds GET /oidc/callback, which starts a session: it needs the
# state that only the browser which began the sign-in holds (see the test at the end).
OIDC_MODE = {"auth_mode": "oidc", "oidc_issuer": "http://127.0.0.1:9", "oidc_client_id": "pg"}
# Run last: logging out ends the session, changing the password makes a new login fail.
LAST = ("POST /logout", "POST /account/password")
FORGED_TOKEN = "forged-token-0123456789abcdefghijklmnopqrstu"
# Routes that take a file: a valid one goes with every attempt (multipart, token in the form).
COLLECTION = json.dumps(
    {
        "format": "onoffice-playground-collection",
        "version": 1,
        "requests": [{"name": "Matrix", "request": [{"verb": "read", "resourcetype": "estate"}]}],
    }
).encode()
UPLOADS = {"POST /saved/import": {"file": ("c.json", COLLECTION, "application/json")}}


def _login(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    """A new session of an existing user, its CSRF token in the client's header."""
    other = TestClient(app, follow_redirects=False)
    response = other.post("/login", data={"username": username, "password": password})
    assert response.status_code == 303
    other.headers[CSRF_HEADER] = csrf_of(other)
    return other


@dataclass
class Forger:
    """The ways a forged request can fail to carry the session's token."""

    other_user_token: str
    other_session_token: str

    def variants(self) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
        """Name → (headers, extra form fields) of each forged request; no header unless given."""
        return {
            "no token": ({}, {}),
            "no token, htmx": (HX, {}),
            "wrong token in the header": ({CSRF_HEADER: FORGED_TOKEN}, {}),
            "wrong token in the form": ({}, {"csrf_token": FORGED_TOKEN}),
            "empty token in the header and the form": ({CSRF_HEADER: ""}, {"csrf_token": ""}),
            "another user's token": ({CSRF_HEADER: self.other_user_token}, {}),
            "another user's token in the form": ({}, {"csrf_token": self.other_user_token}),
            "the same user's other session's token": ({CSRF_HEADER: self.other_session_token}, {}),
        }


def _ids(app: FastAPI, route: str, owner: Objects, number: int) -> dict[str, int | str]:
    """Fresh objects for a route's ids; for a user id, a fresh member."""
    if "{user_id}" not in route:
        return owner.ids_for(route)
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username=f"target{number}", password=PASSWORD, is_admin=False)
    return {"user_id": user_id(app, f"target{number}")}


def test_every_state_changing_route_is_listed(app: FastAPI, settings: Settings) -> None:
    proxy_app = create_app(settings.model_copy(update={"auth_mode": "proxy"}))
    oidc_app = create_app(settings.model_copy(update=OIDC_MODE))
    served = app_routes(app) | app_routes(proxy_app) | app_routes(oidc_app)
    changing = {route for route in served if route.split(" ", 1)[0] not in SAFE_METHODS}
    assert len(changing) > 20
    unlisted = sorted(changing - set(PROTECTED) - set(EXEMPT))
    assert unlisted == [], f"list these state-changing routes in PROTECTED: {unlisted}"
    stale = sorted((set(PROTECTED) | set(EXEMPT)) - changing)
    assert stale == [], f"these routes are gone, remove them: {stale}"


# Refused before any query runs: the database plays no part.
@pytest.mark.database_agnostic
def test_every_state_changing_route_refuses_a_request_without_the_sessions_token(
    app: FastAPI,
    admin_client: TestClient,
    make_client: MakeClient,
    subtests: pytest.Subtests,
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    alice_again = _login(app, "alice")
    forger = Forger(bob.headers[CSRF_HEADER], alice_again.headers[CSRF_HEADER])
    owner = Objects(app, alice, "alice")
    clients = {"user": alice, "admin": admin_client}
    profiles = {"user": sandbox_profile(app, "alice"), "admin": sandbox_profile(app, "ada")}
    routes = sorted(PROTECTED, key=lambda r: LAST.index(r) + 1 if r in LAST else 0)
    extra: list[TestClient] = [alice_again]
    try:
        for number, route in enumerate(routes):
            role = PROTECTED[route]
            client = clients[role]
            if route == "POST /logout":  # a session of its own, as logging out ends it
                client = _login(app, "alice")
                extra.append(client)
            _, path = fill(route, _ids(app, route, owner, number))
            form = form_for(route, profile_id=profiles[role])
            if route == "POST /account/two-factor/confirm":  # the app's code of this moment
                form = {"code": pending_code(app, "alice")}
            token = client.headers[CSRF_HEADER]
            for variant, (headers, fields) in forger.variants().items():
                with subtests.test(route=route, variant=variant):
                    before = snapshot(app)
                    with without_csrf_header(client):
                        answer = client.post(
                            path, data=form | fields, headers=headers, files=UPLOADS.get(route)
                        )
                    assert answer.status_code == 403, answer.text
                    assert REFUSED in answer.text
                    assert changed_tables(before, snapshot(app)) == []
            with subtests.test(route=route, variant="the session's token in the form"):
                with without_csrf_header(client):
                    files = UPLOADS.get(route)
                    answer = client.post(path, data=form | {"csrf_token": token}, files=files)
                assert answer.status_code < 400, answer.text
    finally:
        for other in extra:
            other.close()


def test_the_token_is_in_every_form_a_page_offers(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    # Plain forms (no htmx, no header) carry the token as a hidden field: every POST form of
    # the pages a user and an admin see has one, with the session's value.
    alice = make_client("alice")
    owner = Objects(app, alice, "alice")
    entry, saved = owner.entry(), owner.saved(team=True)
    owner.link()
    profile_id = owner.profile(shared=True)
    pages = {
        alice: ["/", "/history", f"/history/{entry}", "/profiles", f"/profiles/{profile_id}"],
        admin_client: ["/admin/users", "/shares", "/saved", "/account", f"/?saved={saved}"],
    }
    forms_seen = 0
    for client, paths in pages.items():
        token = client.headers[CSRF_HEADER]
        for path in paths:
            page = client.get(path).text
            for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", page, flags=re.S):
                forms_seen += 1
                assert f'name="csrf_token" value="{token}"' in form, (path, form[:200])
    assert forms_seen > 20


# ---------------------------------------------------------------------------------------------
# The exempt routes: login and first run.


def _sessions(app: FastAPI) -> list[LoginSession]:
    """Every login session (the table has no integer id, so `rows` cannot order it)."""
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(LoginSession).order_by(col(LoginSession.created_at))))


def test_login_needs_no_token_but_a_form_from_another_site_is_refused(
    admin_client: TestClient, app: FastAPI
) -> None:
    before = len(_sessions(app))
    credentials = {"username": "ada", "password": PASSWORD}
    with TestClient(app, follow_redirects=False) as browser:
        forged = browser.post("/login", data=credentials, headers={"Sec-Fetch-Site": "cross-site"})
        assert forged.status_code == 403 and REFUSED in forged.text
        assert "playground_session" not in forged.headers.get("set-cookie", "")
        assert len(_sessions(app)) == before
        for site in ("same-origin", "none", ""):
            headers = {"Sec-Fetch-Site": site} if site else {}
            answer = browser.post("/login", data=credentials, headers=headers)
            assert answer.status_code == 303, site
    assert len(_sessions(app)) == before + 3


def test_first_run_needs_no_token_but_a_form_from_another_site_is_refused(
    client: TestClient, app: FastAPI
) -> None:
    form = {"username": "mallory", "password": PASSWORD, "password_confirm": PASSWORD}
    forged = client.post("/setup", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 403 and REFUSED in forged.text
    assert rows(app, User) == []
    form["username"] = "ada"
    answer = client.post("/setup", data=form, headers={"Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 303
    [user] = rows(app, User)
    assert user.username == "ada" and user.is_admin


def test_the_oidc_callback_needs_the_browser_that_began_the_sign_in(
    app: FastAPI, settings: Settings
) -> None:
    """Login CSRF with OpenID Connect: an attacker's code and state, opened by the victim."""
    for provider in oidc_support.serve_provider():
        mode = OIDC_MODE | {"oidc_issuer": provider.issuer, "oidc_client_secret": CLIENT_SECRET}
        oidc_app = create_app(settings.model_copy(update=mode))
        with TestClient(oidc_app, follow_redirects=False) as attacker:
            query = provider.grant(start_sign_in(attacker), {"preferred_username": "mallory"})
        with TestClient(oidc_app, follow_redirects=False) as victim:
            forged = victim.get("/oidc/callback", params=query)
            assert forged.status_code == 403
            assert "playground_session" not in forged.headers.get("set-cookie", "")
            assert victim.get("/").status_code == 303  # still logged out
            # A password form from another site is refused in this mode too.
            form = {"username": "ada", "password": PASSWORD}
            cross = victim.post("/login", data=form, headers={"Sec-Fetch-Site": "cross-site"})
            assert cross.status_code == 403 and REFUSED in cross.text
    assert rows(app, User) == [] and _sessions(app) == []
