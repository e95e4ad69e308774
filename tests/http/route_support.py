"""Helpers for the route matrices: the app's routes, a database snapshot and a team's objects."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlmodel import Session, SQLModel, col, select
from starlette.routing import Mount

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.store.models import AccessToken, Profile, SavedFolder, ShareLink, User, Variable
from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http.team_support import HX, READ_ESTATE, create_profile, send_form

CSRF_HEADER = "X-CSRF-Token"
LINK_RE = re.compile(r'value="http://testserver/s/([A-Za-z0-9_-]+)"')
# The object an id in a path names, by the name of the path parameter.
KIND_OF_PARAMETER = {
    "profile_id": "profile",
    "entry_id": "history",
    "saved_id": "saved",
    "link_id": "link",
    "code": "link",
    "user_id": "user",
    "token_id": "token",
    "variable_id": "variable",
    "folder_id": "folder",
}
PARAMETER_RE = re.compile(r"\{(\w+)\}")
# Path parameters that name no object, filled with a valid value (a language of the export).
FIXED_PARAMETERS = {"lang": "python"}
NEW_PASSWORD = "another horse battery"


def app_routes(app: FastAPI) -> set[str]:
    """Every route as "METHOD /path" (mounted apps as "MOUNT /path"), included routers too."""
    found: set[str] = set()
    for context in iter_route_contexts(app.routes):
        path = context.path or "?"
        if isinstance(context.original_route, Mount):
            mounted = context.original_route.app
            if isinstance(mounted, FastAPI):  # the JSON API: its own routes, under its prefix
                found |= {r.replace(" ", f" {path}", 1) for r in app_routes(mounted)}
                continue
            found.add(f"MOUNT {path}")
        elif context.methods:
            found |= {f"{method} {path}" for method in context.methods if method != "HEAD"}
        else:  # a websocket or some other kind of route: unlisted, so a test names it
            found.add(f"{type(context.original_route).__name__.upper()} {path}")
    return found


def path_parameters(route: str) -> list[str]:
    """The names of a route's id parameters ("POST /saved/{saved_id}/share": saved_id)."""
    return [name for name in PARAMETER_RE.findall(route) if name not in FIXED_PARAMETERS]


def fill(route: str, ids: Mapping[str, int | str]) -> tuple[str, str]:
    """A route's method and its path with the parameters replaced by `ids`."""
    method, path = route.split(" ", 1)
    values = FIXED_PARAMETERS | dict(ids)
    return method, PARAMETER_RE.sub(lambda m: str(values[m.group(1)]), path)


Snapshot = dict[str, str]


def _quoted(name: str) -> str:
    """A table or column name as SQL writes it (names come from the models, never input)."""
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def _snapshot_sql(dialect: str) -> str:
    """One statement that reads every table as one text: its rows in primary-key order.

    A statement per table made the snapshot most of a matrix test's time on PostgreSQL
    (two snapshots per request, a round trip per table).
    """
    parts = []
    for table in SQLModel.metadata.sorted_tables:
        name, keys = _quoted(table.name), [_quoted(c.name) for c in table.primary_key.columns]
        if dialect == "postgresql":  # a row as PostgreSQL prints it: every column, quoted
            order = ", ".join(f"snap_row.{k}" for k in keys)
            rows = f"string_agg(snap_row::text, chr(10) ORDER BY {order})"
            select = f"SELECT '{table.name}', coalesce({rows}, '') FROM {name} AS snap_row"  # noqa: S608
        else:  # SQLite: each value as an SQL literal; an ordered subquery keeps its order
            row = " || ',' || ".join(f"quote({_quoted(c.name)})" for c in table.columns)
            ordered = f"SELECT {row} AS r FROM {name} ORDER BY {', '.join(keys)}"  # noqa: S608
            text = f"(SELECT group_concat(r, char(10)) FROM ({ordered}))"  # noqa: S608
            select = f"SELECT '{table.name}', coalesce({text}, '')"
        parts.append(select)
    return " UNION ALL ".join(parts)


def snapshot(app: FastAPI) -> Snapshot:
    """Every row of every table, in primary-key order, to compare before and after a request."""
    engine = app.state.playground.engine
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(_snapshot_sql(engine.dialect.name)).all()
    return {str(table): str(text) for table, text in rows}


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    """The names of the tables whose rows differ."""
    return [name for name in before if before[name] != after.get(name)]


