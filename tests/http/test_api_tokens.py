"""Access tokens and the JSON API in process: storage, scope, expiry, revocation, audit."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.cli import main
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.services import saved
from playground.services.expectations import Expectations
from playground.settings import Settings
from playground.store import profiles as profile_store
from playground.store.models import AccessToken, AuditEvent, HistoryEntry, Profile, User, utcnow
from playground.web.api.auth import RateLimiter
from playground.web.api.models import FieldsOut
from tests.client import TestClient
from tests.http.race_support import deleted_after_read
from tests.http.route_support import Objects, sandbox_profile, user_id
from tests.http.team_support import (
    HX,
    PLANTED_SECRET,
    PLANTED_TOKEN,
    READ_ESTATE,
    create_profile,
    rows,
    send_form,
)
from tests.http.token_support import (
    CREATE_ESTATE,
    READ_ADDRESSES,
    READ_ESTATES,
    bearer,
    make_token,
    send_body,
)

MakeClient = Callable[[str], TestClient]
NEW_TOKEN_RE = re.compile(r'data-testid="new-token">([^<]+)<')
PROBLEM = "application/problem+json"


def _tokens(app: FastAPI) -> list[AccessToken]:
    """Every stored token row."""
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(AccessToken).order_by(col(AccessToken.id))))


def _events(app: FastAPI, kind: str) -> list[AuditEvent]:
    """The audit events of one kind, oldest first."""
    with Session(app.state.playground.engine) as db:
        query = select(AuditEvent).where(AuditEvent.kind == kind).order_by(col(AuditEvent.id))
        return list(db.exec(query))


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_as_a_keyed_hash(
    admin_client: TestClient, app: FastAPI
) -> None:
    form = {"name": "CI smoke", "expires": "30", "access": "read", "resourcetypes": ""}
    created = admin_client.post("/account/tokens", data=form)
    assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
    match = NEW_TOKEN_RE.search(created.text)
    assert match
    token = match.group(1)
    assert token.startswith("pgt_") and len(token) > 40

    [row] = _tokens(app)
    key = app.state.playground.session_key
    assert (
        row.token_hash
        == hmac.new(key.encode(), b"access-token:" + token.encode(), hashlib.sha256).hexdigest()
    )
    assert row.token_hash != hashlib.sha256(token.encode()).hexdigest()  # keyed, not plain
    assert token not in " ".join(str(v) for v in row.model_dump().values())
    assert row.expires_at is not None and row.expires_at - utcnow() > timedelta(days=29)

    # The account page lists it by name and prefix, never the token again.
    page = admin_client.get("/account").text
    assert "CI smoke" in page and row.prefix in page and token not in page
    assert "not yet" in page

    answer = admin_client.get("/api/v1/profiles", headers=bearer(token))
    assert answer.status_code == 200 and [p["name"] for p in answer.json()] == ["Sandbox"]
    assert "last used" in admin_client.get("/account").text.lower()
    [row] = _tokens(app)
    assert row.last_used_at is not None
    [used] = _events(app, "token.used")
    assert used.username == "ada" and "GET /api/v1/profiles" in used.summary
    assert token not in used.summary and "CI smoke" in used.summary
    assert [e.summary for e in _events(app, "token.created")] == [
        f'Created access token "CI smoke" (#{row.id}, read-only)'
    ]


def test_a_send_answers_the_records_and_is_in_the_history(
    admin_client: TestClient, app: FastAPI
) -> None:
    token = make_token(app, "ada")
    answer = admin_client.post(
        "/api/v1/send", json=send_body("Sandbox", READ_ESTATES), headers=bearer(token)
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ok"] and body["status"]["code"] == 200 and body["status"]["errorcode"] == 0
    [action] = body["actions"]
    assert action["status"]["ok"] and action["cntabsolute"] > 3
    assert len(action["records"]) == 3
    assert set(action["records"][0]["elements"]) == {"Id", "kaufpreis"}
    [entry] = rows(app, HistoryEntry)
    assert body["history_id"] == entry.id and entry.user_id == user_id(app, "ada")

    listed = admin_client.get("/api/v1/history", headers=bearer(token)).json()
    assert [e["id"] for e in listed["entries"]] == [entry.id]
    detail = admin_client.get(f"/api/v1/history/{entry.id}", headers=bearer(token)).json()
    assert detail["request"][0]["parameters"] == READ_ESTATES["parameters"]
    assert detail["response"]["status"]["code"] == 200
    # The send is audited like the browser's, besides the token's use, and names the token.
    [send_event] = _events(app, "send")
    assert "read estate" in send_event.summary and f"history #{entry.id}" in send_event.summary
    [made] = _tokens(app)
    assert send_event.summary.endswith(f"; access token #{made.id}")

    # An action the onOffice answer refuses: its status and the explanation of its code.
    bad = READ_ESTATES | {"parameters": {"data": ["no_such_field"]}}
    refused = admin_client.post(
        "/api/v1/send", json=send_body("Sandbox", bad), headers=bearer(token)
    )
    assert refused.status_code == 200
    [action] = refused.json()["actions"]
    assert not refused.json()["ok"] and not action["status"]["ok"]
    assert action["status"]["errorcode"] != 0 and action["status"]["explanation"]


def test_scope_read_only_verbs_resourcetypes_and_profiles(
    admin_client: TestClient, app: FastAPI
) -> None:
    sandbox = sandbox_profile(app, "ada")
    other = create_profile(admin_client, app, "Second", token=DEMO_TOKEN, secret=DEMO_SECRET)
    read_only = make_token(app, "ada", profile_ids=[sandbox])
    writer = make_token(app, "ada", profile_ids=[sandbox], read_only=False)
    estates_only = make_token(app, "ada", resourcetypes=["estate"])
    before = len(rows(app, HistoryEntry))

    refused = admin_client.post(
        "/api/v1/send", json=send_body(sandbox, CREATE_ESTATE), headers=bearer(read_only)
    )
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert "read-only" in refused.json()["detail"]
    for ref in (other, "Second"):  # by id and by name: the user may, the token may not
        answer = admin_client.post(
            "/api/v1/send", json=send_body(ref, READ_ESTATES), headers=bearer(read_only)
        )
        assert answer.status_code == 403 and "Second" in answer.json()["detail"]
    address = admin_client.post(
        "/api/v1/send", json=send_body(sandbox, READ_ADDRESSES), headers=bearer(estates_only)
    )
    assert address.status_code == 403 and "address" in address.json()["detail"]
    assert len(rows(app, HistoryEntry)) == before  # nothing was sent

    profiles = admin_client.get("/api/v1/profiles", headers=bearer(read_only)).json()
    assert [p["id"] for p in profiles] == [sandbox]
    created = admin_client.post(
        "/api/v1/send", json=send_body(sandbox, CREATE_ESTATE), headers=bearer(writer)
    )
    assert created.status_code == 200 and created.json()["ok"], created.text
    estate = admin_client.post(
        "/api/v1/send", json=send_body(other, READ_ESTATES), headers=bearer(estates_only)
    )
    assert estate.status_code == 200
    # The read-only token does not see the history of a profile beyond its scope.
    listed = admin_client.get("/api/v1/history", headers=bearer(read_only)).json()["entries"]
    assert {e["profile_id"] for e in listed} == {sandbox}


def test_a_token_limited_to_profiles_lists_only_their_saved_requests(
    admin_client: TestClient, app: FastAPI
) -> None:
    sandbox = sandbox_profile(app, "ada")
    other = create_profile(admin_client, app, "Second", token=DEMO_TOKEN, secret=DEMO_SECRET)
    for name, profile_id in (("With sandbox", sandbox), ("With second", other)):
        form = send_form(profile_id, READ_ESTATE, name=name)
        assert admin_client.post("/saved", data=form).status_code == 303
    limited = make_token(app, "ada", profile_ids=[sandbox])
    listed = admin_client.get("/api/v1/saved", headers=bearer(limited)).json()
    assert [s["name"] for s in listed] == ["With sandbox"]
    every = admin_client.get("/api/v1/saved", headers=bearer(make_token(app, "ada"))).json()
    assert sorted(s["name"] for s in every) == ["With sandbox", "With second"]


def test_a_deleted_profile_comes_off_its_tokens_and_a_token_left_without_one_is_revoked(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI, database_kind: str
) -> None:
    sandbox = sandbox_profile(app, "ada")
    scratch = create_profile(admin_client, app, "Scratch", token=DEMO_TOKEN, secret=DEMO_SECRET)
    only_scratch = make_token(app, "ada", profile_ids=[scratch], name="only")
    both = make_token(app, "ada", profile_ids=[sandbox, scratch], name="both")
    assert admin_client.post(f"/profiles/{scratch}/delete").status_code == 303

    # The profile made next, bob's Sandbox at his first login, may get the deleted one's id:
    # SQLite reuses the highest id. Shared, ada herself may use it.
    bob = make_client("bob")
    bobs = sandbox_profile(app, "bob")
    assert bobs == scratch or database_kind == "postgresql"
    assert bob.post(f"/profiles/{bobs}/share").status_code == 303
    refused = admin_client.get("/api/v1/profiles", headers=bearer(only_scratch))
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    listed = admin_client.get("/api/v1/profiles", headers=bearer(both)).json()
    assert [p["id"] for p in listed] == [sandbox]
    other = admin_client.post(
        "/api/v1/send", json=send_body(bobs, READ_ESTATES), headers=bearer(both)
    )
    assert other.status_code == 403
    [event] = _events(app, "profile.deleted")
    assert "revoked 1 access token(s) limited to it" in event.summary


def test_a_limited_tokens_history_pages_and_search_know_nothing_of_other_profiles(
    admin_client: TestClient, app: FastAPI
) -> None:
    sandbox = sandbox_profile(app, "ada")
    other = create_profile(admin_client, app, "Customer", token=DEMO_TOKEN, secret=DEMO_SECRET)
    secret_filter = {"Name": [{"op": "=", "val": "Mueller-Geheim"}]}
    lookup = {"verb": "read", "resourcetype": "address", "parameters": {"filter": secret_filter}}
    every = make_token(app, "ada", name="every")
    for profile_id in (other, other, sandbox):
        sent = admin_client.post(
            "/api/v1/send", json=send_body(profile_id, lookup), headers=bearer(every)
        )
        assert sent.status_code == 200, sent.text
    limited = bearer(make_token(app, "ada", profile_ids=[sandbox], name="limited"))
    page = admin_client.get("/api/v1/history?q=geheim&limit=1", headers=limited).json()
    assert [e["profile_id"] for e in page["entries"]] == [sandbox]
    assert page["next_before"] is None  # the other profile's two entries are not "more"
    both = admin_client.get("/api/v1/history?q=geheim&limit=1", headers=bearer(every)).json()
    assert both["next_before"] is not None


def test_expired_revoked_and_disabled_tokens_are_refused(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    expired, revoked, by_admin, disabled = (make_token(app, "bob", name=n) for n in "abcd")
    for token in (expired, revoked, by_admin, disabled):
        assert bob.get("/api/v1/profiles", headers=bearer(token)).status_code == 200
    with Session(app.state.playground.engine) as db:
        row = db.exec(select(AccessToken).where(AccessToken.name == "a")).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.add(row)
        db.commit()
    ids = {t.name: t.id for t in _tokens(app)}
    assert bob.post(f"/account/tokens/{ids['b']}/revoke", headers=HX).status_code == 200
    # A member may not revoke another's token; an admin may.
    alice = make_client("alice")
    assert alice.post(f"/account/tokens/{ids['c']}/revoke").status_code == 404
    assert admin_client.post(f"/account/tokens/{ids['c']}/revoke").status_code == 303

    for token, reason in ((expired, "expired"), (revoked, "revoked"), (by_admin, "revoked")):
        answer = bob.get("/api/v1/history", headers=bearer(token))
        assert answer.status_code == 401 and reason in answer.json()["detail"]
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert bob.get("/api/v1/history", headers=bearer(disabled)).status_code == 200
    assert admin_client.post(f"/admin/users/{user_id(app, 'bob')}/disable").status_code == 303
    assert bob.get("/api/v1/history", headers=bearer(disabled)).status_code == 401
    assert all(t.revoked_at is not None for t in _tokens(app) if t.name != "a")
    [disabling] = _events(app, "user.disabled")
    assert "2 access token(s) revoked" in disabling.summary  # "d", and "a" (only expired)
    revocations = [e.summary for e in _events(app, "token.revoked")]
    assert revocations == [
        f'Revoked access token "b" (#{ids["b"]}) of bob',
        f'Revoked access token "c" (#{ids["c"]}) of bob',
    ]
    admin_page = admin_client.get("/admin/tokens").text
    assert admin_page.count('data-testid="token-row"') == 4


def test_a_members_token_uses_a_shared_profile_and_never_reads_its_credentials(
    make_client: MakeClient, app: FastAPI
) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    shared = Objects(app, alice, "alice").profile(shared=True)
    token = make_token(app, "bob", profile_ids=[shared])
    answers = [bob.get("/api/v1/profiles", headers=bearer(token))]
    [listed] = answers[0].json()
    assert listed["id"] == shared and listed["owner"] == "alice" and not listed["mine"]
    assert set(listed) == {"id", "name", "endpoint", "hmac_version", "owner", "mine", "shared",
                           "protected"}  # fmt: skip
    sent = bob.post("/api/v1/send", json=send_body(shared, READ_ESTATES), headers=bearer(token))
    assert sent.status_code == 200 and sent.json()["ok"]
    answers += [
        sent,
        bob.get(f"/api/v1/history/{sent.json()['history_id']}", headers=bearer(token)),
    ]
    answers.append(bob.get(f"/api/v1/fields?profile={shared}", headers=bearer(token)))
    assert answers[-1].status_code == 200 and "kaufpreis" in answers[-1].json()["modules"]["estate"]
    # What the composer's editor gets, in the shape the API's OpenAPI description gives.
    assert answers[-1].json() == bob.get(f"/fields.json?profile={shared}").json()
    assert FieldsOut.model_validate(answers[-1].json()).profile_id == shared
    for answer in answers:
        for planted in (PLANTED_TOKEN, PLANTED_SECRET, PLANTED_TOKEN[-4:]):
            assert planted not in answer.text
    # Once unshared, the profile is gone for bob's token.
    assert alice.post(f"/profiles/{shared}/unshare").status_code == 303
    gone = bob.post("/api/v1/send", json=send_body(shared, READ_ESTATES), headers=bearer(token))
    assert gone.status_code == 404 and gone.headers["content-type"] == PROBLEM


def test_a_protected_profile_takes_writes_only_when_confirmed(
    admin_client: TestClient, app: FastAPI
) -> None:
    protected = create_profile(
        admin_client, app, "Live", protected=True, token=DEMO_TOKEN, secret=DEMO_SECRET
    )
    writer = make_token(app, "ada", read_only=False)
    reader = make_token(app, "ada")
    asked = admin_client.post(
        "/api/v1/send", json=send_body("Live", CREATE_ESTATE), headers=bearer(writer)
    )
    assert asked.status_code == 409 and "confirm" in asked.json()["detail"]
    assert rows(app, HistoryEntry) == []
    still = admin_client.post(
        "/api/v1/send",
        json=send_body(protected, CREATE_ESTATE, confirm=True),
        headers=bearer(reader),
    )
    assert still.status_code == 403
    done = admin_client.post(
        "/api/v1/send",
        json=send_body(protected, CREATE_ESTATE, confirm=True),
        headers=bearer(writer),
    )
    assert done.status_code == 200 and done.json()["ok"]
    [send_event] = _events(app, "send")
    assert "writes to a protected profile confirmed" in send_event.summary


def test_a_browser_session_is_no_key_to_the_api(admin_client: TestClient, app: FastAPI) -> None:
    # The admin client carries its session cookie and CSRF header: still refused.
    before = len(rows(app, HistoryEntry))
    for answer in (
        admin_client.get("/api/v1/history"),
        admin_client.post("/api/v1/send", json=send_body("Sandbox", READ_ESTATES)),
        admin_client.get("/api/v1/profiles", headers={"Authorization": "Basic YWRhOng="}),
    ):
        assert answer.status_code == 401 and answer.headers["content-type"] == PROBLEM
        assert "browser session is not accepted" in answer.json()["detail"]
    assert len(rows(app, HistoryEntry)) == before
    unknown = admin_client.get("/api/v1/history", headers=bearer("pgt_not-a-token"))
    assert unknown.status_code == 401 and "not known" in unknown.json()["detail"]


def test_bad_requests_get_problem_details(admin_client: TestClient, app: FastAPI) -> None:
    token = make_token(app, "ada")
    cases = [
        admin_client.post("/api/v1/send", json={"profile": "Sandbox"}, headers=bearer(token)),
        admin_client.post(
            "/api/v1/send",
            json=send_body("Sandbox", READ_ESTATES | {"verb": "fly"}),
            headers=bearer(token),
        ),
        admin_client.post(
            "/api/v1/send",
            json=send_body("Sandbox", READ_ESTATES | {"resourcetype": "es\ntate"}),
            headers=bearer(token),
        ),
        admin_client.get("/api/v1/history/0", headers=bearer(token)),
    ]
    assert [c.status_code for c in cases] == [422, 422, 422, 422]
    for case in cases:
        assert case.headers["content-type"] == PROBLEM and case.json()["status"] == 422
    assert admin_client.get("/api/v1/history/99", headers=bearer(token)).status_code == 404
    nobody = admin_client.post(
        "/api/v1/send", json=send_body("Nope", READ_ESTATES), headers=bearer(token)
    )
    assert nobody.status_code == 404 and nobody.json()["title"] == "Not found"


def test_a_profile_id_beyond_any_id_is_refused_not_looked_up(
    admin_client: TestClient, app: FastAPI
) -> None:
    # PostgreSQL's ids stop at 2**31 - 1: a larger one reached its query as a 500.
    token = make_token(app, "ada")
    huge = 2**31
    sent = admin_client.post(
        "/api/v1/send", json=send_body(huge, READ_ESTATES), headers=bearer(token)
    )
    assert sent.status_code == 422 and sent.headers["content-type"] == PROBLEM
    assert "profile: not an id (use a whole number from 1 to 2147483647)" in sent.json()["detail"]
    german = admin_client.post(
        "/api/v1/send",
        json=send_body(huge, READ_ESTATES),
        headers=bearer(token) | {"Accept-Language": "de"},
    )
    assert "profile: keine ID (verwenden Sie eine ganze Zahl von 1 bis" in german.json()["detail"]
    for odd in (True, 1.0):  # JSON's true and 1.0 are no ids either
        refused = admin_client.post(
            "/api/v1/send",
            json=send_body(1, READ_ESTATES) | {"profile": odd},
            headers=bearer(token),
        )
        assert refused.status_code == 422 and "profile: not an id" in refused.json()["detail"]
    for ref in (str(huge), "9" * 80, "\uff11"):  # no id: a name, which no profile has either
        fields = admin_client.get(f"/api/v1/fields?profile={ref}", headers=bearer(token))
        assert fields.status_code == 404 and fields.json()["title"] == "Not found"
    assert rows(app, HistoryEntry) == []
    for ref in (str(huge), "9" * 5000, "\uff11"):  # the account page's token form alike
        form = {"name": "Huge", "expires": "30", "access": "read", "profile": ref}
        made = admin_client.post("/account/tokens", data=form)
        assert made.status_code == 422 and "Choose only profiles that you may use." in made.text


def test_a_write_of_many_actions_keeps_its_outcome_in_the_audit_log(
    admin_client: TestClient, app: FastAPI
) -> None:
    # Fifty calls listed in full would fill the summary's 1000 characters and push the
    # outcome and the history entry's number out of the record.
    writer = make_token(app, "ada", read_only=False)
    calls = [{"verb": "do", "resourcetype": "x" * 18, "parameters": {}}] * 50
    sent = admin_client.post(
        "/api/v1/send", json=send_body(sandbox_profile(app, "ada"), *calls), headers=bearer(writer)
    )
    assert sent.status_code == 200, sent.text
    [event] = _events(app, "send")
    assert len(event.summary) <= 1000
    assert f"history #{sent.json()['history_id']}" in event.summary
    assert "status " in event.summary and "more; status" in event.summary
    assert f"; access token #{_tokens(app)[0].id}" in event.summary


def test_each_token_has_its_rate_limit(admin_client: TestClient, app: FastAPI) -> None:
    app.state.api_v1.state.rate_limiter = RateLimiter(3)
    first, second = make_token(app, "ada", name="one"), make_token(app, "ada", name="two")
    answers = [admin_client.get("/api/v1/profiles", headers=bearer(first)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60
    assert answers[-1].headers["content-type"] == PROBLEM
    assert admin_client.get("/api/v1/profiles", headers=bearer(second)).status_code == 200
    assert len(_events(app, "token.used")) == 4  # a refused request is not a use


def test_a_saved_request_runs_with_its_expectations(admin_client: TestClient, app: FastAPI) -> None:
    sandbox = sandbox_profile(app, "ada")
    form = send_form(sandbox, READ_ESTATE, name="Estates smoke", team="1")
    saved_id = int(admin_client.post("/saved", data=form).headers["location"].rsplit("=", 1)[1])
    token = make_token(app, "ada")
    with Session(app.state.playground.engine, expire_on_commit=False) as db:
        ada = db.exec(select(User).where(User.username == "ada")).one()
        expected = Expectations(ok=True, min_records=2, field="ort")
        saved.set_expectations(db, user=ada, saved_id=saved_id, expected=expected)
    [item] = admin_client.get("/api/v1/saved", headers=bearer(token)).json()
    assert item["expectations"] == ["status OK", "at least 2 record(s)", "field ort present"]
    run = admin_client.post(f"/api/v1/saved/{saved_id}/run", headers=bearer(token)).json()
    assert run["passed"] and all(c["met"] for c in run["expectations"])
    with Session(app.state.playground.engine, expire_on_commit=False) as db:
        ada = db.exec(select(User).where(User.username == "ada")).one()
        expected = Expectations(ok=True, min_records=50, field="no_such_field")
        saved.set_expectations(db, user=ada, saved_id=saved_id, expected=expected)
    run = admin_client.post(f"/api/v1/saved/{saved_id}/run", json={}, headers=bearer(token)).json()
    assert not run["passed"] and run["answer"]["ok"]
    assert [c["met"] for c in run["expectations"]] == [True, False, False]
    assert run["expectations"][1]["detail"] == "3 record(s) came back"


def test_the_shell_creates_a_token_and_prints_it_once(
    admin_client: TestClient,
    app: FastAPI,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", settings.effective_database_url)
    command = ["tokens", "create", "ada", "--name", "n8n", "--profile", "Sandbox"]
    assert main([*command, "--read-only", "--expires", "7"]) == 0
    printed = capsys.readouterr().out
    token = printed.splitlines()[-1]
    assert 'Access token "n8n" of ada (shown only this once):' in printed
    [row] = _tokens(app)
    assert row.read_only and row.profile_ids == f" {sandbox_profile(app, 'ada')} "
    assert row.expires_at is not None and row.expires_at - utcnow() < timedelta(days=7)
    answer = admin_client.post(
        "/api/v1/send", json=send_body("Sandbox", READ_ESTATES), headers=bearer(token)
    )
    assert answer.status_code == 200 and answer.json()["ok"]
    assert main(["tokens", "list", "ada"]) == 0
    listing = capsys.readouterr().out
    assert "n8n" in listing and row.prefix in listing and token not in listing
    assert main(["tokens", "create", "ada", "--name", "x", "--profile", "Nope"]) == 1
    assert "may use no profile named 'Nope'" in capsys.readouterr().out
    assert main(["tokens", "revoke", str(row.id)]) == 0
    assert admin_client.get("/api/v1/profiles", headers=bearer(token)).status_code == 401


def test_a_token_for_a_profile_deleted_meanwhile_is_refused_and_not_stored(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = app.state.playground
    pid = create_profile(admin_client, app, "Going", token=state.sandbox_token,
                         secret=state.sandbox_secret)  # fmt: skip
    # The profile passes the check, then its owner deletes it before the token is written.
    deleted_after_read(monkeypatch, app, profile_store, "get_usable_profile", (Profile, pid))
    form = {"name": "late", "expires": "90", "access": "read", "profile": [str(pid)]}
    refused = admin_client.post("/account/tokens", data=form)
    assert refused.status_code == 422 and "Choose only profiles that you may use." in refused.text
    with Session(state.engine) as db:
        assert db.exec(select(AccessToken)).all() == []
