"""The canary test for team use: a shared profile's token and secret reach nobody.

A member (alice) owns a protected profile holding planted credentials and shares it with the
team; another member (bob) sends with it, tests it, saves a team request with it and shares
links; the admin (ada) manages users, shares and unshares the profile and reads the audit
log with every filter. Every page, fragment, export and refusal the three of them receive
is kept, and neither planted value may appear in any of them, in the log or printed output,
in the bytes of the SQLite files (database, -wal, -shm) or in any file of the data directory.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.onoffice.codegen import languages
from playground.settings import Settings
from playground.store.models import AuditEvent, HistoryEntry, ShareLink
from playground.store.secretbox import fingerprint
from tests.client import TestClient
from tests.http.route_support import LINK_RE, app_routes, fill, user_id
from tests.http.team_support import HX, MODIFY_ESTATE, READ_ESTATE, create_profile, send_form

CANARY_TOKEN = "TEAMcanaryTOKEN0123456789abcdeQZ"
CANARY_SECRET = "TEAMcanarySECRET" + "fedcba9876543210" * 2 + "fedcba98765432qz"
MakeClient = Callable[[str], TestClient]
PROFILE = "Canary team"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The sandbox accepts the canaries, so sends with the shared profile succeed."""
    return {
        "sandbox_token": CANARY_TOKEN,
        "sandbox_secret": CANARY_SECRET,
    }


class Seen:
    """Every answer's status, headers and body, by who asked for what."""

    def __init__(self) -> None:
        """Nothing seen yet."""
        self.answers: list[tuple[str, httpx.Response]] = []

    def keep(self, who: str, answer: httpx.Response) -> httpx.Response:
        """Remember an answer and hand it back."""
        self.answers.append((who, answer))
        return answer

    def get(self, who: str, client: TestClient, path: str) -> httpx.Response:
        """A page as a plain request, then as htmx; the plain one is returned."""
        self.keep(who, client.get(path, headers=HX))
        return self.keep(who, client.get(path))

    def texts(self) -> list[str]:
        """Each answer as one text: its status line, headers and body."""
        return [
            f"{who} {a.request.method} {a.request.url} {a.status_code}\n"
            + json.dumps(dict(a.headers))
            + "\n"
            + a.text
            for who, a in self.answers
        ]


def _card(page: str, profile_id: int) -> str:
    """The card of one profile on the profiles page."""
    match = re.search(rf'<article[^>]*data-profile-id="{profile_id}".*?</article>', page, re.S)
    assert match, f"no card for profile {profile_id}"
    return match.group(0)


def _code(answer: httpx.Response) -> str:
    """The share link's code in the answer to creating one."""
    match = LINK_RE.search(answer.text)
    assert match, answer.text
    return match.group(1)


def _entries_of(app: FastAPI, username: str) -> list[int]:
    """The ids of a user's history entries."""
    owner = user_id(app, username)
    with Session(app.state.playground.engine) as db:
        query = select(HistoryEntry.id).where(HistoryEntry.user_id == owner)
        query = query.order_by(col(HistoryEntry.id))
        return [i for i in db.exec(query) if i is not None]


def _database_files(settings: Settings) -> list[Path]:
    """The SQLite database with its -wal and -shm files, when the database is SQLite."""
    url = settings.effective_database_url
    if not url.startswith("sqlite:///"):
        return []
    database = Path(url.removeprefix("sqlite:///"))
    assert database.is_file()
    return [database, *(Path(f"{database}{suffix}") for suffix in ("-wal", "-shm"))]


