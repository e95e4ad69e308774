"""Hostile answers from an upstream of the test's making: nested hundreds of levels deep,
under long keys, or deep and long. Every page answers 200 with a message, never a 500, and
none grows with depth times key length (bench/deep_answers.py has the figures)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from playground.onoffice.answer_json import MAX_DEPTH
from playground.onoffice.diff import MAX_CHANGES, PATH_CHARS
from playground.store.models import HistoryEntry
from playground.web.views import PRETTY_JSON_CHARS
from tests.client import TestClient
from tests.http.flow_support import action, flow_form, run_in_page
from tests.http.odd_upstream import OddUpstream, odd_profile
from tests.http.team_support import HX, rows, send_form

STATUS = {"code": 200, "errorcode": 0, "message": "OK"}
ENVELOPE = 9  # levels from the answer down to a record's field value
READ = action("read", "estate", {"data": ["Id"]})
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
FAILED = "Something went wrong"


def _answer(deep: str) -> bytes:
    """A read-estate answer with one record whose field "deep" holds the JSON text."""
    record = '{"id": 1, "type": "estate", "elements": {"Id": "1", "deep": ' + deep + "}}"
    result = '{"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:read", '
    result += f'"resourcetype": "estate", "status": {json.dumps(STATUS)}, '
    result += '"data": {"meta": {"cntabsolute": 1}, "records": [' + record + "]}}"
    return f'{{"status": {json.dumps(STATUS)}, "response": {{"results": [{result}]}}}}'.encode()


def _chain(levels: int, key: int, leaf: str) -> bytes:
    """An answer `levels` deep in all, its field nested in objects under keys of `key` chars."""
    inner = levels - ENVELOPE
    return _answer(("{" + json.dumps("k" * key) + ": ") * inner + leaf + "}" * inner)


@pytest.fixture
def settings_overrides(odd_upstream: OddUpstream) -> dict[str, Any]:
    """Profiles may point at the odd upstream."""
    return {"allowed_endpoints": odd_upstream.url}


def _send(client: TestClient, profile: int, upstream: OddUpstream, body: bytes) -> str:
    """Send a read that the upstream answers with `body`; the page the composer shows."""
    upstream.body = body
    sent = client.post("/send", data=send_form(profile, READ), headers=HX)
    assert sent.status_code == 200, sent.text
    page: str = sent.text
    return page


def _pages(client: TestClient, first: int, entry: int) -> None:
    """The entry's pages and its comparison with the first entry all answer 200."""
    for url in (
        f"/history/{entry}",
        f"/api/history/{entry}",
        f"/history/compare?a={first}&b={entry}",
    ):
        page = client.get(url)
        assert page.status_code == 200 and FAILED not in page.text, (url, page.status_code)


def test_answers_nested_deeper_than_read_are_refused_with_a_message_and_no_page_fails(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    # 960 to 995 levels: json.loads reads them in the thread that decodes a large answer,
    # a page's deeper stack did not (a 500); keys of 300 characters make each over 256 kB.
    profile = odd_profile(admin_client, app, odd_upstream.url, "Deep")
    for levels in range(960, 1000, 5):
        assert TOO_DEEP in _send(admin_client, profile, odd_upstream, _chain(levels, 300, "1"))
    entries = [int(e.id) for e in rows(app, HistoryEntry)]
    assert {e.failure_kind for e in rows(app, HistoryEntry)} == {"not_json"}
    for entry in entries:
        _pages(admin_client, entries[0], entry)
    odd_upstream.body = _chain(980, 300, "1")
    second = action("read", "estate", {"data": ["Id"], "x": "{{steps.1.deep}}"})
    _run, pieces = run_in_page(admin_client, flow_form(profile, [READ], [second], stops=("0",)))
    assert all(FAILED not in piece for piece in pieces)


def test_an_answer_kept_deeper_by_an_earlier_version_shows_as_text_on_every_page(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    # Before the limit, an answer as deep as json.loads read on arrival was stored whole.
    profile = odd_profile(admin_client, app, odd_upstream.url, "Deep")
    for _ in range(2):
        _send(admin_client, profile, odd_upstream, _chain(20, 3, "1"))
    deep = _chain(990, 300, "1").decode()
    with Session(app.state.playground.engine) as db:
        for entry in rows(app, HistoryEntry):
            entry.response_body, entry.response_size = deep, len(deep)
            db.add(entry)
        db.commit()
    first, second = (int(e.id) for e in rows(app, HistoryEntry))
    _pages(admin_client, first, second)
    compared = admin_client.get(f"/history/compare?a={first}&b={second}").text
    assert "nested too deeply to compare" in html.unescape(compared)
    second_step = action("read", "estate", {"data": ["Id"], "x": "{{steps.1.deep}}"})
    odd_upstream.body = _chain(20, 3, "1")
    _run, pieces = run_in_page(admin_client, flow_form(profile, [READ], [second_step]))
    assert all(FAILED not in piece for piece in pieces)


def test_two_answers_deep_under_long_keys_compare_showing_the_end_of_the_path(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    # 250 levels under keys of 3800 characters: each level's path text held at once took
    # 115 MB, and the page showed the 950,000 characters of the path twice.
    profile = odd_profile(admin_client, app, odd_upstream.url, "Deep")
    for leaf in ('"old"', '"new"'):
        _send(admin_client, profile, odd_upstream, _chain(250, 3800, leaf))
    first, second = (int(e.id) for e in rows(app, HistoryEntry))
    page = admin_client.get(f"/history/compare?a={first}&b={second}")
    assert page.status_code == 200
    [path] = re.findall(r'data-testid="field-change" data-path="([^"]*)"', page.text)
    assert html.unescape(path) == "…" + "k" * PATH_CHARS
    assert len(page.text) < 200_000


def test_more_changed_fields_than_listed_end_the_list_with_a_note(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    profile = odd_profile(admin_client, app, odd_upstream.url, "Deep")
    for value in (0, 1):
        _send(admin_client, profile, odd_upstream, _answer(json.dumps([value] * 3000)))
    first, second = (int(e.id) for e in rows(app, HistoryEntry))
    page = admin_client.get(f"/history/compare?a={first}&b={second}").text
    assert page.count('data-testid="field-change"') == MAX_CHANGES
    assert 'data-testid="fields-cut"' in page


def test_the_json_tab_of_a_deep_and_long_answer_is_cut_with_a_note(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    # 250 levels, then 300,000 numbers: each on a line indented 500 spaces, 150 MB of page.
    profile = odd_profile(admin_client, app, odd_upstream.url, "Deep")
    numbers = "[" + ", ".join(["0"] * 300_000) + "]"
    _send(admin_client, profile, odd_upstream, _chain(250, 1, numbers))
    [entry] = rows(app, HistoryEntry)
    page = admin_client.get(f"/history/{entry.id}")
    assert page.status_code == 200
    assert "Indented, the answer is too long" in page.text
    assert len(page.text) < PRETTY_JSON_CHARS + 2_000_000


def test_a_field_holding_json_text_nested_beyond_reading_shows_as_text(
    admin_client: TestClient, app: FastAPI, odd_upstream: OddUpstream
) -> None:
    # The answer itself is shallow; one field's string value is JSON 3,000 levels deep.
    profile = odd_profile(admin_client, app, odd_upstream.url, "Deep")
    page = _send(admin_client, profile, odd_upstream, _answer(json.dumps("[" * 3000 + "]" * 3000)))
    assert FAILED not in page and "[[[[" in page
    [entry] = rows(app, HistoryEntry)
    assert admin_client.get(f"/history/{entry.id}").status_code == 200
