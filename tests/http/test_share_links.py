"""Share links: a recipe (and a history entry's answer) for the team, never credentials."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from playground.store import history as history_store
from playground.store import saved as saved_store
from playground.store import shares as share_store
from playground.store.models import HistoryEntry, SavedRequest, ShareLink
from tests.client import TestClient
from tests.http.race_support import deleted_after_read
from tests.http.team_support import (
    HX,
    PLANTED_SECRET,
    PLANTED_TOKEN,
    READ_ESTATE,
    events,
    picker_ids,
    rows,
    send_form,
)

MakeClient = Callable[[str], TestClient]
URL_RE = re.compile(r'value="http://testserver/s/([A-Za-z0-9_-]+)"')


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Every user's ready sandbox profile holds the planted credentials."""
    return {"sandbox_token": PLANTED_TOKEN, "sandbox_secret": PLANTED_SECRET}


def _send(client: TestClient) -> int:
    response = client.post("/send", data=send_form(picker_ids(client)[0], READ_ESTATE))
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def _share_entry(client: TestClient, entry_id: int) -> str:
    response = client.post(f"/history/{entry_id}/share", headers=HX)
    assert response.status_code == 200, response.text
    match = URL_RE.search(response.text)
    assert match, response.text
    return match.group(1)


def _save(client: TestClient, name: str, *, team: bool = False) -> int:
    form = send_form(picker_ids(client)[0], READ_ESTATE, name=name)
    response = client.post("/saved", data=form | ({"team": "1"} if team else {}))
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("=", 1)[1])


def _links(app: FastAPI) -> list[ShareLink]:
    return rows(app, ShareLink)


def _assert_clean(text: str) -> None:
    assert PLANTED_TOKEN not in text and PLANTED_SECRET not in text
    if 'data-testid="request-json">' in text:
        recipe = text.split('data-testid="request-json">', 1)[1].split("</pre>", 1)[0]
        for key in ("hmac", "token", "timestamp", "secret"):
            assert key not in recipe.lower()