def form_for(route: str, *, profile_id: int) -> dict[str, Any]:
    """A valid form for a POST route, so that only authorization or CSRF can refuse it."""
    composer = send_form(profile_id, READ_ESTATE)
    flow = {"flow_step": [json.dumps([READ_ESTATE, READ_ESTATE])], "flow_stop": ["1"]}
    profile = {"name": "Matrix profile", "endpoint": "sandbox", "hmac_version": "2"}
    forms: dict[str, dict[str, Any]] = {
        "POST /login": {"username": "ada", "password": PASSWORD},
        "POST /setup": {"username": "eve", "password": PASSWORD, "password_confirm": PASSWORD},
        "POST /account/password": {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_confirm": NEW_PASSWORD,
        },
        "POST /send": composer,
        "POST /flows/steps": composer | {"op": "add"},
        "POST /flows/run": composer | flow,
        "POST /flows/save": composer | flow | {"flow_name": "Flow saved by the matrix"},
        "POST /flows/next": {"run_id": "1"},
        "POST /code/{lang}": composer,
        "POST /variables/check": composer,
        "POST /history/compare/send": composer | {"other_profile_id": str(profile_id)},
        "POST /history/compare/languages": composer | {"language_a": "DEU", "language_b": "ENG"},
        "POST /variables": {"name": "matrix_variable", "value": "42"},
        "POST /xray": {"profile_id": str(profile_id), "body": "{}"},
        "POST /profiles": profile | {"token": DEMO_TOKEN, "secret": DEMO_SECRET},
        "POST /profiles/{profile_id}": profile | {"name": "Renamed by the matrix"},
        "POST /saved": composer | {"name": "Saved by the matrix", "team": "1"},
        "POST /saved/{saved_id}/update": composer,
        "POST /saved/{saved_id}/rename": {"name": "Renamed by the matrix"},
        "POST /saved/folders": {"name": "Folder by the matrix", "team": "1"},
        "POST /saved/folders/{folder_id}/rename": {"name": "Folder renamed by the matrix"},
        "POST /account/tokens": {"name": "Matrix token", "expires": "30", "access": "read"},
        "POST /admin/users": {"username": "carol", "role": "member", "password": ""},
        "POST /admin/users/{user_id}/role": {"role": "admin"},
        "POST /admin/users/{user_id}/reset-password": {"password": ""},
        "POST /fields/refresh": {"profile": str(profile_id), "language": "ENG"},
        # English, so that the user's later pages keep the texts the tests look for.
        "POST /account/preferences": {"language": "en", "time_zone": "Europe/Vienna"},
        "POST /account/confirm": {"password": PASSWORD, "next": "/account"},
    }
    return forms.get(route, {})


def request(
    client: TestClient,
    route: str,
    ids: Mapping[str, int | str],
    *,
    profile_id: int,
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, Any] | None = None,
) -> httpx.Response:
    """Make the request a route describes, ids filled in, with a valid form for a POST."""
    method, path = fill(route, ids)
    answer: httpx.Response
    if method == "GET":
        answer = client.get(path, headers=dict(headers or {}))
    else:
        body = form_for(route, profile_id=profile_id) if data is None else dict(data)
        answer = client.post(path, data=body, headers=dict(headers or {}))
    return answer


@contextmanager
def without_csrf_header(client: TestClient) -> Iterator[None]:
    """Leave the client's CSRF header off for a moment (it is put back afterwards)."""
    token = client.headers.pop(CSRF_HEADER, None)
    try:
        yield
    finally:
        if token is not None:
            client.headers[CSRF_HEADER] = token


def user_id(app: FastAPI, username: str) -> int:
    """The id of an account."""
    with Session(app.state.playground.engine) as db:
        found = db.exec(select(User.id).where(User.username == username)).one()
    assert found is not None
    return found


def sandbox_profile(app: FastAPI, username: str) -> int:
    """The id of a user's ready "Sandbox" profile."""
    query = (
        select(Profile.id)
        .join(User, col(User.id) == Profile.owner_id)
        .where(User.username == username, Profile.name == "Sandbox")
    )
    with Session(app.state.playground.engine) as db:
        found = db.exec(query).one()
    assert found is not None
    return found


