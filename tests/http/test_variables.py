"""Variables: {{name}} resolves profile → user → team, unknown names stop the send, history
keeps the request as written and as sent, and no variable holds a credential."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, delete, select

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.store import variables as variable_store
from playground.store.models import HistoryEntry, Profile, Variable
from tests.client import TestClient
from tests.http.race_support import deleted_after_read
from tests.http.route_support import changed_tables, sandbox_profile, snapshot
from tests.http.team_support import HX, send_form
from tests.http.token_support import bearer, make_token

READ_ONE = {
    "verb": "read",
    "resourcetype": "estate",
    "parameters": '{"data": ["Id", "{{field}}"], "listlimit": {{limit}}}',
}
# A placeholder inside a JSON string: the parameters are JSON as written, so they can be saved.
QUOTED_FIELD = '{"data": ["Id", "{{field}}"], "listlimit": 2}'


def _define(client: TestClient, name: str, value: str, **extra: str) -> int:
    """Save a variable through the form; the status code."""
    return int(client.post("/variables", data={"name": name, "value": value} | extra).status_code)


def _define_field_and_limit(client: TestClient) -> None:
    """The user's own {{field}} (ort) and {{limit}} (2), which READ_ONE uses."""
    assert _define(client, "field", "ort") == 303
    assert _define(client, "limit", "2") == 303


def _check(client: TestClient, profile_id: int, action: dict[str, str]) -> dict[str, str]:
    """The composer's check: each name with its value and source, or "unknown"."""
    page = client.post("/variables/check", data=send_form(profile_id, action), headers=HX).text
    known = re.findall(
        r'data-testid="variable-known" data-name="([^"]+)">.*?= <code>([^<]*)</code> '
        r'<span class="muted">\(([^)]*)\)',
        page,
    )
    found = {name: f"{value} ({source})" for name, value, source in known}
    unknown = re.findall(r'data-testid="variable-unknown" data-name="([^"]+)"', page)
    return found | dict.fromkeys(unknown, "unknown")


def _saved(client: TestClient, app: FastAPI, action: dict[str, str], name: str) -> int:
    """Save one action with ada's Sandbox profile; the saved request's id."""
    form = send_form(sandbox_profile(app, "ada"), action, name=name)
    return int(client.post("/saved", data=form).headers["location"].rsplit("=", 1)[1])


def _resourceid(template: str) -> dict[str, str]:
    """A read of one estate whose resourceid is the template."""
    return {"verb": "read", "resourcetype": "estate", "resourceid": template}