def test_a_history_link_opens_for_another_member_with_request_and_answer(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    entry_id = _send(admin_client)
    assert 'data-testid="share-history"' in admin_client.get(f"/history/{entry_id}").text
    code = _share_entry(admin_client, entry_id)
    [link] = _links(app)
    assert link.code == code and len(code) >= 22
    assert link.history_id == entry_id and link.saved_id is None and link.revoked_at is None
    bob = make_client("bob")
    page = bob.get(f"/s/{code}")
    assert page.status_code == 200
    assert f"History entry #{entry_id} · read estate" in page.text
    assert "shared by ada" in page.text
    assert "&#34;listlimit&#34;: 3" in page.text  # the recipe
    assert '<th scope="col">ort</th>' in page.text  # the answer, as a table
    assert f'href="/history/{entry_id}"' not in page.text  # no way into ada's history
    assert f'href="/?share={code}"' in page.text
    _assert_clean(page.text)
    assert bob.get(f"/history/{entry_id}").status_code == 404


def test_open_in_composer_copies_the_recipe_for_the_viewers_own_profiles(
    admin_client: TestClient, make_client: MakeClient
) -> None:
    code = _share_entry(admin_client, _send(admin_client))
    bob = make_client("bob")
    page = bob.get(f"/?share={code}").text
    assert 'name="resourcetype" value="estate"' in page and "&#34;ort&#34;" in page
    assert "Opened from a link shared by ada" in page
    picker = page.split('<select id="profile_id"', 1)[1].split("</select>", 1)[0]
    assert picker_ids(bob) == [int(i) for i in re.findall(r'<option value="(\d+)"', picker)]
    assert not set(picker_ids(bob)) & set(picker_ids(admin_client))
    _assert_clean(page)
    response = bob.post("/send", data=send_form(picker_ids(bob)[0], READ_ESTATE), headers=HX)
    assert response.status_code == 200


def test_a_saved_request_link_shows_the_recipe_even_of_a_private_request(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    saved_id = _save(bob, "Bob's private query")
    response = bob.post(f"/saved/{saved_id}/share", headers=HX)
    assert response.status_code == 200
    code_match = URL_RE.search(response.text)
    assert code_match
    code = code_match.group(1)
    [link] = _links(app)
    assert link.saved_id == saved_id and link.history_id is None
    carol = make_client("carol")
    page = carol.get(f"/s/{code}").text
    assert "Saved request “Bob&#39;s private query”" in page
    assert "A saved request carries no answer" in page
    _assert_clean(page)
    assert carol.get(f"/?saved={saved_id}").status_code == 404
    assert 'name="resourcetype" value="estate"' in carol.get(f"/?share={code}").text
    assert 'data-testid="share-saved"' in bob.get("/saved").text


def test_revoking_makes_the_link_answer_404(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    code = _share_entry(admin_client, _send(admin_client))
    [link] = _links(app)
    bob = make_client("bob")
    assert bob.get(f"/s/{code}").status_code == 200
    target = {"HX-Target": f"share-row-{link.id}"}
    response = admin_client.post(f"/shares/{link.id}/revoke", headers=HX | target)
    assert response.status_code == 200 and 'data-testid="share-status">revoked<' in response.text
    assert _links(app)[0].revoked_at is not None
    for client in (bob, admin_client):
        assert client.get(f"/s/{code}").status_code == 404
        assert client.get(f"/?share={code}").status_code == 404
    assert admin_client.post(f"/shares/{link.id}/revoke").status_code == 303  # idempotent
    [created] = events(app, "share.created")
    [revoked] = events(app, "share.revoked")
    for event in (created, revoked):
        assert event.username == "ada" and code not in event.summary
    assert f"#{link.id}" in revoked.summary


def test_only_the_creator_or_an_admin_may_revoke(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    code = _share_entry(bob, _send(bob))
    [link] = _links(app)
    carol = make_client("carol")
    assert carol.post(f"/shares/{link.id}/revoke").status_code == 404
    assert carol.get(f"/s/{code}").status_code == 200
    assert f'action="/shares/{link.id}/revoke"' not in carol.get(f"/s/{code}").text
    assert f'action="/shares/{link.id}/revoke"' in bob.get(f"/s/{code}").text
    assert admin_client.post(f"/shares/{link.id}/revoke").status_code == 303
    assert carol.get(f"/s/{code}").status_code == 404
    assert [e.username for e in events(app, "share.revoked")] == ["ada"]


def test_the_list_shows_my_links_and_an_admin_sees_all(
    admin_client: TestClient, make_client: MakeClient
) -> None:
    admin_code = _share_entry(admin_client, _send(admin_client))
    bob = make_client("bob")
    bob_code = _share_entry(bob, _send(bob))
    bob_page = bob.get("/shares").text
    assert bob_code in bob_page and admin_code not in bob_page
    assert "My share links" in bob_page
    admin_page = admin_client.get("/shares").text
    assert bob_code in admin_page and admin_code in admin_page
    assert "Share links of all users" in admin_page and "<td>bob</td>" in admin_page
    assert admin_page.count('data-testid="share-row"') == 2
    _assert_clean(admin_page)


def test_nobody_can_link_what_they_cannot_see(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    entry_id = _send(admin_client)
    saved_id = _save(admin_client, "Private")
    bob = make_client("bob")
    assert bob.post(f"/history/{entry_id}/share").status_code == 404
    assert bob.post(f"/saved/{saved_id}/share").status_code == 404
    assert bob.get("/s/no-such-code").status_code == 404
    assert bob.get("/?share=no-such-code").status_code == 404
    assert _links(app) == []


def test_deleting_the_target_removes_the_link(admin_client: TestClient, app: FastAPI) -> None:
    entry_id = _send(admin_client)
    code = _share_entry(admin_client, entry_id)
    saved_id = _save(admin_client, "Gone soon", team=True)
    admin_client.post(f"/saved/{saved_id}/share")
    assert len(_links(app)) == 2
    admin_client.post(f"/history/{entry_id}/delete")
    admin_client.post(f"/saved/{saved_id}/delete")
    assert admin_client.get(f"/s/{code}").status_code == 404
    assert _links(app) == []


def test_sharing_an_entry_deleted_meanwhile_is_404_and_links_nothing(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_id = _send(admin_client)
    # The entry passes the check, then another request deletes it before the write.
    deleted_after_read(monkeypatch, app, history_store, "get_entry", (HistoryEntry, entry_id))
    assert admin_client.post(f"/history/{entry_id}/share").status_code == 404
    assert _links(app) == [] and events(app, "share.created") == []


def test_sharing_a_team_request_its_owner_deletes_meanwhile_is_404_and_links_nothing(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_id = _save(admin_client, "Going", team=True)
    bob = make_client("bob")
    deleted_after_read(monkeypatch, app, saved_store, "get_with_owner", (SavedRequest, saved_id))
    assert bob.post(f"/saved/{saved_id}/share").status_code == 404
    assert _links(app) == [] and events(app, "share.created") == []


def test_revoking_a_link_whose_target_is_deleted_meanwhile_is_404(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_id = _save(admin_client, "Going", team=True)
    assert admin_client.post(f"/saved/{saved_id}/share").status_code == 303
    [link] = _links(app)
    # Deleting the request takes its links along, after the revoke has read the link.
    deleted_after_read(monkeypatch, app, share_store, "get_link_row", (SavedRequest, saved_id))
    assert admin_client.post(f"/shares/{link.id}/revoke").status_code == 404
    assert _links(app) == [] and events(app, "share.revoked") == []


def test_a_plain_form_share_redirects_to_the_list(admin_client: TestClient, app: FastAPI) -> None:
    entry_id = _send(admin_client)
    response = admin_client.post(f"/history/{entry_id}/share")
    assert response.status_code == 303 and response.headers["location"] == "/shares"
    [link] = _links(app)
    assert f"/s/{link.code}" in admin_client.get("/shares").text


@pytest.mark.parametrize("path", ["/history/{entry}/share", "/shares/{link}/revoke"])
def test_share_mutations_need_the_csrf_token(
    admin_client: TestClient, app: FastAPI, path: str
) -> None:
    entry_id = _send(admin_client)
    _share_entry(admin_client, entry_id)
    [link] = _links(app)
    del admin_client.headers["X-CSRF-Token"]
    assert admin_client.post(path.format(entry=entry_id, link=link.id)).status_code == 403
    [after] = _links(app)
    assert after.revoked_at is None
