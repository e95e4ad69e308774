"""Hostile values in every parameter of every route answer 4xx with a reason, never 5xx.

The routes come from the app itself (as in the authorization matrix); their path, query and
form parameters from FastAPI's description of each route. Each parameter in turn gets every
value of `HOSTILE` while the others stay valid, as the admin, who may use every route.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from tests.client import TestClient
from tests.http.route_support import Objects, fill, form_for, path_parameters
from tests.http.team_support import HX, READ_ESTATE, send_form

HUGE_ID = "99999999999999999999999"
HOSTILE = [
    HUGE_ID,
    "-1",
    "0",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "1\x00",
    "a\x00b",
    "9999-12-31",
    "0001-01-01",
    "x" * 5000,
]
DEEP = "[" * 100_000 + "]" * 100_000
LONG_NUMBER = '{"listlimit": ' + "9" * 5000 + "}"
SURROGATE = '{"data": ["\\ud800"]}'


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Hostile logins must not wait for the throttle or lock the admin out."""
    return {"login_delay_seconds": 0, "login_max_failures": 100_000}


def _api_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """Every "METHOD /path" the app serves with a handler of its own (mounts: own tests)."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and context.path and context.methods:
            found += [(f"{m} {context.path}", route) for m in sorted(context.methods - {"HEAD"})]
    return found


def _parameters(route: APIRoute) -> tuple[list[str], list[str]]:
    """A route's query and form field names, sub-dependencies included."""
    queries: list[str] = []
    fields: list[str] = []
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        queries += [p.alias for p in dependant.query_params if p.alias not in queries]
        fields += [p.alias for p in dependant.body_params if p.alias not in fields]
        pending += dependant.dependencies
    return queries, fields


def _check(answer: httpx.Response, what: str) -> None:
    """No 5xx (the tests below check the wording of the refusals)."""
    assert answer.status_code < 500, f"{what}: {answer.status_code}\n{answer.text[:2000]}"


def _hostile_paths(client: TestClient, objects: Objects, name: str, profile_id: int) -> int:
    """Each path parameter of a route gets each hostile value; how many requests were made."""
    made = 0
    for parameter in path_parameters(name):
        ids = objects.ids_for(name)
        for value in HOSTILE:
            method, path = fill(name, ids | {parameter: quote(value, safe="")})
            form = form_for(name, profile_id=profile_id)
            _check(client.request(method, path, data=form), f"{name} {parameter}={value[:9]!r}")
            made += 1
    return made


def _hostile_fields(
    client: TestClient, objects: Objects, name: str, route: APIRoute, profile_id: int
) -> int:
    """Each query and form field of a route gets each hostile value; how many requests."""
    queries, fields = _parameters(route)
    made = 0
    for parameter in queries + fields:
        method, path = fill(name, objects.ids_for(name))
        for value in HOSTILE:
            if parameter in queries:
                answer = client.request(method, path, params={parameter: value})
            else:
                form = form_for(name, profile_id=profile_id) | {parameter: value}
                answer = client.request(method, path, data=form)
            _check(answer, f"{name} {parameter}={value[:9]!r}")
            made += 1
    return made


# The routes are shared out over a few tests so that parallel workers split the work.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_hostile_values_in_every_parameter_never_give_5xx(
    app: FastAPI, admin_client: TestClient, shard: int
) -> None:
    objects = Objects(app, admin_client, "ada")
    profile_id = objects.own_profile
    visitor = TestClient(app, follow_redirects=False)
    made = 0
    for name, route in _api_routes(app)[shard::SHARDS]:
        if name == "POST /logout":
            continue  # no parameters, and it would end the session the test uses
        # A login or first run would replace the admin's session: a visitor sends those.
        client = visitor if name in ("POST /login", "POST /setup") else admin_client
        made += _hostile_paths(client, objects, name, profile_id)
        made += _hostile_fields(client, objects, name, route, profile_id)
    assert made > 300 // SHARDS


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/history/{HUGE_ID}", "entry_id: not an id"),
        (f"/api/history/{HUGE_ID}", "entry_id: not an id"),
        (f"/profiles/{HUGE_ID}", "profile_id: not an id"),
        (f"/?from={HUGE_ID}", "from: not an id"),
        (f"/?saved={HUGE_ID}", "saved: not an id"),
        (f"/history?before={HUGE_ID}", "before: not an id"),
        (f"/history?profile={HUGE_ID}", "profile: not an id"),
        ("/history?profile=%C2%B2", "profile: not an id"),
        ("/admin/audit?to=9999-12-31", "Use a date from 1970-01-01 to 9998-12-31."),
        (f"/admin/audit?before={HUGE_ID}", "before: not an id"),
    ],
)
def test_the_reported_values_are_refused_with_a_reason(
    admin_client: TestClient, path: str, expected: str
) -> None:
    answer = admin_client.get(path)
    assert answer.status_code == 422
    assert expected in answer.text


