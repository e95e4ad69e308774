"""The built-in sandbox: body limit before reading, token before parsing, no filter or pile
of actions that stops the server, proxy-only in SSO, and a reset of its data from the admin
page or the shell that reaches every instance."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from playground.cli import main
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.sandbox.info import MAX_WORDS
from playground.sandbox.query import MAX_CLAUSES
from playground.settings import Settings
from playground.web.app import create_app
from tests.client import TestClient
from tests.http.serve_support import read_response, served_on_port, serving_process
from tests.http.team_support import HX, events
from tests.served import LOCAL_TLS

API = "/sandbox/api/stable/api.php"
THIRTY_MB = 30_000_000
CITY = "Resetbach"


def _signed(*actions: ActionRequest) -> bytes:
    """A request body signed with the demo credentials the sandbox accepts."""
    envelope = build_envelope(
        actions, token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(time.time())
    )
    return encode_body(envelope)


def _call(client: TestClient, *actions: ActionRequest) -> dict[str, Any]:
    """Send signed actions to the mounted sandbox; the answer envelope."""
    answer = client.post(API, content=_signed(*actions))
    assert answer.status_code == 200, answer.text
    payload: dict[str, Any] = answer.json()
    return payload


def _first_estate(client: TestClient) -> tuple[str, str]:
    """The id and city (ort) of the first estate, as the sandbox has them now."""
    read = ActionRequest(
        Verb.READ,
        "estate",
        parameters={"data": ["Id", "ort"], "listlimit": 1, "sortby": {"Id": "ASC"}},
    )
    [result] = _call(client, read)["response"]["results"]
    [record] = result["data"]["records"]
    return str(record["id"]), str(record["elements"]["ort"])


def _first_city(client: TestClient) -> str:
    """The city of the first estate."""
    return _first_estate(client)[1]


def _move_first_estate(client: TestClient) -> None:
    """Change the first estate's city, as any caller who knows the demo credentials can."""
    estate_id, _ = _first_estate(client)
    modify = ActionRequest(
        Verb.MODIFY, "estate", resourceid=estate_id, parameters={"data": {"ort": CITY}}
    )
    [result] = _call(client, modify)["response"]["results"]
    assert result["status"]["errorcode"] == 0, result
    assert _first_city(client) == CITY


def test_an_anonymous_30_mb_body_is_refused_before_it_is_read(app: FastAPI) -> None:
    head = f"POST {API} HTTP/1.1\r\nHost: x\r\nContent-Length: {THIRTY_MB}\r\n\r\n"
    with (
        served_on_port(app) as port,
        socket.create_connection(("127.0.0.1", port), timeout=10) as conn,
    ):
        started = time.monotonic()
        conn.sendall(head.encode() + b"{" * 1000)  # the rest never comes
        status, _, body = read_response(conn)
        assert time.monotonic() - started < 2
    assert status == 413
    assert b"larger than the 2 MB" in body


def test_a_large_chunked_body_is_refused_too(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b" " * 1_000_000

    answer = client.post(API, content=chunks())
    assert answer.status_code == 413


def test_a_large_body_without_the_token_is_not_parsed(client: TestClient) -> None:
    unparsable = b'{"token": "someone else", "request": ' + b"[" * 200_000
    answer = client.post(API, content=unparsable)
    assert answer.json()["status"]["errorcode"] == 22  # not authenticated, not a JSON error
    # A small body keeps the documented order: JSON errors before the token.
    assert client.post(API, content=b"{").json()["status"]["errorcode"] != 22


def test_a_like_pattern_of_many_wildcards_freezes_nothing(tmp_path: Path) -> None:
    # Anyone may call the mounted sandbox with its public demo credentials. Made into a
    # regular expression, this pattern backtracked for hours on each title while holding
    # the interpreter lock: one request froze every page of the server.
    hostile = {"objekttitel": [{"op": "like", "val": "%" * 12 + "!"}]}
    read = ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "filter": hostile})
    with (
        serving_process(tmp_path) as url,
        httpx.Client(verify=LOCAL_TLS, base_url=url, timeout=30) as outsider,
    ):
        answer = outsider.post(API, content=_signed(read)).json()
        assert outsider.get("/healthz").json() == {"status": "ok"}
    [result] = answer["response"]["results"]
    assert result["status"]["errorcode"] == 0 and result["data"]["records"] == []


