"""The authorization matrix: every route of the app, classified, and checked against each role.

`ROUTES` lists every route the app serves. A test fails when the app gains a route that is
not listed (so nobody adds one without deciding who may use it) and when the table lists a
route the app no longer has. Then, for every route:

- public routes answer without a login; every other route sends a visitor to the login;
- admin-only routes answer 403 to a member, and change nothing;
- object-scoped routes (an id of a profile, history entry, saved request or share link in the
  path) answer 404 to anyone the object is not visible to, never 403 or 200, and change
  nothing; only the documented exceptions (`MEMBER_MAY`, `ADMIN_MAY`) are let through.

Every refused POST carries the requester's valid CSRF token, so the refusal is about who
asks, not about CSRF (that has its own matrix in test_csrf_matrix.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session

from playground.services import accounts
from playground.settings import Settings
from playground.store.models import HistoryEntry, SavedRequest
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http import oidc_support
from tests.http.route_support import (
    KIND_OF_PARAMETER,
    Objects,
    app_routes,
    changed_tables,
    fill,
    path_parameters,
    request,
    sandbox_profile,
    snapshot,
    user_id,
)
from tests.http.team_support import READ_ESTATE, rows, send_form
from tests.http.token_support import READ_ESTATES, make_token, send_body

MakeClient = Callable[[str], TestClient]


class Access(StrEnum):
    """Who may use a route."""

    PUBLIC = "public"  # no login needed: there is no session yet, or no person behind it
    USER = "any logged-in user"  # acts on the user's own data only
    ADMIN = "admin only"  # a member gets 403
    OBJECT = "object-scoped"  # an id in the path: 404 to whoever may not see the object
    BEARER = "access token only"  # the JSON API: a bearer token, never a browser session
    SCRAPER = "allowed address or metrics token"  # /metrics: a session counts for nothing


PUBLIC, USER, ADMIN, OBJECT = Access.PUBLIC, Access.USER, Access.ADMIN, Access.OBJECT
BEARER = Access.BEARER
SCRAPER = Access.SCRAPER

ROUTES: dict[str, Access] = {
    # Public.
    "GET /healthz": PUBLIC,  # the load balancer's and the container's health check
    "GET /readyz": PUBLIC,  # readiness: the database answers too
    "GET /metrics": SCRAPER,  # Prometheus: PLAYGROUND_METRICS_ALLOW or the token
    "GET /setup": PUBLIC,  # first run: no account exists yet
    "POST /setup": PUBLIC,
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "GET /login/code": PUBLIC,  # the second sign-in step: a pending session, not a login
    "POST /login/code": PUBLIC,
    # PLAYGROUND_AUTH_MODE=oidc: off to the identity provider, and its answer (refused unless
    # this browser started the sign-in; see test_oidc_signin).
    "GET /oidc/login": PUBLIC,
    "GET /oidc/callback": PUBLIC,
    "GET /language": PUBLIC,  # a visitor's language cookie; no data of anyone's
    "MOUNT /static": PUBLIC,  # CSS, JS, vendored htmx
    "MOUNT /sandbox": PUBLIC,  # the fake onOffice API checks its own token and HMAC
    "GET /api/v1/openapi.json": PUBLIC,  # describes the JSON API; holds nobody's data
    # Any logged-in user, on their own data.
    "POST /logout": USER,
    "GET /account": USER,
    "POST /account/password": USER,
    "GET /account/sessions": USER,  # the user's own sessions only
    "POST /account/sessions/end-others": USER,
    "GET /account/two-factor": USER,  # the user's own second factor
    "POST /account/two-factor/begin": USER,
    "POST /account/two-factor/confirm": USER,
    "POST /account/two-factor/disable": USER,
    "GET /account/confirm": USER,  # re-authentication before sensitive actions
    "POST /account/confirm": USER,
    "POST /account/preferences": USER,  # the user's own language and time zone
    "POST /account/tokens": USER,  # its profiles are object-scoped: checked in test_api_tokens
    "GET /api/reference": USER,  # the JSON API's reference page
    "GET /": USER,  # its ?from=, ?saved= and ?share= are object-scoped: see below
    "GET /templates": USER,
    "POST /send": USER,  # its profile_id is object-scoped: see below
    "POST /code/{lang}": USER,  # the composer's code export; profile_id as for /send
    "GET /xray": USER,
    "POST /xray": USER,  # its profile_id is object-scoped: see below
    "GET /history": USER,
    "GET /history/recent": USER,
    "GET /history/compare": USER,  # its ?a= and ?b= are object-scoped: test_history_compare
    "POST /history/compare/send": USER,  # its profile ids are object-scoped: test_history_compare
    "POST /history/compare/languages": USER,  # as above
    "GET /variables": USER,
    "POST /variables": USER,  # team (admins) and profile (owner) scopes: test_variables
    "POST /variables/check": USER,  # its profile_id resolves nothing of others': test_variables
    "POST /history/delete-all": USER,
    "GET /api/history": USER,
    "GET /profiles": USER,
    "POST /profiles": USER,
    "GET /saved": USER,
    "POST /saved": USER,  # its profile_id is object-scoped: see below
    # Flows: the steps travel in the form; /flows/next's run_id and /flows/save's
    # flow_saved_id name the user's own objects only (404 otherwise: test_flows).
    "POST /flows/steps": USER,
    "POST /flows/save": USER,
    "POST /flows/run": USER,  # its profile_id as for /send
    "POST /flows/next": USER,
    "GET /shares": USER,
    "GET /calls.json": USER,  # facts about the calls, the same for everyone
    "GET /fields.json": USER,  # its ?profile= is object-scoped: see below
    "GET /fields": USER,  # its ?profile= is object-scoped: see below
    "POST /fields/refresh": USER,  # its profile is object-scoped: see below
    # Admins only.
    "GET /admin/users": ADMIN,
    "POST /admin/users": ADMIN,
    "POST /admin/users/{user_id}/disable": ADMIN,
    "POST /admin/users/{user_id}/enable": ADMIN,
    "POST /admin/users/{user_id}/role": ADMIN,
    "POST /admin/users/{user_id}/reset-password": ADMIN,
    "POST /admin/users/{user_id}/two-factor/reset": ADMIN,
    "GET /admin/audit": ADMIN,
    "POST /admin/sandbox/reset": ADMIN,  # the team's shared sandbox data
    "GET /admin/tokens": ADMIN,  # every user's access tokens
    # Object-scoped.
    "GET /profiles/{profile_id}": OBJECT,
    "POST /profiles/{profile_id}": OBJECT,
    "POST /profiles/{profile_id}/delete": OBJECT,
    "POST /profiles/{profile_id}/share": OBJECT,
    "POST /profiles/{profile_id}/unshare": OBJECT,
    "POST /profiles/{profile_id}/test": OBJECT,
    "GET /history/{entry_id}": OBJECT,
    "POST /history/{entry_id}/resend": OBJECT,
    "POST /history/{entry_id}/delete": OBJECT,
    "POST /history/{entry_id}/share": OBJECT,
    "GET /history/{entry_id}/response.json": OBJECT,
    "GET /api/history/{entry_id}": OBJECT,
    "GET /history/{entry_id}/code/{lang}": OBJECT,
    "GET /history/{entry_id}/written": OBJECT,
    "POST /variables/{variable_id}/delete": OBJECT,
    "GET /saved/{saved_id}/code/{lang}": OBJECT,
    "POST /saved/{saved_id}/update": OBJECT,
    "POST /saved/{saved_id}/rename": OBJECT,
    "POST /saved/{saved_id}/delete": OBJECT,
    "POST /saved/{saved_id}/share": OBJECT,
    "GET /s/{code}": OBJECT,
    "POST /shares/{link_id}/revoke": OBJECT,
    "POST /account/tokens/{token_id}/revoke": OBJECT,
    "POST /saved/{saved_id}/expectations": OBJECT,
    "POST /saved/{saved_id}/check": OBJECT,
    # Collections: folders of saved requests. Creating one and importing a file make new
    # private objects of the user's own; the rest names a folder (or a request to move).
    "POST /saved/folders": USER,
    "POST /saved/import": USER,
    "POST /saved/folders/{folder_id}/rename": OBJECT,
    "POST /saved/folders/{folder_id}/delete": OBJECT,
    "GET /saved/folders/{folder_id}/export": OBJECT,
    "POST /saved/{saved_id}/move": OBJECT,  # its folder_id is object-scoped: test_collections
    # The JSON API (test_api_routes_take_a_token_and_refuse_visitors_and_browser_sessions).
    "POST /api/v1/send": BEARER,
    "GET /api/v1/history": BEARER,
    "GET /api/v1/history/{entry_id}": BEARER,
    "GET /api/v1/saved": BEARER,
    "POST /api/v1/saved/{saved_id}/run": BEARER,
    "GET /api/v1/profiles": BEARER,
    "GET /api/v1/fields": BEARER,
}

# The states an object of another user can be in, per kind. The first is the plain case.
VARIANTS: dict[str, tuple[str, ...]] = {
    "profile": ("private", "shared", "unknown"),
    "history": ("private", "unknown"),
    "saved": ("private", "team", "unknown"),
    "link": ("live", "revoked", "unknown"),
    "token": ("live", "revoked", "unknown"),
    "variable": ("private", "unknown"),
    "folder": ("private", "team", "unknown"),
}

# Documented exceptions: what a member may do with another member's object (README).
MEMBER_MAY = {
    ("POST /profiles/{profile_id}/test", "shared"),  # a shared profile is usable, not editable
    ("POST /saved/{saved_id}/share", "team"),  # a team saved request is visible to all
    ("GET /saved/{saved_id}/code/{lang}", "team"),  # so is its code
    ("GET /s/{code}", "live"),  # a live share link opens for any logged-in member
    ("POST /saved/{saved_id}/check", "team"),  # a team request may be checked by anyone
    ("GET /saved/folders/{folder_id}/export", "team"),  # a team folder is visible to all
}
# What an admin may do beyond that: share or unshare anyone's profile (but never edit, delete
# or read it), change a team saved request, revoke anyone's link.
ADMIN_MAY = MEMBER_MAY | {
    ("POST /profiles/{profile_id}/share", "private"),
    ("POST /profiles/{profile_id}/unshare", "private"),
    ("POST /profiles/{profile_id}/share", "shared"),
    ("POST /profiles/{profile_id}/unshare", "shared"),
    ("POST /saved/{saved_id}/update", "team"),
    ("POST /saved/{saved_id}/rename", "team"),
    ("POST /saved/{saved_id}/delete", "team"),
    ("POST /shares/{link_id}/revoke", "live"),
    ("POST /shares/{link_id}/revoke", "revoked"),
    ("POST /account/tokens/{token_id}/revoke", "live"),
    ("POST /account/tokens/{token_id}/revoke", "revoked"),
    ("POST /saved/{saved_id}/expectations", "team"),
    ("POST /saved/{saved_id}/move", "team"),  # out of its folder, as it may change the request
    ("POST /saved/folders/{folder_id}/rename", "team"),
    ("POST /saved/folders/{folder_id}/delete", "team"),
}
UNKNOWN_ID = 987654
UNKNOWN_CODE = "no-such-link-code-0123456789"


def _routes(access: Access) -> list[str]:
    """The table's routes of one class that a client can request (no mounts)."""
    return [r for r, a in ROUTES.items() if a is access and not r.startswith("MOUNT ")]


