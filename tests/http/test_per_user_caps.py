"""PLAYGROUND_HISTORY_MAX_PER_USER: a user's oldest history entries and flow runs go first,
and nobody else's are touched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from playground.settings import Settings
from playground.store.models import FlowRun, HistoryEntry, User
from tests.client import TestClient
from tests.http.flow_support import RUN_ID, action, flow_form
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, READ_ESTATE, rows, send_form

CAP = 3
# The cap is applied on every 16th row (ids 16, 32, ...): 32 rows pass it at least once.
ROWS = 32


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """A small cap, so a test need not write ten thousand rows."""
    return {"history_max_per_user": CAP}


def test_the_oldest_history_entries_go_and_the_newest_stay(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    bob = make_client("bob")
    bobs = bob.post("/send", data=send_form(sandbox_profile(app, "bob"), READ_ESTATE))
    assert bobs.status_code == 303
    profile = sandbox_profile(app, "ada")
    sent = []
    for _ in range(ROWS):
        answer = admin_client.post("/send", data=send_form(profile, READ_ESTATE))
        assert answer.status_code == 303
        sent.append(int(answer.headers["location"].rsplit("/", 1)[1]))
    kept = [e.id for e in rows(app, HistoryEntry) if e.user_id != _user_id(app, "bob")]
    assert sent[-CAP:] == kept[-CAP:]  # the newest are there
    assert sent[0] not in kept and len(kept) < CAP + 16  # the oldest went
    assert len([e for e in rows(app, HistoryEntry) if e.user_id == _user_id(app, "bob")]) == 1


def test_the_oldest_flow_runs_go_and_the_newest_stay(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    read = action("read", "estate", {"data": ["Id"], "listlimit": 1})
    bob = make_client("bob")
    bobs = bob.post("/flows/run", data=flow_form(sandbox_profile(app, "bob"), [read]), headers=HX)
    assert bobs.status_code == 200
    form = flow_form(sandbox_profile(app, "ada"), [read])
    started = []
    for _ in range(ROWS):
        answer = admin_client.post("/flows/run", data=form, headers=HX)
        found = RUN_ID.search(answer.text)
        assert answer.status_code == 200 and found, answer.text
        started.append(int(found.group(1)))
    runs = rows(app, FlowRun)
    kept = [r.id for r in runs if r.user_id != _user_id(app, "bob")]
    assert started[-CAP:] == kept[-CAP:]
    assert started[0] not in kept and len(kept) < CAP + 16
    assert len([r for r in runs if r.user_id == _user_id(app, "bob")]) == 1
    # Its next step cannot be asked for any more: a 404, not an error.
    gone = admin_client.post("/flows/next", data={"run_id": str(started[0])}, headers=HX)
    assert gone.status_code == 404


def _user_id(app: FastAPI, username: str) -> int:
    """The id of a user, by name."""
    [user] = [u for u in rows(app, User) if u.username == username]
    return int(user.id)


@pytest.mark.parametrize("cap", [0, -1])
def test_a_cap_that_would_drop_the_row_just_written_is_refused_at_start(cap: int) -> None:
    # 0 deleted each run as soon as it was stored; a negative number was a 500 on PostgreSQL.
    with pytest.raises(ValidationError, match="history_max_per_user"):
        Settings(history_max_per_user=cap)