@dataclass
class Objects:
    """Makes fresh objects owned by one user: profiles, history entries, saved requests, links."""

    app: FastAPI
    client: TestClient
    username: str
    counter: list[int] = field(default_factory=lambda: [0])

    def _name(self, what: str) -> str:
        """A name not used before."""
        self.counter[0] += 1
        return f"{what} {self.counter[0]}"

    @property
    def own_profile(self) -> int:
        """The owner's ready sandbox profile."""
        return sandbox_profile(self.app, self.username)

    def profile(self, *, shared: bool = False, protected: bool = False) -> int:
        """A new sandbox profile, private unless `shared`."""
        name = self._name("Profile")
        profile_id = create_profile(
            self.client, self.app, name, token=DEMO_TOKEN, secret=DEMO_SECRET, protected=protected
        )
        if shared:
            assert self.client.post(f"/profiles/{profile_id}/share").status_code == 303
        return profile_id

    def entry(self) -> int:
        """A new history entry (a read sent with the owner's sandbox profile)."""
        response = self.client.post("/send", data=send_form(self.own_profile, READ_ESTATE))
        assert response.status_code == 303, response.text
        return int(response.headers["location"].rsplit("/", 1)[1])

    def saved(self, *, team: bool = False) -> int:
        """A new saved request, private unless `team`."""
        form = send_form(self.own_profile, READ_ESTATE, name=self._name("Saved"))
        response = self.client.post("/saved", data=form | ({"team": "1"} if team else {}))
        assert response.status_code == 303, response.text
        return int(response.headers["location"].rsplit("=", 1)[1])

    def link(self, *, revoked: bool = False) -> tuple[int, str]:
        """A new share link to a new history entry: its id and code."""
        response = self.client.post(f"/history/{self.entry()}/share", headers=HX)
        match = LINK_RE.search(response.text)
        assert match, response.text
        code = match.group(1)
        with Session(self.app.state.playground.engine) as db:
            link_id = db.exec(select(ShareLink.id).where(ShareLink.code == code)).one()
        assert link_id is not None
        if revoked:
            assert self.client.post(f"/shares/{link_id}/revoke").status_code == 303
        return link_id, code

    def token(self, *, revoked: bool = False) -> int:
        """A new access token of the owner's, made on the account page: its id."""
        form = {"name": self._name("Token"), "expires": "30", "access": "read"}
        assert self.client.post("/account/tokens", data=form).status_code == 200
        with Session(self.app.state.playground.engine) as db:
            query = select(AccessToken.id).where(AccessToken.name == form["name"])
            token_id = db.exec(query).one()
        assert token_id is not None
        if revoked:
            assert self.client.post(f"/account/tokens/{token_id}/revoke").status_code == 303
        return token_id

    def variable(self) -> int:
        """A new variable of the owner's own, made on the variables page: its id."""
        name = self._name("var").replace(" ", "_")
        form = {"name": name, "value": "42", "scope": "user"}
        assert self.client.post("/variables", data=form).status_code == 303
        owner = user_id(self.app, self.username)
        with Session(self.app.state.playground.engine) as db:
            query = select(Variable.id).where(Variable.name == name, Variable.owner_id == owner)
            variable_id = db.exec(query).one()
        assert variable_id is not None
        return variable_id

    def folder(self, *, team: bool = False) -> int:
        """A new folder of the owner's, private unless `team`, holding a new saved request."""
        name = self._name("Folder")
        form = {"name": name} | ({"team": "1"} if team else {})
        assert self.client.post("/saved/folders", data=form).status_code == 303
        with Session(self.app.state.playground.engine) as db:
            folder_id = db.exec(select(SavedFolder.id).where(SavedFolder.name == name)).one()
        assert folder_id is not None
        moved = self.client.post(
            f"/saved/{self.saved(team=team)}/move", data={"folder_id": folder_id}
        )
        assert moved.status_code == 303, moved.text
        return folder_id

    def ids_for(self, route: str) -> dict[str, int | str]:
        """Fresh objects for every path parameter of a route (users: the owner's account)."""
        ids: dict[str, int | str] = {}
        for name in path_parameters(route):
            kind = KIND_OF_PARAMETER[name]
            if kind == "profile":
                ids[name] = self.profile()
            elif kind == "history":
                ids[name] = self.entry()
            elif kind == "saved":
                ids[name] = self.saved()
            elif kind == "user":
                ids[name] = user_id(self.app, self.username)
            elif kind == "token":
                ids[name] = self.token()
            elif kind == "variable":
                ids[name] = self.variable()
            elif kind == "folder":
                ids[name] = self.folder()
            else:
                link_id, code = self.link()
                ids[name] = link_id if name == "link_id" else code
        return ids
