"""Saved requests: save, list, search, open, update, rename, delete; private or for the team."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from playground.store import profiles as profile_store
from playground.store import saved as saved_store
from playground.store.models import Profile, SavedRequest
from tests.client import TestClient
from tests.http.race_support import deleted_after_read
from tests.http.team_support import HX, READ_ESTATE, create_profile, picker_ids, rows, send_form

MakeClient = Callable[[str], TestClient]
GET_FIELDS = {"verb": "get", "resourcetype": "fields", "parameters": '{"modules": ["address"]}'}


def _sandbox_id(client: TestClient) -> int:
    return picker_ids(client)[0]


def _save(
    client: TestClient, name: str, *, team: bool = False, actions: tuple[dict[str, str], ...] = ()
) -> int:
    form = send_form(_sandbox_id(client), *(actions or (READ_ESTATE,)), name=name)
    if team:
        form["team"] = "1"
    response = client.post("/saved", data=form)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("=", 1)[1])


def _saved(app: FastAPI) -> list[SavedRequest]:
    return rows(app, SavedRequest)


def _listed(client: TestClient, query: str = "") -> list[int]:
    text = client.get("/saved" + query, headers=HX).text
    return [int(i) for i in re.findall(r'id="saved-row-(\d+)"', text)]


def test_saving_from_the_composer_stores_actions_and_profile(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = _sandbox_id(admin_client)
    form = send_form(pid, READ_ESTATE, GET_FIELDS, name="  Estates and fields ")
    response = admin_client.post("/saved", data=form, headers=HX)
    assert response.status_code == 200
    assert "Saved as “Estates and fields” (private)." in response.text
    [saved] = _saved(app)
    assert "HX-Request" in response.headers["Vary"].split(", ")
    assert f'hx-post="/saved/{saved.id}/update" hx-include="#composer"' in response.text
    assert saved.name == "Estates and fields" and not saved.team and saved.profile_id == pid
    stored = json.loads(saved.request_json)
    assert [(a["verb"], a["resourcetype"]) for a in stored] == [
        ("read", "estate"),
        ("get", "fields"),
    ]
    assert stored[0]["parameters"] == {"data": ["Id", "ort"], "listlimit": 3}
    assert "token" not in saved.request_json and "hmac" not in saved.request_json


def test_the_composer_has_a_save_form_that_posts_the_composer_fields(
    admin_client: TestClient,
) -> None:
    page = admin_client.get("/").text
    assert 'hx-post="/saved" hx-include="#composer"' in page
    assert 'name="team" value="1"' in page and 'id="saved-name" name="name"' in page
    assert 'data-testid="update-saved"' not in page


def test_opening_a_saved_request_fills_the_composer_and_offers_update(
    admin_client: TestClient,
) -> None:
    saved_id = _save(admin_client, "Two calls", actions=(READ_ESTATE, GET_FIELDS))
    page = admin_client.get(f"/?saved={saved_id}").text
    assert 'name="resourcetype" value="estate"' in page
    assert 'name="resourcetype" value="fields"' in page
    assert "&#34;address&#34;" in page
    assert f'<option value="{_sandbox_id(admin_client)}" selected ' in page
    assert "Opened from the saved request “Two calls”." in page
    assert 'data-testid="update-saved"' in page


def test_update_overwrites_with_the_current_composer_state(
    admin_client: TestClient, app: FastAPI
) -> None:
    saved_id = _save(admin_client, "Evolving")
    [before] = _saved(app)
    other = create_profile(admin_client, app, "Other")
    form = send_form(other, GET_FIELDS)
    response = admin_client.post(f"/saved/{saved_id}/update", data=form, headers=HX)
    assert response.status_code == 200 and "Updated “Evolving”." in response.text
    [after] = _saved(app)
    assert after.profile_id == other and after.name == "Evolving"
    assert json.loads(after.request_json)[0]["resourcetype"] == "fields"
    assert after.updated_at > before.updated_at
    plain = admin_client.post(f"/saved/{saved_id}/update", data=form)
    assert plain.status_code == 303 and plain.headers["location"] == f"/?saved={saved_id}"


def test_invalid_input_saves_nothing(admin_client: TestClient, app: FastAPI) -> None:
    pid = _sandbox_id(admin_client)
    no_name = admin_client.post("/saved", data=send_form(pid, READ_ESTATE, name=" "), headers=HX)
    assert no_name.status_code == 422 and "Give the saved request a name" in no_name.text
    broken = READ_ESTATE | {"parameters": '{"data": ['}
    bad_json = admin_client.post("/saved", data=send_form(pid, broken, name="x"), headers=HX)
    assert bad_json.status_code == 422 and "Nothing was saved" in bad_json.text
    assert 'hx-swap-oob="true"' in bad_json.text and "Invalid JSON" in bad_json.text
    plain = admin_client.post("/saved", data=send_form(pid, broken, name="x"))
    assert plain.status_code == 400
    assert _saved(app) == []


def test_a_private_saved_request_is_404_for_everyone_else(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    saved_id = _save(bob, "Bob's secret query")
    carol = make_client("carol")
    for client in (carol, admin_client):
        assert saved_id not in _listed(client)
        assert client.get(f"/?saved={saved_id}").status_code == 404
        pid = _sandbox_id(client)
        update = send_form(pid, GET_FIELDS)
        assert client.post(f"/saved/{saved_id}/update", data=update).status_code == 404
        assert client.post(f"/saved/{saved_id}/rename", data={"name": "x"}).status_code == 404
        assert client.post(f"/saved/{saved_id}/delete").status_code == 404
        assert client.post(f"/saved/{saved_id}/share").status_code == 404
    [saved] = _saved(app)
    assert saved.name == "Bob's secret query"
    assert json.loads(saved.request_json)[0]["resourcetype"] == "estate"


def test_a_team_request_is_visible_to_all_and_changeable_by_owner_and_admins(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    saved_id = _save(bob, "Team query", team=True)
    carol = make_client("carol")
    listing = carol.get("/saved").text
    row = listing.split(f'id="saved-row-{saved_id}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-testid="saved-owner">bob<' in row and 'data-testid="saved-visibility">team<' in row
    assert "/rename" not in row and "/delete" not in row
    # Carol may open it (bob's private sandbox profile is not hers to use) but not change it.
    page = carol.get(f"/?saved={saved_id}").text
    assert 'name="resourcetype" value="estate"' in page and "update-saved" not in page
    assert "not available to you" in row
    update = send_form(_sandbox_id(carol), GET_FIELDS)
    assert carol.post(f"/saved/{saved_id}/update", data=update).status_code == 404
    assert carol.post(f"/saved/{saved_id}/rename", data={"name": "x"}).status_code == 404
    assert carol.post(f"/saved/{saved_id}/delete").status_code == 404

    renamed = admin_client.post(f"/saved/{saved_id}/rename", data={"name": "Renamed"}, headers=HX)
    assert renamed.status_code == 200 and f'id="saved-row-{saved_id}"' in renamed.text
    refused = admin_client.post(
        f"/saved/{saved_id}/rename", data={"name": "Renamed", "visibility": "private"}
    )
    assert refused.status_code == 400
    update = send_form(_sandbox_id(admin_client), GET_FIELDS)
    assert admin_client.post(f"/saved/{saved_id}/update", data=update).status_code == 303
    [saved] = _saved(app)
    assert saved.name == "Renamed" and saved.team
    assert json.loads(saved.request_json)[0]["resourcetype"] == "fields"
    target = {"HX-Target": f"saved-row-{saved_id}"}
    deleted = admin_client.post(f"/saved/{saved_id}/delete", headers=HX | target)
    assert deleted.status_code == 200 and deleted.text == ""
    assert _saved(app) == []


def test_the_owner_renames_and_changes_visibility(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    saved_id = _save(admin_client, "Mine")
    bob = make_client("bob")
    assert saved_id not in _listed(bob)
    response = admin_client.post(
        f"/saved/{saved_id}/rename", data={"name": "Ours", "visibility": "team"}
    )
    assert response.status_code == 303
    [saved] = _saved(app)
    assert saved.name == "Ours" and saved.team
    assert saved_id in _listed(bob)
    empty = admin_client.post(f"/saved/{saved_id}/rename", data={"name": ""}, headers=HX)
    assert empty.status_code == 422 and "Give the saved request a name" in empty.text
    assert _saved(app)[0].name == "Ours"


def test_the_list_shows_mine_and_the_teams_and_searches_by_name(
    admin_client: TestClient, make_client: MakeClient
) -> None:
    mine = _save(admin_client, "Estates in Köln")
    bob = make_client("bob")
    team = _save(bob, "Addresses 100%", team=True)
    private = _save(bob, "Bob private")
    assert set(_listed(admin_client)) == {mine, team}
    assert set(_listed(bob)) == {team, private}
    assert _listed(admin_client, "?q=köln") == [mine]
    assert _listed(admin_client, "?q=100%25") == [team]
    assert _listed(admin_client, "?q=nothing") == []
    page = admin_client.get("/saved?q=Estates").text
    assert 'aria-current="page">Saved<' in page and 'value="Estates"' in page


def test_saving_with_someone_elses_private_profile_is_404(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    bobs = _sandbox_id(bob)
    form = send_form(bobs, READ_ESTATE, name="Sneaky")
    assert admin_client.post("/saved", data=form, headers=HX).status_code == 404
    assert _saved(app) == []


def test_saving_with_a_profile_deleted_meanwhile_is_404_and_saves_nothing(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = create_profile(admin_client, app, "Going")
    # The profile passes the check, then another request deletes it before the write.
    deleted_after_read(monkeypatch, app, profile_store, "get_usable_profile", (Profile, pid))
    form = send_form(pid, READ_ESTATE, name="Orphan")
    assert admin_client.post("/saved", data=form, headers=HX).status_code == 404
    assert _saved(app) == []


def test_renaming_a_saved_request_deleted_meanwhile_is_404_and_brings_nothing_back(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_id = _save(admin_client, "Going")
    deleted_after_read(monkeypatch, app, saved_store, "get_with_owner", (SavedRequest, saved_id))
    renamed = admin_client.post(f"/saved/{saved_id}/rename", data={"name": "Renamed"})
    assert renamed.status_code == 404
    assert _saved(app) == []


@pytest.mark.parametrize(
    "path", ["/saved", "/saved/{id}/update", "/saved/{id}/rename", "/saved/{id}/delete"]
)
def test_saved_request_mutations_need_the_csrf_token(
    admin_client: TestClient, app: FastAPI, path: str
) -> None:
    saved_id = _save(admin_client, "Guarded")
    del admin_client.headers["X-CSRF-Token"]
    form = send_form(_sandbox_id(admin_client), GET_FIELDS, name="Changed")
    assert admin_client.post(path.format(id=saved_id), data=form).status_code == 403
    [saved] = _saved(app)
    assert saved.name == "Guarded" and "estate" in saved.request_json