def _kind(route: str) -> str:
    """The kind of object an object-scoped route names."""
    [parameter] = path_parameters(route)
    return KIND_OF_PARAMETER[parameter]


@dataclass(frozen=True)
class Team:
    """An admin (ada), the owner of the objects (alice) and another member (bob)."""

    app: FastAPI
    admin: TestClient
    alice: TestClient
    bob: TestClient
    objects: Objects  # made by alice

    def own_profile(self, username: str) -> int:
        """A user's ready sandbox profile, for the forms they post."""
        return sandbox_profile(self.app, username)


@pytest.fixture
def team(admin_client: TestClient, make_client: MakeClient, app: FastAPI) -> Team:
    """Ada (admin), alice (member, owns the objects) and bob (member), all logged in."""
    alice = make_client("alice")
    return Team(app, admin_client, alice, make_client("bob"), Objects(app, alice, "alice"))


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A client with no session."""
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _ids(team: Team, route: str, variant: str = "") -> dict[str, int | str]:
    """Fresh objects of alice's (or her account) for a route's ids, in the given state."""
    if not path_parameters(route):
        return {}
    kind = _kind(route)
    make = team.objects
    variant = variant or VARIANTS.get(kind, ("",))[0]
    if variant == "unknown":
        return {p: UNKNOWN_CODE if p == "code" else UNKNOWN_ID for p in path_parameters(route)}
    if kind == "profile":
        return {"profile_id": make.profile(shared=variant == "shared")}
    if kind == "saved":
        return {"saved_id": make.saved(team=variant == "team")}
    if kind == "link":
        link_id, code = make.link(revoked=variant == "revoked")
        return {"link_id": link_id, "code": code}
    if kind == "token":
        return {"token_id": make.token(revoked=variant == "revoked")}
    if kind == "folder":
        return {"folder_id": make.folder(team=variant == "team")}
    return make.ids_for(route)


# ---------------------------------------------------------------------------------------------
# The table and the app agree.


# The routes of the other sign-in modes join the table too.
OIDC_MODE = {"auth_mode": "oidc", "oidc_issuer": "http://127.0.0.1:9", "oidc_client_id": "pg"}


def test_every_route_of_the_app_is_classified(app: FastAPI, settings: Settings) -> None:
    proxy_app = create_app(settings.model_copy(update={"auth_mode": "proxy"}))
    oidc_app = create_app(settings.model_copy(update=OIDC_MODE))
    served = app_routes(app) | app_routes(proxy_app) | app_routes(oidc_app)
    assert len(served) > 40  # the enumeration sees the routes of the included routers
    unlisted = sorted(served - set(ROUTES))
    assert unlisted == [], f"classify these routes in ROUTES: {unlisted}"


def test_the_table_lists_no_route_the_app_lacks(app: FastAPI, settings: Settings) -> None:
    proxy_app = create_app(settings.model_copy(update={"auth_mode": "proxy"}))
    oidc_app = create_app(settings.model_copy(update=OIDC_MODE))
    served = app_routes(app) | app_routes(proxy_app) | app_routes(oidc_app)
    stale = sorted(set(ROUTES) - served)
    assert stale == [], f"these routes are gone, remove them from ROUTES: {stale}"


def test_every_route_with_an_id_in_its_path_is_object_scoped_or_admin_only() -> None:
    for route, access in ROUTES.items():
        parameters = path_parameters(route)
        assert (access is OBJECT) <= bool(parameters), route
        if not parameters:
            continue
        assert access in (OBJECT, ADMIN, BEARER), f"{route} takes an id: classify it as {OBJECT}"
        for name in parameters:
            assert name in KIND_OF_PARAMETER, f"{route}: teach route_support what {name} names"
        if access is OBJECT:
            assert _kind(route) in VARIANTS, route


def test_a_snapshot_sees_a_changed_added_or_removed_row_in_its_table_only(team: Team) -> None:
    # "Changes nothing" in the matrices rests on the snapshot: one changed value, one new
    # row and one removed row must each show, and in their own table.
    saved_id = team.objects.saved()
    engine = team.app.state.playground.engine
    steps = {
        "user": "UPDATE \"user\" SET is_admin = NOT is_admin WHERE username = 'bob'",
        "audit_event": "INSERT INTO audit_event (at, username, kind, summary, address) "
        "SELECT at, username, kind, summary, address FROM audit_event LIMIT 1",
        "saved_request": f"DELETE FROM saved_request WHERE id = {saved_id:d}",  # noqa: S608
    }
    for table, statement in steps.items():
        before = snapshot(team.app)
        with engine.begin() as conn:
            assert conn.exec_driver_sql(statement).rowcount == 1
        assert changed_tables(before, snapshot(team.app)) == [table], statement


# ---------------------------------------------------------------------------------------------
# Logged out.


def test_public_routes_answer_without_a_login(
    anonymous: TestClient, admin_client: TestClient, settings: Settings, subtests: pytest.Subtests
) -> None:
    answers = {
        "GET /healthz": anonymous.get("/healthz"),
        "GET /readyz": anonymous.get("/readyz"),
        "GET /login": anonymous.get("/login"),
        "POST /login": anonymous.post("/login", data={"username": "ada", "password": "wrong!"}),
        "GET /login/code": anonymous.get("/login/code"),
        "POST /login/code": anonymous.post("/login/code", data={"code": "123456"}),
        "GET /language": anonymous.get("/language?lang=de&next=/login", follow_redirects=False),
        "GET /setup": anonymous.get("/setup"),
        "POST /setup": anonymous.post(
            "/setup", data={"username": "eve", "password": PASSWORD, "password_confirm": PASSWORD}
        ),
        "MOUNT /static": anonymous.get("/static/app.js"),
        "MOUNT /sandbox": anonymous.post("/sandbox/api/stable/api.php", json={}),
        "GET /api/v1/openapi.json": anonymous.get("/api/v1/openapi.json"),
    }
    for provider in oidc_support.serve_provider():
        mode = OIDC_MODE | {"oidc_issuer": provider.issuer}
        with TestClient(
            create_app(settings.model_copy(update=mode)), follow_redirects=False
        ) as oidc:
            answers["GET /oidc/login"] = oidc.get("/oidc/login")  # to the provider
            answers["GET /oidc/callback"] = oidc.get("/oidc/callback?state=forged&code=x")
    assert set(answers) == {r for r, a in ROUTES.items() if a is PUBLIC}
    for route, answer in answers.items():
        with subtests.test(route=route):
            assert answer.status_code < 500
            assert "/login?next=" not in answer.headers.get("location", "")
    assert answers["GET /login"].status_code == 200
    assert answers["GET /oidc/login"].status_code == 302
    assert answers["GET /oidc/callback"].status_code == 403  # not started in this browser
    assert answers["POST /login"].status_code == 401  # a wrong password, not a login wall
    assert answers["POST /login/code"].headers["location"] == "/login"  # no password yet
    assert answers["GET /language"].headers["location"] == "/login"
    # Once an account exists, the first-run page and form only lead to the login.
    assert answers["GET /setup"].headers["location"] == "/login"
    assert answers["POST /setup"].headers["location"] == "/login"
    assert "eve" not in admin_client.get("/admin/users").text


def test_every_other_route_sends_a_visitor_to_the_login_and_changes_nothing(
    team: Team, anonymous: TestClient, subtests: pytest.Subtests
) -> None:
    profile_id = team.own_profile("alice")
    for route, access in ROUTES.items():
        if access in (PUBLIC, BEARER, SCRAPER):  # these answer without a login page
            continue
        ids = _ids(team, route)
        with subtests.test(route=route):
            before = snapshot(team.app)
            answer = request(anonymous, route, ids, profile_id=profile_id)
            assert answer.status_code == 303
            assert answer.headers["location"].startswith("/login?next=")
            assert changed_tables(before, snapshot(team.app)) == []


# ---------------------------------------------------------------------------------------------
# Admin only.


def test_members_get_403_on_every_admin_route_and_nothing_changes(
    team: Team, subtests: pytest.Subtests
) -> None:
    admin_profile = team.own_profile("ada")
    for number, route in enumerate(_routes(ADMIN)):
        ids: dict[str, int | str] = {}
        if "{user_id}" in route:  # a fresh member as the target, for the admin's own try
            with Session(team.app.state.playground.engine) as db:
                accounts.create_user(
                    db, username=f"target{number}", password=PASSWORD, is_admin=False
                )
            ids = {"user_id": user_id(team.app, f"target{number}")}
        with subtests.test(route=route):
            before = snapshot(team.app)
            refused = request(team.bob, route, ids, profile_id=team.own_profile("bob"))
            assert refused.status_code == 403
            assert "Only administrators may do this." in refused.text
            assert changed_tables(before, snapshot(team.app)) == []
            # The same request is fine for an admin: the member was refused for being one.
            allowed = request(team.admin, route, ids, profile_id=admin_profile)
            assert allowed.status_code < 400, allowed.text


def test_an_admin_gets_404_for_an_account_that_does_not_exist(
    team: Team, subtests: pytest.Subtests
) -> None:
    for route in _routes(ADMIN):
        if "{user_id}" not in route:
            continue
        with subtests.test(route=route):
            before = snapshot(team.app)
            answer = request(
                team.admin, route, {"user_id": UNKNOWN_ID}, profile_id=team.own_profile("ada")
            )
            assert answer.status_code == 404
            assert changed_tables(before, snapshot(team.app)) == []


# ---------------------------------------------------------------------------------------------
# Object-scoped.


@pytest.mark.parametrize("viewer", ["member", "admin"])
def test_objects_of_another_user_answer_404_except_where_documented(
    team: Team, viewer: str, subtests: pytest.Subtests
) -> None:
    client, name, allowed = (
        (team.bob, "bob", MEMBER_MAY) if viewer == "member" else (team.admin, "ada", ADMIN_MAY)
    )
    for route in _routes(OBJECT):
        for variant in VARIANTS[_kind(route)]:
            ids = _ids(team, route, variant)
            with subtests.test(route=route, variant=variant):
                before = snapshot(team.app)
                answer = request(client, route, ids, profile_id=team.own_profile(name))
                if (route, variant) in allowed:
                    assert answer.status_code < 400, answer.text
                    continue
                assert answer.status_code == 404, answer.text
                assert "not yours" in answer.text
                assert changed_tables(before, snapshot(team.app)) == []


def test_the_owner_may_use_every_object_route(team: Team, subtests: pytest.Subtests) -> None:
    # The positive control of the matrix above: the same requests work for the owner, so
    # the 404s there come from who asked, not from a malformed request.
    for route in _routes(OBJECT):
        ids = _ids(team, route)
        with subtests.test(route=route):
            answer = request(team.alice, route, ids, profile_id=team.own_profile("alice"))
            assert answer.status_code < 400, answer.text


def test_a_revoked_or_unknown_link_is_gone_for_its_creator_too(team: Team) -> None:
    _, revoked = team.objects.link(revoked=True)
    for code in (revoked, UNKNOWN_CODE):
        assert team.alice.get(f"/s/{code}").status_code == 404
        assert team.alice.get("/", params={"share": code}).status_code == 404


def test_ids_in_queries_and_forms_are_scoped_like_ids_in_paths(team: Team) -> None:
    make, bob = team.objects, team.bob
    entry, private_saved, team_saved = make.entry(), make.saved(), make.saved(team=True)
    _, live = make.link()
    _, revoked = make.link(revoked=True)
    private_profile, shared_profile = make.profile(), make.profile(shared=True)
    before = snapshot(team.app)

    for query in ({"from": entry}, {"saved": private_saved}, {"share": revoked}):
        assert bob.get("/", params=query).status_code == 404, query
    assert bob.post("/send", data=send_form(private_profile, READ_ESTATE)).status_code == 404
    assert bob.post("/code/node", data=send_form(private_profile, READ_ESTATE)).status_code == 404
    xray_form = {"profile_id": str(private_profile), "body": "{}"}
    assert bob.post("/xray", data=xray_form).status_code == 404
    saved_form = send_form(private_profile, READ_ESTATE, name="Sneaky")
    assert bob.post("/saved", data=saved_form).status_code == 404
    assert changed_tables(before, snapshot(team.app)) == []

    own_saved = Objects(team.app, bob, "bob").saved()
    before = snapshot(team.app)
    update = send_form(private_profile, READ_ESTATE)
    assert bob.post(f"/saved/{own_saved}/update", data=update).status_code == 404
    assert changed_tables(before, snapshot(team.app)) == []

    # The documented exceptions: the team's saved request, a live link, a shared profile.
    assert bob.get("/", params={"saved": team_saved}).status_code == 200
    assert bob.get("/", params={"share": live}).status_code == 200
    sent = bob.post("/send", data=send_form(shared_profile, READ_ESTATE))
    assert sent.status_code == 303
    bob_entries = [e for e in rows(team.app, HistoryEntry) if e.profile_id == shared_profile]
    assert len(bob_entries) == 1 and bob_entries[0].user_id == user_id(team.app, "bob")
    kept = send_form(shared_profile, READ_ESTATE)
    assert bob.post(f"/saved/{own_saved}/update", data=kept).status_code == 303
    [saved] = [s for s in rows(team.app, SavedRequest) if s.id == own_saved]
    assert saved.profile_id == shared_profile
    assert bob.get(f"/history/{entry}").status_code == 404


# ---------------------------------------------------------------------------------------------
# The JSON API: a bearer token only; a browser session is no key to it.


def _api_call(
    client: TestClient, route: str, ids: dict[str, int | str], token: str, profile_id: int
) -> httpx.Response:
    """A valid request to an API route, with a token (or none, for "")."""
    method, path = fill(route, ids)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer: httpx.Response
    if route == "POST /api/v1/send":
        answer = client.post(path, json=send_body(profile_id, READ_ESTATES), headers=headers)
    elif method == "POST":
        answer = client.post(path, json={}, headers=headers)
    else:
        query = {"profile": str(profile_id)} if route == "GET /api/v1/fields" else {}
        answer = client.get(path, params=query, headers=headers)
    return answer


def test_api_routes_take_a_token_and_refuse_visitors_and_browser_sessions(
    team: Team, anonymous: TestClient, subtests: pytest.Subtests
) -> None:
    alice_token = make_token(team.app, "alice")
    bob_token = make_token(team.app, "bob")
    profile_id = team.own_profile("alice")
    for route in _routes(BEARER):
        ids = team.objects.ids_for(route)
        with subtests.test(route=route):
            before = snapshot(team.app)
            for client in (anonymous, team.alice):  # no token; her session with its CSRF token
                refused = _api_call(client, route, ids, "", profile_id)
                assert refused.status_code == 401, refused.text
                assert refused.headers["content-type"] == "application/problem+json"
            assert changed_tables(before, snapshot(team.app)) == []
            if ids:  # another member's token: alice's private objects are not there
                other = _api_call(team.bob, route, ids, bob_token, team.own_profile("bob"))
                assert other.status_code == 404, other.text
            allowed = _api_call(team.alice, route, ids, alice_token, profile_id)
            assert allowed.status_code < 400, allowed.text


def test_metrics_answer_their_scrapers_only_never_a_session(
    anonymous: TestClient, admin_client: TestClient
) -> None:
    # The test client's address ("testclient") is no allowed one and no token is set: a
    # visitor and a logged-in admin are refused alike (tests/http/test_metrics.py: the rest).
    assert anonymous.get("/metrics").status_code == 403
    assert admin_client.get("/metrics").status_code == 403