def test_a_request_of_more_actions_than_the_composer_sends_is_refused(client: TestClient) -> None:
    # Each read of 500 estates answers about 650 times its own size: a 2 MB body of them
    # asked for gigabytes, from anyone who knows the public demo credentials.
    read = ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "listlimit": 500})
    refused = client.post(API, content=_signed(*[read] * 51)).json()
    assert refused["status"]["errorcode"] == 15 and "response" not in refused  # none answered
    small = ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "listlimit": 1})
    results = _call(client, *[small] * 50)["response"]["results"]
    assert len(results) == 50 and all(r["status"]["errorcode"] == 0 for r in results)


def test_a_filter_of_more_clauses_than_a_search_needs_is_refused(client: TestClient) -> None:
    # Each clause is tested on every record of the module: 26 kB of them held the sandbox,
    # and every request waiting for it, 12 seconds; 2 MB a quarter of an hour.
    def read(clauses: int) -> ActionRequest:
        wide = {
            "objekttitel": [{"op": "like", "val": "%_%"}] * (clauses - 1),
            "Id": [{"op": "<=", "val": 3}],  # the count spans the fields
        }
        return ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "filter": wide})

    [refused] = _call(client, read(MAX_CLAUSES + 1))["response"]["results"]
    assert refused["status"]["errorcode"] == 257
    assert f"a filter takes at most {MAX_CLAUSES} clauses" in refused["status"]["message"]
    [answered] = _call(client, read(MAX_CLAUSES))["response"]["results"]
    assert answered["status"]["errorcode"] == 0
    assert [r["id"] for r in answered["data"]["records"]] == [1, 2, 3]


def test_like_patterns_that_mix_letters_and_underscores_have_a_budget(client: TestClient) -> None:
    # Such a piece is tried at each place of a value: on the 60,000 characters anyone may
    # write into a description it took 40 ms per value and clause, and a request carries
    # up to a thousand clauses, all of it holding the interpreter lock.
    long_text = {"objektbeschreibung": "a" * 60_000}
    writes = [
        ActionRequest(Verb.MODIFY, "estate", resourceid=str(i), parameters={"data": long_text})
        for i in (1, 2, 3, 4)
    ]
    assert all(r["status"]["errorcode"] == 0 for r in _call(client, *writes)["response"]["results"])

    def read(pattern: str) -> dict[str, Any]:
        wanted = {"objektbeschreibung": [{"op": "like", "val": pattern}]}
        parameters = {"data": ["Id"], "filter": wanted, "sortby": {"Id": "ASC"}}
        answer = _call(client, ActionRequest(Verb.READ, "estate", parameters=parameters))
        result: dict[str, Any] = answer["response"]["results"][0]
        return result

    refused = read("%" + "a_" * 400 + "b%")
    assert refused["status"]["errorcode"] == 257
    assert "like on objektbeschreibung: the patterns took more than" in refused["status"]["message"]
    plain = read("%aaaa%")  # letters alone are found in one pass: no budget needed
    assert [r["id"] for r in plain["data"]["records"]] == [1, 2, 3, 4]
    usual = read("%a_a%")
    assert [r["id"] for r in usual["data"]["records"]] == [1, 2, 3, 4]


@pytest.fixture
def proxy_app(settings: Settings) -> FastAPI:
    """Proxy mode, 127.0.0.1 being the trusted proxy."""
    return create_app(settings.model_copy(update={"auth_mode": "proxy"}))