@pytest.mark.parametrize("path", ["/history?q=a%00b", "/api/history?q=a%00b", "/s/a%00b"])
def test_a_nul_character_is_refused_before_any_query(admin_client: TestClient, path: str) -> None:
    answer = admin_client.get(path)
    assert answer.status_code == 400
    assert "contains a NUL character" in answer.text


def test_a_nul_character_in_a_form_is_refused_and_nothing_is_saved(
    app: FastAPI, admin_client: TestClient
) -> None:
    form = {"name": "Null\x00profile", "endpoint": "sandbox", "token": "t" * 32, "secret": "s"}
    answer = admin_client.post("/profiles", data=form)
    assert answer.status_code == 400
    assert "contains a NUL character" in answer.text
    assert "Null" not in admin_client.get("/profiles").text


@pytest.mark.parametrize(
    "path",
    [
        f"/history/{HUGE_ID}/delete",
        f"/history/{HUGE_ID}/share",
        f"/profiles/{HUGE_ID}/test",
        f"/profiles/{HUGE_ID}/delete",
        f"/saved/{HUGE_ID}/rename",
        f"/saved/{HUGE_ID}/delete",
        f"/shares/{HUGE_ID}/revoke",
        f"/admin/users/{HUGE_ID}/role",
    ],
)
def test_huge_ids_in_posts_are_refused_with_a_reason(admin_client: TestClient, path: str) -> None:
    answer = admin_client.post(path, data={"name": "x", "role": "admin"})
    assert answer.status_code == 422
    assert "not an id" in answer.text


@pytest.mark.parametrize("route", ["/send", "/saved"])
def test_huge_profile_id_in_a_form_is_refused(
    app: FastAPI, admin_client: TestClient, route: str
) -> None:
    form = send_form(1, READ_ESTATE, name="Huge") | {"profile_id": HUGE_ID}
    answer = admin_client.post(route, data=form)
    assert answer.status_code == 422
    assert "profile_id: not an id" in answer.text


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        (DEEP, "nested more than 64 levels deep"),
        (LONG_NUMBER, "A number has more than 100 digits."),
        (SURROGATE, "unpaired surrogate"),
        ('{"listlimit": 1e999}', "is too large"),
        ('{"listlimit": NaN}', "NaN is not a JSON value."),
        # Longer than a collection file may hold: such a request could not come back.
        ('{"filter": {"' + "x" * 1001 + '": []}}', "name is longer than 1000 characters"),
    ],
)
@pytest.mark.parametrize("route", ["/send", "/saved"])
def test_unsendable_parameters_are_flagged_at_the_field(
    app: FastAPI, admin_client: TestClient, route: str, parameters: str, expected: str
) -> None:
    profile_id = Objects(app, admin_client, "ada").own_profile
    action = READ_ESTATE | {"parameters": parameters}
    form = send_form(profile_id, action, name="Hostile")
    for headers in ({}, HX):
        answer = admin_client.post(route, data=form, headers=headers)
        assert answer.status_code in (400, 422), answer.text[:500]  # a plain /saved form: 400
        assert expected in answer.text
    assert json.loads(admin_client.get("/api/history").text)["entries"] == []


def test_a_control_character_in_a_resourcetype_is_refused(
    app: FastAPI, admin_client: TestClient
) -> None:
    profile_id = Objects(app, admin_client, "ada").own_profile
    form = send_form(profile_id, READ_ESTATE | {"resourcetype": "estate\x1b[2J"})
    answer = admin_client.post("/send", data=form)
    assert answer.status_code == 422
    assert "contains a control character" in answer.text
