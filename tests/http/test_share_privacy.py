"""A share link never shows more than its creator may see now; owners control links to theirs."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from sqlmodel import Session, select

from playground.store.models import ShareLink
from tests.client import TestClient
from tests.http.route_support import user_id
from tests.http.team_support import HX, READ_ESTATE, send_form

MakeClient = Callable[[str], TestClient]
URL_RE = re.compile(r'value="http://testserver/s/([\w-]+)"')
SECRET_FILTER = "confidential@example.com"


def _team_request(alice: TestClient, app: FastAPI) -> int:
    """Alice saves a team request and returns its id."""
    form = send_form(0, READ_ESTATE, name="Team query") | {"team": "1"}
    form.pop("profile_id")
    answer = alice.post("/saved", data=form)
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("=", 1)[1])


def _link(client: TestClient, app: FastAPI, saved_id: int) -> tuple[int, str]:
    """A new link to a saved request: its id and code."""
    answer = client.post(f"/saved/{saved_id}/share", headers=HX)
    match = URL_RE.search(answer.text)
    assert match, answer.text
    with Session(app.state.playground.engine) as db:
        link_id = db.exec(select(ShareLink.id).where(ShareLink.code == match.group(1))).one()
    assert link_id is not None
    return link_id, match.group(1)


def _make_private_with_a_secret_filter(alice: TestClient, saved_id: int) -> None:
    """Alice turns the request private and adds a filter on a confidential address."""
    answer = alice.post(
        f"/saved/{saved_id}/rename", data={"name": "Team query", "visibility": "private"}
    )
    assert answer.status_code == 303
    parameters = '{"data": ["Id"], "filter": {"email": [{"op": "=", "val": "%s"}]}}'
    action = READ_ESTATE | {"parameters": parameters % SECRET_FILTER}
    form = send_form(0, action)
    form.pop("profile_id")
    assert alice.post(f"/saved/{saved_id}/update", data=form).status_code == 303


def test_a_link_by_another_member_dies_when_the_owner_makes_the_request_private(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    alice, bob, carol = make_client("alice"), make_client("bob"), make_client("carol")
    saved_id = _team_request(alice, app)
    _, code = _link(bob, app, saved_id)
    assert carol.get(f"/s/{code}").status_code == 200

    _make_private_with_a_secret_filter(alice, saved_id)

    for client in (bob, carol, admin_client, alice):
        for path in (f"/s/{code}", f"/?share={code}"):
            answer = client.get(path)
            assert answer.status_code == 404, path
            assert SECRET_FILTER not in answer.text
    assert 'data-testid="share-status">unavailable<' in bob.get("/shares").text


def test_the_owner_sees_and_revokes_every_link_to_what_they_own(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    alice, bob, carol = make_client("alice"), make_client("bob"), make_client("carol")
    saved_id = _team_request(alice, app)
    link_id, code = _link(bob, app, saved_id)

    mine = alice.get("/shares").text
    assert f"/s/{code}" in mine and "bob" in mine
    assert f'action="/shares/{link_id}/revoke"' in mine
    assert carol.post(f"/shares/{link_id}/revoke").status_code == 404  # not hers
    assert f"/s/{code}" not in carol.get("/shares").text

    answer = alice.post(f"/shares/{link_id}/revoke", headers=HX | {"HX-Target": "share-row"})
    assert answer.status_code == 200
    assert 'data-testid="share-status">revoked<' in answer.text
    assert bob.get(f"/s/{code}").status_code == 404


def test_a_link_by_a_disabled_creator_stops_working(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    saved_id = _team_request(alice, app)
    _, code = _link(bob, app, saved_id)
    assert alice.get(f"/s/{code}").status_code == 200
    bob_id = user_id(app, "bob")
    assert admin_client.post(f"/admin/users/{bob_id}/disable").status_code == 303
    assert alice.get(f"/s/{code}").status_code == 404
    assert admin_client.post(f"/admin/users/{bob_id}/enable").status_code == 303
    assert alice.get(f"/s/{code}").status_code == 200