def test_team_canary_never_leaves_the_server(
    admin_client: TestClient,
    make_client: MakeClient,
    app: FastAPI,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    seen = Seen()
    ada, alice, bob = admin_client, make_client("alice"), make_client("bob")

    # Alice's protected profile with the canaries, shared with the team.
    profile_id = create_profile(
        alice, app, PROFILE, token=CANARY_TOKEN, secret=CANARY_SECRET, protected=True
    )
    seen.keep("alice", alice.post(f"/profiles/{profile_id}/share", headers=HX))
    bad_edit = {"name": " ", "endpoint": "sandbox", "hmac_version": "2"}
    bad_edit |= {"token": CANARY_TOKEN, "secret": CANARY_SECRET}
    assert (
        seen.keep("alice", alice.post(f"/profiles/{profile_id}", data=bad_edit)).status_code == 422
    )
    alice_send = send_form(profile_id, READ_ESTATE)
    assert seen.keep("alice", alice.post("/send", data=alice_send)).status_code == 303

    # Bob sends with it, tests it, saves a team request with it and shares links.
    read = seen.keep("bob", bob.post("/send", data=send_form(profile_id, READ_ESTATE), headers=HX))
    assert read.status_code == 200 and 'data-testid="records"' in read.text
    for headers in (HX, {}):
        asked = bob.post("/send", data=send_form(profile_id, MODIFY_ESTATE), headers=headers)
        assert seen.keep("bob", asked).status_code == 409
    failing = READ_ESTATE | {"parameters": json.dumps({"data": ["no_such_field"]})}
    broken = send_form(profile_id, failing)
    assert seen.keep("bob", bob.post("/send", data=broken)).status_code == 303
    check = seen.keep("bob", bob.post(f"/profiles/{profile_id}/test", headers=HX))
    assert "Connected" in check.text  # the canaries signed a call the sandbox accepted
    assert seen.keep("bob", bob.post(f"/profiles/{profile_id}", data=bad_edit)).status_code == 404
    save = send_form(profile_id, READ_ESTATE, name="Canary saved", team="1")
    saved_answer = seen.keep("bob", bob.post("/saved", data=save))
    saved_id = int(saved_answer.headers["location"].rsplit("=", 1)[1])
    [bob_entry, *_] = _entries_of(app, "bob")
    entry_code = _code(seen.keep("bob", bob.post(f"/history/{bob_entry}/share", headers=HX)))
    saved_code = _code(seen.keep("bob", bob.post(f"/saved/{saved_id}/share", headers=HX)))
    resent = bob.post(f"/history/{bob_entry}/resend", headers=HX)
    assert seen.keep("bob", resent).status_code == 200
    # A team folder holding the request, exported below with every GET route.
    folder = {"name": "Canary folder", "team": "1"}
    assert seen.keep("bob", bob.post("/saved/folders", data=folder)).status_code == 303
    [folder_id] = re.findall(r'id="folder-(\d+)"', bob.get("/saved").text)
    moved = bob.post(f"/saved/{saved_id}/move", data={"folder_id": folder_id}, headers=HX)
    assert "Canary saved" in seen.keep("bob", moved).text
    # Bob's code exports with the shared profile, in every language: the composer's, with a
    # variable (checked against the profile's decrypted credentials), his entry's and the
    # team request's.
    limit = bob.post("/variables", data={"name": "limit", "value": "3"})
    assert seen.keep("bob", limit).status_code == 303
    with_variable = READ_ESTATE | {"parameters": '{"data": ["Id"], "listlimit": {{limit}}}'}
    for lang in languages():
        for headers in (HX, {}):
            form = send_form(profile_id, with_variable)
            exported = seen.keep("bob", bob.post(f"/code/{lang.key}", data=form, headers=headers))
            assert exported.status_code == 200 and "ONOFFICE_SECRET" in exported.text
        for path in (f"/history/{bob_entry}/code/{lang.key}", f"/saved/{saved_id}/code/{lang.key}"):
            assert "ONOFFICE_SECRET" in seen.get("bob", bob, path).text

    # Every GET route, for each of the three, with ids of their own and of the others'.
    ids: dict[str, int | str] = {
        "profile_id": profile_id,
        "entry_id": bob_entry,
        "saved_id": saved_id,
        "code": entry_code,
        "folder_id": int(folder_id),
    }
    gets = sorted(r for r in app_routes(app) if r.startswith("GET "))
    assert len(gets) > 15
    paths = [fill(route, ids)[1] for route in gets]
    paths += [f"/s/{saved_code}", f"/?share={entry_code}", f"/?share={saved_code}"]
    paths += [f"/?saved={saved_id}", f"/?from={bob_entry}", "/saved?q=Canary", "/shares"]
    paths += ["/history?q=estate", f"/history?profile={profile_id}", "/api/history?q=estate"]
    fields = [f"/fields.json?profile={profile_id}&language={lang}" for lang in ("DEU", "ENG")]
    paths += [*fields, f"/fields?profile={profile_id}&q=kauf", "/calls.json"]
    # Bob, a member, gets the shared profile's field list, fetched with its credentials.
    listed = seen.get("bob", bob, fields[1])
    assert listed.status_code == 200 and "kaufpreis" in listed.json()["modules"]["estate"]
    refresh = {"profile": str(profile_id), "language": "ENG"}
    assert seen.keep("bob", bob.post("/fields/refresh", data=refresh, headers=HX)).is_success
    for who, client in (("alice", alice), ("bob", bob), ("ada", ada)):
        for path in paths:
            seen.get(who, client, path)
        for entry_id in _entries_of(app, who):  # every export of every entry
            for path in (f"/history/{entry_id}/response.json", f"/api/history/{entry_id}"):
                seen.get(who, client, path)

    # A member's view of the shared profile: no token, no secret, not even hint or fingerprint.
    for who, client in (("bob", bob), ("ada", ada)):
        card = _card(seen.get(who, client, "/profiles").text, profile_id)
        assert "Shared by alice" in card
        assert CANARY_TOKEN[-4:] not in card and fingerprint(CANARY_SECRET) not in card
        assert 'data-testid="token-masked"' not in card
    owner_card = _card(seen.get("alice", alice, "/profiles").text, profile_id)
    assert "•" * 8 + CANARY_TOKEN[-4:] in owner_card  # positive control: the owner's hint

    # Bob's access token: the JSON API with the shared profile, as a script would use it. The
    # token is shown once on its page; at rest and in the log it may appear nowhere.
    made = bob.post("/account/tokens", data={"name": "Canary CI", "expires": "30", "access": "all"})
    found = re.search(r'data-testid="new-token">([^<]+)<', made.text)
    assert made.status_code == 200 and found
    access_token = found.group(1)
    api = {"Authorization": f"Bearer {access_token}"}
    api_read = {"verb": "read", "resourcetype": "estate", "parameters": {"data": ["Id"]}}
    api_write = {"verb": "modify", "resourcetype": "estate", "resourceid": "1",
             "parameters": {"data": {"kaufpreis": 1}}}  # fmt: skip
    for body in ({"profile": profile_id, "actions": [api_read]},
                 {"profile": PROFILE, "actions": [api_write]},
                 {"profile": profile_id, "actions": [api_write], "confirm": True}):  # fmt: skip
        assert seen.keep("bob", bob.post("/api/v1/send", json=body, headers=api)).status_code < 500
    assert seen.keep("bob", bob.post(f"/api/v1/saved/{saved_id}/run", headers=api)).is_success
    api_paths = ["/api/v1/profiles", "/api/v1/history", f"/api/v1/history/{bob_entry}"]
    api_paths += ["/api/v1/saved", f"/api/v1/fields?profile={profile_id}", "/api/v1/openapi.json"]
    for path in api_paths:
        assert seen.keep("bob", bob.get(path, headers=api)).is_success, path
    seen.get("bob", bob, "/account")
    seen.get("ada", ada, "/admin/tokens")

    # The admin: the audit log with every filter and paging, the profile unshared and shared
    # again, a user created and a password reset (each with its one-time password page).
    today = datetime.now(UTC).date().isoformat()
    with Session(app.state.playground.engine) as db:
        kinds = sorted({e.kind for e in db.exec(select(AuditEvent))})
        last_event = max(e.id or 0 for e in db.exec(select(AuditEvent)))
    assert {"send", "profile.shared", "share.created"} <= set(kinds)
    audit_queries = [f"?kind={kind}" for kind in kinds]
    audit_queries += ["?user=bob", "?user=alice", f"?from={today}&to={today}"]
    audit_queries += [f"?user=bob&kind=send&from={today}&to={today}", f"?before={last_event + 1}"]
    audit_queries += ["?from=not-a-date", "?user=nobody"]
    for query in audit_queries:
        seen.get("ada", ada, "/admin/audit" + query)
    assert seen.keep("ada", ada.post(f"/profiles/{profile_id}/unshare", headers=HX)).is_success
    assert seen.keep("ada", ada.post(f"/profiles/{profile_id}/share")).status_code == 303
    created = ada.post("/admin/users", data={"username": "carol", "role": "member"})
    assert 'data-testid="one-time-password"' in seen.keep("ada", created).text
    reset = ada.post(f"/admin/users/{user_id(app, 'bob')}/reset-password", data={"password": ""})
    assert 'data-testid="one-time-password"' in seen.keep("ada", reset).text
    seen.get("ada", ada, "/admin/users")
    assert seen.keep("ada", ada.post("/admin/sandbox/reset", headers=HX)).is_success
    assert seen.keep("ada", ada.post("/admin/sandbox/reset")).status_code == 303
    with Session(app.state.playground.engine) as db:
        link_ids = [i for i in db.exec(select(ShareLink.id)) if i is not None]
    for link_id in link_ids:
        seen.keep("ada", ada.post(f"/shares/{link_id}/revoke", headers=HX))
    for code in (entry_code, saved_code):
        assert seen.get("alice", alice, f"/s/{code}").status_code == 404

    # The checks.
    texts = seen.texts()
    assert len(texts) > 150
    assert sum(1 for who, _ in seen.answers if who == "bob") > 40
    for text in texts:
        assert CANARY_TOKEN not in text, text[:300]
        assert CANARY_SECRET not in text, text[:300]
    printed = capfd.readouterr()
    for output in (caplog.text, printed.out, printed.err):
        assert CANARY_TOKEN not in output and CANARY_SECRET not in output
        assert access_token not in output
    files = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    files += [p for p in _database_files(settings) if p.is_file()]
    assert files
    for file in files:
        raw = file.read_bytes()
        assert CANARY_TOKEN.encode() not in raw, file
        assert CANARY_SECRET.encode() not in raw, file
        assert access_token.encode() not in raw, file
