"""Collections: folders of saved requests, moving requests between them, who may do what, search."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI

from playground.store import folders as folder_store
from playground.store.models import SavedFolder, SavedRequest
from tests.client import TestClient
from tests.http.collection_support import GET_FIELDS, make_folder, make_saved, move, sections
from tests.http.race_support import deleted_after_read
from tests.http.route_support import changed_tables, snapshot
from tests.http.team_support import HX, READ_ESTATE, rows

MakeClient = Callable[[str], TestClient]


def _folder_of(app: FastAPI, saved_id: int) -> int | None:
    [saved] = [s for s in rows(app, SavedRequest) if s.id == saved_id]
    folder_id: int | None = saved.folder_id
    return folder_id


def test_folders_are_made_filled_renamed_and_deleted_keeping_their_requests(
    admin_client: TestClient, app: FastAPI
) -> None:
    estates = make_saved(admin_client, app, "ada", "Estates")
    fields = make_saved(admin_client, app, "ada", "Fields", actions=(GET_FIELDS,))
    folder = make_folder(admin_client, app, "  Customer A ")
    assert sections(admin_client) == {"Customer A": [], "unfiled": [estates, fields]}

    # A plain form gets a 303 back to the list; htmx gets the new list at once.
    assert move(admin_client, estates, folder).headers["location"] == "/saved"
    answer = move(admin_client, fields, folder, headers=HX)
    assert answer.status_code == 200 and 'data-testid="folder-name">Customer A<' in answer.text
    assert sections(admin_client) == {"Customer A": [estates, fields]}
    page = admin_client.get("/saved").text  # the row's select names the folder it is in
    assert f'<option value="{folder}" selected>Customer A</option>' in page

    renamed = admin_client.post(
        f"/saved/folders/{folder}/rename", data={"name": "Kunde A"}, headers=HX
    )
    assert renamed.status_code == 200 and "Kunde A" in renamed.text
    assert move(admin_client, fields, None).status_code == 303  # back to unfiled
    described = {"name": "Fields", "description": "Alle Felder"}
    row = admin_client.post(f"/saved/{fields}/rename", data=described, headers=HX).text
    assert 'data-testid="saved-description">Alle Felder<' in row
    assert f'<option value="{folder}" >Kunde A</option>' in row  # "Move to" stays in the row
    assert sections(admin_client) == {"Kunde A": [estates], "unfiled": [fields]}

    asked = admin_client.post(f"/saved/folders/{folder}/delete", data={"ask": "1"})
    assert "Delete the folder “Kunde A”? Its requests are kept, unfiled." in asked.text
    assert admin_client.post(f"/saved/folders/{folder}/delete").status_code == 303
    assert rows(app, SavedFolder) == []
    assert sections(admin_client) == {"unfiled": [estates, fields]}
    assert _folder_of(app, estates) is None


def test_a_folder_needs_a_name_and_a_refusal_changes_nothing(
    admin_client: TestClient, app: FastAPI
) -> None:
    before = snapshot(app)
    answer = admin_client.post("/saved/folders", data={"name": "   "}, headers=HX)
    assert answer.status_code == 422
    assert "Give the folder a name of 1 to 120 characters." in answer.text
    assert admin_client.post("/saved/folders", data={"name": "x" * 121}).status_code == 400
    assert changed_tables(before, snapshot(app)) == []


def test_a_private_folder_is_its_owners_alone(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    hidden = make_folder(alice, app, "Alice private")
    filed = make_saved(alice, app, "alice", "Alice team request", team=True)
    assert move(alice, filed, hidden).status_code == 303
    bobs = make_saved(bob, app, "bob", "Bob's")
    before = snapshot(app)

    for client in (bob, admin_client):
        listed = sections(client)
        assert "Alice private" not in listed
        assert filed in listed["unfiled"]  # her team request is seen, its private folder not
        assert client.get(f"/saved/folders/{hidden}/export").status_code == 404
        assert client.post(f"/saved/folders/{hidden}/rename", data={"name": "x"}).status_code == 404
        assert client.post(f"/saved/folders/{hidden}/delete").status_code == 404
    assert move(bob, bobs, hidden).status_code == 404
    assert move(bob, filed, None).status_code == 404  # not his request to move
    assert changed_tables(before, snapshot(app)) == []


def test_team_folders_are_seen_by_all_and_changed_by_owner_and_admins(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    shelf = make_folder(alice, app, "Team shelf", team=True)
    shared = make_saved(alice, app, "alice", "Shared estates", team=True)
    assert move(alice, shared, shelf).status_code == 303
    bobs = make_saved(bob, app, "bob", "Bob team", team=True)
    assert bob.get(f"/saved/folders/{shelf}/export").status_code == 200
    before = snapshot(app)

    assert sections(bob)["Team shelf"] == [shared]
    assert f'action="/saved/folders/{shelf}/rename"' not in bob.get("/saved").text
    assert bob.post(f"/saved/folders/{shelf}/rename", data={"name": "Mine"}).status_code == 404
    assert bob.post(f"/saved/folders/{shelf}/delete").status_code == 404
    assert move(bob, bobs, shelf).status_code == 404  # filing changes the folder
    assert changed_tables(before, snapshot(app)) == []

    # An admin may change the team's folder, but not who sees it; only alice may.
    renamed = admin_client.post(
        f"/saved/folders/{shelf}/rename", data={"name": "Shelf", "visibility": "private"}
    )
    assert (
        renamed.status_code == 400
        and "Only the owner can change who sees a folder." in renamed.text
    )
    assert (
        admin_client.post(f"/saved/folders/{shelf}/rename", data={"name": "Shelf"}).status_code
        == 303
    )
    assert move(admin_client, bobs, shelf).status_code == 303
    assert sections(bob)["Shelf"] == [bobs, shared]


def test_a_private_request_goes_into_a_colleagues_team_folder_only_once_shared(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    alice = make_client("alice")
    shelf = make_folder(alice, app, "Alice team shelf", team=True)
    mine = make_saved(admin_client, app, "ada", "Ada private")
    refused = move(admin_client, mine, shelf, headers=HX)
    assert refused.status_code == 422
    assert "Share the request with the team before filing it" in refused.text
    assert _folder_of(app, mine) is None
    shared = {"name": "Ada private", "visibility": "team"}
    assert admin_client.post(f"/saved/{mine}/rename", data=shared).status_code == 303
    assert move(admin_client, mine, shelf).status_code == 303
    # Her own private request may sit in her own team folder; the others do not see it.
    own = make_saved(alice, app, "alice", "Alice draft")
    assert move(alice, own, shelf).status_code == 303
    assert sections(admin_client)["Alice team shelf"] == [mine]
    assert sections(alice)["Alice team shelf"] == [mine, own]  # by name


def test_search_finds_names_descriptions_and_calls_in_any_case(
    admin_client: TestClient, app: FastAPI
) -> None:
    estates = make_saved(admin_client, app, "ada", "Monthly report")
    fields = make_saved(admin_client, app, "ada", "Catalogue", actions=(GET_FIELDS,))
    address = {"verb": "read", "resourcetype": "address", "resourceid": "4711"}
    person = make_saved(admin_client, app, "ada", "One person", actions=(address,))
    described = {"name": "Catalogue", "description": "Für die Übergabe an Kunde Müller"}
    assert admin_client.post(f"/saved/{fields}/rename", data=described).status_code == 303
    folder = make_folder(admin_client, app, "Reports")
    assert move(admin_client, estates, folder).status_code == 303

    def found(text: str) -> list[int]:
        listed = sections(admin_client, "?q=" + text)
        return sorted(i for ids in listed.values() for i in ids)

    assert found("MONTHLY") == [estates]  # the name
    assert found("übergabe") == [fields]  # the description
    assert found("Estate") == [estates]  # a resource type
    assert found("FIELDS") == [fields]
    assert found("4711") == [person]  # a resource id
    assert found("get") == [fields]  # the verb
    assert found("listlimit") == []  # a parameter is no call
    assert found("address") == [person]  # Catalogue's "address" is only a parameter
    assert sections(admin_client, "?q=Monthly") == {"Reports": [estates]}  # folders with a hit
    page = admin_client.get("/saved?q=nothing-like-it").text
    assert "No saved request matches “nothing-like-it”." in page


def test_saved_requests_in_the_json_api_name_their_folder(
    admin_client: TestClient, app: FastAPI
) -> None:
    from tests.http.token_support import make_token

    filed = make_saved(admin_client, app, "ada", "Filed")
    loose = make_saved(admin_client, app, "ada", "Loose", actions=(READ_ESTATE,))
    folder = make_folder(admin_client, app, "API folder")
    assert move(admin_client, filed, folder).status_code == 303
    token = make_token(app, "ada")
    listed = admin_client.get("/api/v1/saved", headers={"Authorization": f"Bearer {token}"})
    by_id = {item["id"]: item for item in listed.json()}
    assert by_id[filed]["folder"] == {"id": folder, "name": "API folder"}
    assert by_id[loose]["folder"] is None


def test_moving_into_a_folder_deleted_meanwhile_is_404_and_leaves_the_request(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_id = make_saved(admin_client, app, "ada", "Filed")
    kept, going = make_folder(admin_client, app, "Kept"), make_folder(admin_client, app, "Going")
    assert move(admin_client, saved_id, kept).status_code == 303
    # The folder passes the checks, then another request deletes it before the write.
    deleted_after_read(monkeypatch, app, folder_store, "get", (SavedFolder, going))
    assert move(admin_client, saved_id, going).status_code == 404
    assert _folder_of(app, saved_id) == kept
    assert [f.id for f in rows(app, SavedFolder)] == [kept]


def test_renaming_a_folder_deleted_meanwhile_is_404_and_brings_nothing_back(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(admin_client, app, "Going")
    deleted_after_read(monkeypatch, app, folder_store, "get", (SavedFolder, folder))
    renamed = admin_client.post(f"/saved/folders/{folder}/rename", data={"name": "Renamed"})
    assert renamed.status_code == 404
    assert rows(app, SavedFolder) == []