def test_in_proxy_mode_only_the_proxy_reaches_the_sandbox(proxy_app: FastAPI) -> None:
    body = _signed(ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"]}))
    with TestClient(proxy_app, client=("192.0.2.7", 4000)) as elsewhere:
        refused = elsewhere.post(API, content=body)
    assert refused.status_code == 403
    assert "sign-on proxy" in refused.json()["error"]
    with TestClient(proxy_app, client=("127.0.0.1", 4000)) as through_proxy:
        assert through_proxy.post(API, content=body).json()["status"]["errorcode"] == 0


def test_an_admin_resets_the_sandbox_data(app: FastAPI, admin_client: TestClient) -> None:
    assert 'data-testid="sandbox-reset"' in admin_client.get("/admin/users").text
    original = _first_city(admin_client)
    _move_first_estate(admin_client)

    answer = admin_client.post("/admin/sandbox/reset", headers=HX)
    assert answer.status_code == 200
    assert 'data-testid="sandbox-reset-done"' in answer.text
    assert _first_city(admin_client) == original
    [event] = events(app, "sandbox.reset")
    assert event.username == "ada"

    _move_first_estate(admin_client)
    plain = admin_client.post("/admin/sandbox/reset")
    assert plain.status_code == 303
    assert "sandbox-reset-done" in admin_client.get(plain.headers["location"]).text
    assert _first_city(admin_client) == original


def test_the_shell_resets_the_sandbox_of_a_running_server(
    app: FastAPI,
    client: TestClient,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    original = _first_city(client)
    _move_first_estate(client)
    second_instance = TestClient(create_app(settings))
    assert _first_city(second_instance) == original  # each instance has its own data
    _move_first_estate(second_instance)

    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", settings.effective_database_url)
    assert main(["sandbox", "reset"]) == 0
    assert "starts over" in capsys.readouterr().out

    assert _first_city(client) == original
    assert _first_city(second_instance) == original
    assert [e.username for e in events(app, "sandbox.reset")] == ["shell"]


def test_the_reset_needs_an_admin_and_a_sandbox(
    app: FastAPI, admin_client: TestClient, settings: Settings
) -> None:
    without = create_app(settings.model_copy(update={"sandbox": False}))
    with TestClient(without, follow_redirects=False) as other:
        form = {"username": "ada", "password": "correct horse battery"}
        assert other.post("/login", data=form).status_code == 303
        page = other.get("/admin/users").text
        assert "sandbox-reset" not in page
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert other.post("/admin/sandbox/reset", data={"csrf_token": token}).status_code == 404
    assert json.dumps([e.kind for e in events(app, "sandbox.reset")]) == "[]"


def test_a_search_of_more_words_than_a_search_box_takes_is_refused(client: TestClient) -> None:
    # Every word was looked for in every record: 950,000 of them took 70 s.
    def search(text: str) -> dict[str, Any]:
        action = ActionRequest(Verb.GET, "search", resourceid="estate", parameters={"input": text})
        result: dict[str, Any] = _call(client, action)["response"]["results"][0]
        return result

    refused = search(" ".join(f"w{n}" for n in range(MAX_WORDS + 1)))
    assert refused["status"]["errorcode"] == 255
    assert f"at most {MAX_WORDS} different words" in refused["status"]["message"]
    repeated = search("e " * 100_000)  # the same word again costs nothing more
    assert repeated["status"]["errorcode"] == 0
    assert repeated["data"]["meta"]["cntabsolute"] == search("e")["data"]["meta"]["cntabsolute"]


def test_a_repeated_module_or_field_is_described_once(client: TestClient) -> None:
    # Each repetition was described again: an answer 700 times the request's size.
    fields = ActionRequest(Verb.GET, "fields", parameters={"modules": ["estate"] * 1000})
    [described] = _call(client, fields)["response"]["results"]
    assert [r["id"] for r in described["data"]["records"]] == ["estate"]
    once = {"module": "address", "fields": ["HerkunftKontakt"]}
    again = {"module": "address", "fields": ["HerkunftKontakt"] * 1000}
    answers = _call(
        client,
        ActionRequest(Verb.GET, "multiselectconfiguration", parameters=once),
        ActionRequest(Verb.GET, "multiselectconfiguration", parameters=again),
    )["response"]["results"]
    assert answers[1]["data"] == answers[0]["data"]
