"""Team profiles: members send with a shared profile but never read it; only the owner edits."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from playground.store.models import HistoryEntry
from tests.client import TestClient
from tests.http.team_support import (
    HX,
    PLANTED_SECRET,
    PLANTED_TOKEN,
    READ_ESTATE,
    create_profile,
    entries,
    events,
    picker_ids,
    profile,
    send_form,
)

MakeClient = Callable[[str], TestClient]


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The sandbox accepts the planted credentials."""
    return {
        "sandbox_token": PLANTED_TOKEN,
        "sandbox_secret": PLANTED_SECRET,
    }


def _card(page: str, profile_id: int) -> str:
    """The profile card of one profile on the profiles page."""
    match = re.search(rf'data-profile-id="{profile_id}">(.*?)</article>', page, re.S)
    assert match, f"no card for profile {profile_id}"
    return match.group(1)


def _assert_no_credentials(text: str) -> None:
    assert PLANTED_TOKEN not in text and PLANTED_SECRET not in text


def test_a_member_sends_with_a_shared_profile_and_the_sandbox_accepts_it(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    pid = create_profile(admin_client, app, "Team account")
    bob = make_client("bob")
    assert pid not in picker_ids(bob)
    assert admin_client.post(f"/profiles/{pid}/share").status_code == 303
    assert profile(app, pid).shared
    assert pid in picker_ids(bob)
    assert "Team account · sandbox · v2 · shared by ada" in bob.get("/").text

    response = bob.post("/send", data=send_form(pid, READ_ESTATE), headers=HX)
    assert response.status_code == 200, response.text
    assert 'data-testid="top-status">200' in response.text
    [entry] = entries(app)
    assert entry.ok and entry.profile_id == pid and entry.profile_name == "Team account"
    assert entry.user_id != profile(app, pid).owner_id
    _assert_no_credentials(response.text)


def test_the_member_view_of_a_shared_profile_never_holds_its_secret_or_token(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    pid = create_profile(admin_client, app, "Team account")
    admin_client.post(f"/profiles/{pid}/share")
    bob = make_client("bob")
    sent = bob.post("/send", data=send_form(pid, READ_ESTATE))
    entry_id = sent.headers["location"].rsplit("/", 1)[1]
    page = bob.get("/profiles").text
    card = _card(page, pid)
    assert "Shared by ada" in card and "shared with the team" in card
    assert "sandbox · HMAC v2" in card and 'data-testid="test-connection"' in card
    assert 'data-testid="token-masked"' not in card and "secret-fingerprint" not in card
    assert PLANTED_TOKEN[-4:] not in card  # not even the owner's masked hint
    assert f"/profiles/{pid}/delete" not in card and f'href="/profiles/{pid}"' not in card
    assert "share-profile" not in card and "unshare-profile" not in card
    bodies = [
        page,
        bob.get("/").text,
        bob.get("/history").text,
        bob.get(f"/history/{entry_id}").text,
    ]
    bodies += [bob.get(f"/api/history/{entry_id}").text, bob.get("/profiles", headers=HX).text]
    bodies.append(bob.post(f"/profiles/{pid}/test", headers=HX).text)
    for body in bodies:
        _assert_no_credentials(body)
    # The owner still sees the masked hint and fingerprint.
    assert PLANTED_TOKEN[-4:] in _card(admin_client.get("/profiles").text, pid)


def test_a_member_can_test_a_shared_profile(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    pid = create_profile(admin_client, app, "Team account")
    bob = make_client("bob")
    assert bob.post(f"/profiles/{pid}/test", headers=HX).status_code == 404
    admin_client.post(f"/profiles/{pid}/share")
    response = bob.post(f"/profiles/{pid}/test", headers=HX)
    assert response.status_code == 200 and "Connected" in response.text


def test_non_owners_get_404_on_edit_delete_and_unshare(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    pid = create_profile(bob, app, "Bob's account")
    bob.post(f"/profiles/{pid}/share")
    fingerprint = profile(app, pid).secret_fingerprint
    carol = make_client("carol")
    edit = {"name": "Hijacked", "endpoint": "sandbox", "hmac_version": "2", "secret": "x" * 64}
    for client in (carol, admin_client):
        assert client.get(f"/profiles/{pid}").status_code == 404
        assert client.post(f"/profiles/{pid}", data=edit).status_code == 404
        assert client.post(f"/profiles/{pid}/delete").status_code == 404
    assert carol.post(f"/profiles/{pid}/unshare").status_code == 404
    assert carol.post(f"/profiles/{pid}/share").status_code == 404
    stored = profile(app, pid)
    assert stored.name == "Bob's account" and stored.shared
    assert stored.secret_fingerprint == fingerprint
    assert events(app, "profile.changed") == [] and events(app, "profile.deleted") == []


def test_an_admin_may_share_and_unshare_anyones_profile_but_never_read_it(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    pid = create_profile(bob, app, "Bob's account")
    carol = make_client("carol")
    assert f'data-profile-id="{pid}"' not in carol.get("/profiles").text
    assert admin_client.post("/send", data=send_form(pid, READ_ESTATE)).status_code == 404
    # A member's private profile stays out of the admin's list too.
    listed = admin_client.get("/profiles").text
    assert f'data-profile-id="{pid}"' not in listed and "Bob's account" not in listed

    response = admin_client.post(f"/profiles/{pid}/share", headers=HX)
    assert response.status_code == 200 and "Stop sharing" in response.text
    _assert_no_credentials(response.text)
    assert profile(app, pid).shared and pid in picker_ids(carol)
    assert admin_client.post(f"/profiles/{pid}/unshare").status_code == 303
    assert not profile(app, pid).shared and pid not in picker_ids(carol)
    [shared] = events(app, "profile.shared")
    [unshared] = events(app, "profile.unshared")
    assert shared.username == unshared.username == "ada"
    assert "of bob" in shared.summary and "Bob's account" in unshared.summary


def test_unsharing_removes_the_profile_and_history_keeps_its_name(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    pid = create_profile(admin_client, app, "Team account")
    admin_client.post(f"/profiles/{pid}/share")
    bob = make_client("bob")
    sent = bob.post("/send", data=send_form(pid, READ_ESTATE))
    entry_id = int(sent.headers["location"].rsplit("/", 1)[1])
    assert admin_client.post(f"/profiles/{pid}/unshare").status_code == 303

    assert pid not in picker_ids(bob)
    assert f'data-profile-id="{pid}"' not in bob.get("/profiles").text
    assert bob.post("/send", data=send_form(pid, READ_ESTATE), headers=HX).status_code == 404
    assert bob.post(f"/history/{entry_id}/resend", headers=HX).status_code == 404
    assert bob.post(f"/profiles/{pid}/test", headers=HX).status_code == 404
    assert len(entries(app)) == 1
    assert "Team account" in bob.get("/history").text
    assert "Team account" in bob.get(f"/history/{entry_id}").text


def test_deleting_a_shared_profile_keeps_members_history(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    pid = create_profile(admin_client, app, "Team account")
    admin_client.post(f"/profiles/{pid}/share")
    bob = make_client("bob")
    bob.post("/send", data=send_form(pid, READ_ESTATE))
    assert admin_client.post(f"/profiles/{pid}/delete").status_code == 303
    [entry] = entries(app)
    assert isinstance(entry, HistoryEntry)
    assert entry.profile_id is None and entry.profile_name == "Team account"
    assert "Team account" in bob.get("/history").text
    [deleted] = events(app, "profile.deleted")
    assert "Team account" in deleted.summary and "was shared" in deleted.summary


def test_the_profile_list_shows_owner_and_sharing(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    mine = create_profile(admin_client, app, "Private one")
    team = create_profile(admin_client, app, "Team one")
    admin_client.post(f"/profiles/{team}/share")
    page = admin_client.get("/profiles").text
    assert "Yours, private" in _card(page, mine) and ">private<" in _card(page, mine)
    assert "Yours, shared with the team" in _card(page, team)
    assert 'data-testid="unshare-profile"' in _card(page, team)
    bob_page = make_client("bob").get("/profiles").text
    assert f'data-profile-id="{mine}"' not in bob_page
    assert "Shared by ada" in _card(bob_page, team)
    # Own profiles come first.
    assert bob_page.index("<h2>Sandbox<") < bob_page.index("<h2>Team one<")


def test_profile_changes_are_audited_without_credentials(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = create_profile(admin_client, app, "Audited")
    edit = {"name": "Audited 2", "endpoint": "sandbox", "hmac_version": "1"}
    other_secret = "NEWsecret" + "9" * 55
    admin_client.post(f"/profiles/{pid}", data=edit | {"secret": other_secret, "protected": "1"})
    admin_client.post(f"/profiles/{pid}/share")
    admin_client.post(f"/profiles/{pid}/unshare")
    admin_client.post(f"/profiles/{pid}/delete")
    kinds = ["profile.created", "profile.changed", "profile.shared", "profile.unshared"]
    kinds.append("profile.deleted")
    found = {kind: events(app, kind) for kind in kinds}
    assert all(len(found[kind]) == 1 for kind in kinds), found
    changed = found["profile.changed"][0].summary
    assert "name" in changed and "HMAC version" in changed and "secret" in changed
    assert "protected" in changed and "token" not in changed
    for kind in kinds:
        event = found[kind][0]
        assert event.username == "ada" and event.address == "testclient"
        for planted in (PLANTED_TOKEN, PLANTED_SECRET, other_secret, PLANTED_TOKEN[-4:]):
            assert planted not in event.summary
