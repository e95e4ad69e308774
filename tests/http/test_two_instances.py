"""Two app instances on one database behave as one: sessions and history are shared.

This is how several instances run behind one load balancer with one PostgreSQL; the
test runs on SQLite and, in `make test`, on PostgreSQL too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from playground.settings import Settings
from playground.web.app import create_app
from tests.client import TestClient

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HX = {"HX-Request": "true"}


@pytest.fixture
def instances(settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two separately built apps on the same settings: one database, one data directory."""
    first, second = create_app(settings), create_app(settings)
    assert first.state.playground.engine is not second.state.playground.engine
    with (
        TestClient(first, follow_redirects=False) as one,
        TestClient(second, follow_redirects=False) as two,
    ):
        yield one, two


def csrf_and_profile(client: TestClient) -> tuple[str, str]:
    """The page's CSRF token and the sandbox profile's id."""
    page = client.get("/").text
    csrf = CSRF_RE.search(page)
    profile = re.search(r'<option value="(\d+)"[^>]*>Sandbox ·', page)
    assert csrf and profile
    return csrf.group(1), profile.group(1)


def test_log_in_through_one_continue_through_the_other(
    instances: tuple[TestClient, TestClient],
) -> None:
    one, two = instances
    form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    assert one.post("/setup", data=form).status_code == 303
    two.cookies = one.cookies
    csrf_one, _ = csrf_and_profile(one)
    csrf_two, profile_id = csrf_and_profile(two)
    assert csrf_two == csrf_one
    send = {"profile_id": profile_id, "verb": "read", "resourcetype": "estate"}
    send |= {"resourceid": "", "identifier": ""}
    send |= {"parameters": json.dumps({"data": ["Id", "ort"], "listlimit": 3})}
    sent = two.post("/send", data=send, headers=HX | {"X-CSRF-Token": csrf_two})
    assert sent.status_code == 200 and '<th scope="col">ort</th>' in sent.text
    [entry] = one.get("/api/history").json()["entries"]
    assert entry["ok"] and entry["profile_name"] == "Sandbox"
    assert one.get(f"/history/{entry['id']}").status_code == 200
    assert two.post("/logout", headers={"X-CSRF-Token": csrf_two}).status_code == 303
    refused = one.get("/history")
    assert refused.status_code == 303
    assert refused.headers["location"] == "/login?next=%2Fhistory"


def test_a_password_login_on_one_is_known_to_the_other(
    instances: tuple[TestClient, TestClient],
) -> None:
    one, two = instances
    form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
    one.post("/setup", data=form)
    one.cookies.clear()
    assert one.post("/login", data={"username": "ada", "password": PASSWORD}).status_code == 303
    two.cookies = one.cookies
    assert two.get("/history").status_code == 200
    assert two.get("/setup").headers["location"] == "/login"