def test_the_profile_wins_over_the_user_who_wins_over_the_team(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    profile = sandbox_profile(app, "alice")
    assert _define(admin_client, "estate", "3", scope="team") == 303
    assert _define(alice, "estate", "2") == 303
    assert _define(alice, "estate", "1", scope="profile", profile_id=str(profile)) == 303
    action = _resourceid("{{estate}}")
    assert _check(alice, profile, action) == {"estate": "1 (from the profile)"}
    with Session(app.state.playground.engine) as db:
        rows = db.exec(select(Variable).where(Variable.name == "estate")).all()
        by_scope = {row.scope: row for row in rows}
    assert alice.post(f"/variables/{by_scope['profile'].id}/delete").status_code == 303
    assert _check(alice, profile, action) == {"estate": "2 (yours)"}
    assert alice.post(f"/variables/{by_scope['user'].id}/delete").status_code == 303
    assert _check(alice, profile, action) == {"estate": "3 (the team's)"}
    assert _check(bob, sandbox_profile(app, "bob"), action) == {"estate": "3 (the team's)"}


def test_a_send_fills_in_values_and_history_keeps_both_forms(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    _define_field_and_limit(admin_client)
    assert _check(admin_client, profile, READ_ONE) == {"field": "ort (yours)", "limit": "2 (yours)"}
    sent = admin_client.post("/send", data=send_form(profile, READ_ONE))
    assert sent.status_code == 303, sent.text
    entry_id = int(sent.headers["location"].rsplit("/", 1)[1])
    [stored] = admin_client.get(f"/api/history/{entry_id}").json()["request"]
    assert stored["parameters"] == {"data": ["Id", "ort"], "listlimit": 2}
    answer = json.loads(admin_client.get(f"/history/{entry_id}/response.json").text)
    records = answer["response"]["results"][0]["data"]["records"]
    assert len(records) == 2 and all("ort" in r["elements"] for r in records)
    written = admin_client.get(f"/history/{entry_id}/written", headers=HX).text
    assert "{{field}}" in written and "{{limit}}" in written
    assert 'data-testid="written-slot"' in admin_client.get(f"/history/{entry_id}").text


def test_an_unknown_name_is_flagged_and_nothing_is_sent(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    action = _resourceid("{{nowhere}}")
    assert _check(admin_client, profile, action) == {"nowhere": "unknown"}
    before = snapshot(app)
    refused = admin_client.post("/send", data=send_form(profile, action), headers=HX)
    assert refused.status_code == 422
    assert "Unknown variable(s): {{nowhere}}." in refused.text
    assert changed_tables(before, snapshot(app)) == []
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(HistoryEntry)).all() == []


def test_a_value_holding_a_token_or_secret_is_refused(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    before = snapshot(app)
    for value in (DEMO_TOKEN, f"x{DEMO_SECRET}y"):
        refused = admin_client.post("/variables", data={"name": "key", "value": value})
        assert refused.status_code == 422
        assert "Variables never hold a token or secret." in refused.text
        assert value not in refused.text
    assert changed_tables(before, snapshot(app)) == []


def test_who_may_change_what(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    before = snapshot(app)
    assert _define(alice, "team_value", "1", scope="team") == 403
    other_profile = str(sandbox_profile(app, "bob"))
    assert _define(alice, "p", "1", scope="profile", profile_id=other_profile) == 404
    assert _define(alice, "1bad name", "1") == 422
    assert changed_tables(before, snapshot(app)) == []
    assert _define(alice, "mine", "1") == 303
    with Session(app.state.playground.engine) as db:
        [mine] = db.exec(select(Variable).where(Variable.name == "mine")).all()
    for viewer in (bob, admin_client):
        assert viewer.post(f"/variables/{mine.id}/delete").status_code == 404
    assert "{{mine}}" not in bob.get("/variables").text
    page = alice.get("/variables").text
    assert "{{mine}}" in page and "Write {{name}} in parameters" in page


def test_one_name_saved_by_several_requests_at_once_stays_one_variable(
    admin_client: TestClient, app: FastAPI
) -> None:
    # Each request finds no variable of that name before any of them has stored one; the
    # unique index then refuses all but one insert, and the others change that variable.
    start = threading.Barrier(6)

    def save(number: int) -> int:
        start.wait()
        return _define(admin_client, "estate_id", str(number), scope="team")

    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(save, range(6)))
    assert statuses == [303] * 6
    with Session(app.state.playground.engine) as db:
        rows = db.exec(select(Variable).where(Variable.name == "estate_id")).all()
    assert len(rows) == 1 and rows[0].value in {str(n) for n in range(6)}
    # The user's own variable of that name is another one, and so is a profile's.
    assert _define(admin_client, "estate_id", "mine") == 303
    profile = str(sandbox_profile(app, "ada"))
    assert _define(admin_client, "estate_id", "p", scope="profile", profile_id=profile) == 303
    with Session(app.state.playground.engine) as db:
        rows = db.exec(select(Variable).where(Variable.name == "estate_id")).all()
    assert sorted(r.scope for r in rows) == ["profile", "team", "user"]


def test_a_saved_request_checked_or_run_by_token_fills_in_its_variables(
    admin_client: TestClient, app: FastAPI
) -> None:
    quoted = {"verb": "read", "resourcetype": "estate", "parameters": QUOTED_FIELD}
    saved_id = _saved(admin_client, app, quoted, "Field smoke")
    # Before the variable exists: refused with its name, nothing sent.
    before = snapshot(app)
    check = admin_client.post(f"/saved/{saved_id}/check", headers=HX)
    assert check.status_code == 200 and ">failed<" in check.text
    assert "Unknown variable(s): {{field}}." in check.text
    token = make_token(app, "ada")
    run = admin_client.post(f"/api/v1/saved/{saved_id}/run", headers=bearer(token))
    assert run.status_code == 422 and "Unknown variable(s): {{field}}." in run.text
    # Every send leaves a history entry (the token's use is noted elsewhere).
    assert "history_entry" not in changed_tables(before, snapshot(app))

    assert _define(admin_client, "field", "ort") == 303
    check = admin_client.post(f"/saved/{saved_id}/check", headers=HX)
    assert ">passed<" in check.text
    run = admin_client.post(f"/api/v1/saved/{saved_id}/run", headers=bearer(token)).json()
    assert run["passed"]
    for entry in (_entry_of(check.text), run["answer"]["history_id"]):
        [sent] = admin_client.get(f"/api/history/{entry}").json()["request"]
        assert sent["parameters"] == {"data": ["Id", "ort"], "listlimit": 2}
        written = admin_client.get(f"/history/{entry}/written", headers=HX).text
        assert "{{field}}" in written


def _entry_of(check_html: str) -> int:
    """The history entry a check's verdict links to."""
    match = re.search(r'href="/history/(\d+)"', check_html)
    assert match, check_html
    return int(match.group(1))


def test_a_placeholder_outside_a_string_sends_but_saving_says_why_it_cannot(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    _define_field_and_limit(admin_client)
    assert admin_client.post("/send", data=send_form(profile, READ_ONE)).status_code == 303
    refused = admin_client.post("/saved", data=send_form(profile, READ_ONE, name="x"), headers=HX)
    assert refused.status_code == 422
    assert "A {{name}} outside a JSON string is filled in only when sending" in refused.text
    # Also where no value could stand in for it (a key's place), and before deep nesting.
    for text in ("{ {{fields}} }", '{"data": {{x}}, "a": ' + "[" * 5000 + "]" * 5000 + "}"):
        odd = dict(READ_ONE, parameters=text)
        refused = admin_client.post("/saved", data=send_form(profile, odd, name="x"), headers=HX)
        assert "A {{name}} outside a JSON string is filled in only" in refused.text, text
    # Broken JSON without a placeholder is still told as such.
    broken = dict(READ_ONE, parameters='{"data": ["Id"], "listlimit": }')
    refused = admin_client.post("/saved", data=send_form(profile, broken, name="x"), headers=HX)
    assert "Invalid JSON: Expecting value (line 1, column 31)." in refused.text


def test_a_token_beyond_its_scope_is_refused_before_any_variable_is_read(
    admin_client: TestClient, app: FastAPI
) -> None:
    create = {"verb": "create", "resourcetype": "address", "parameters": QUOTED_FIELD}
    saved_id = _saved(admin_client, app, create, "Create smoke")
    read_only = make_token(app, "ada")  # {{field}} is unknown: the scope is told first
    run = admin_client.post(f"/api/v1/saved/{saved_id}/run", headers=bearer(read_only))
    assert run.status_code == 403 and "Beyond the token's scope" in run.text
    assert "field" not in run.text


def test_a_variable_deleted_while_it_is_being_changed_is_saved_anew(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _define(admin_client, "estate_id", "1", scope="team") == 303
    with Session(app.state.playground.engine) as db:
        [row] = db.exec(select(Variable).where(Variable.name == "estate_id")).all()
    find = variable_store.find

    def find_then_deleted(*args: Any, **kwargs: Any) -> Variable | None:
        found = find(*args, **kwargs)
        if found is not None:  # another admin deletes it at this moment
            with Session(app.state.playground.engine) as other:
                other.exec(delete(Variable).where(col(Variable.id) == row.id))
                other.commit()
        return found

    monkeypatch.setattr(variable_store, "find", find_then_deleted)
    assert _define(admin_client, "estate_id", "2", scope="team") == 303  # a 500 before
    with Session(app.state.playground.engine) as db:
        rows = db.exec(select(Variable).where(Variable.name == "estate_id")).all()
    assert [r.value for r in rows] == ["2"]


def test_a_profile_variable_saved_while_its_profile_is_deleted_is_not_found(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = sandbox_profile(app, "ada")
    deleted_after_read(monkeypatch, app, variable_store, "find", (Profile, profile))
    form = {"scope": "profile", "profile_id": str(profile)}
    assert _define(admin_client, "estate_id", "1", **form) == 404  # a 500 before
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(Variable)).all() == []
