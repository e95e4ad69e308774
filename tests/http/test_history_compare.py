"""Comparing two history entries: the changed estate and only it, the chooser, and privacy."""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Callable

from fastapi import FastAPI

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from tests.client import TestClient
from tests.http.route_support import changed_tables, sandbox_profile, snapshot
from tests.http.team_support import create_profile, send_form

READ = {
    "verb": "read",
    "resourcetype": "estate",
    "parameters": json.dumps({"data": ["Id", "objekttitel", "ort"], "listlimit": 4}),
}


def _send(client: TestClient, profile_id: int, action: dict[str, str]) -> int:
    """Send one action with the composer's form; the new entry's id."""
    response = client.post("/send", data=send_form(profile_id, action))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _first_estate(client: TestClient, entry_id: int) -> tuple[str, str]:
    """The id and title of the first estate an entry's answer lists."""
    body = json.loads(client.get(f"/history/{entry_id}/response.json").text)
    record = body["response"]["results"][0]["data"]["records"][0]
    return str(record["id"]), str(record["elements"]["objekttitel"])


def _two_reads_with_a_change(client: TestClient, profile_id: int) -> tuple[int, int, str, str, str]:
    """Read, retitle the first estate, read again: both entries, the id, old and new title."""
    first = _send(client, profile_id, READ)
    estate, old_title = _first_estate(client, first)
    new_title = f"Retitled {secrets.token_hex(4)}"
    modify = {
        "verb": "modify",
        "resourcetype": "estate",
        "resourceid": estate,
        "parameters": json.dumps({"data": {"objekttitel": new_title}}),
    }
    _send(client, profile_id, modify)
    second = _send(client, profile_id, READ)
    return first, second, estate, old_title, new_title


def _changes(page: str) -> dict[str, list[tuple[str, str, str]]]:
    """Changed records by key: (field, old, new) as the record view shows them."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for key, table in re.findall(
        r'data-testid="changed-record" data-key="([^"]+)"(.*?)</table>', page, re.S
    ):
        rows = re.findall(
            r'data-path="([^"]+)">.*?<del>(.*?)</del>.*?<ins>(.*?)</ins>', table, re.S
        )
        found[html.unescape(key)] = [tuple(html.unescape(v) for v in row) for row in rows]  # type: ignore[misc]
    return found


def test_two_reads_around_a_modify_show_exactly_the_changed_estate(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile_id = sandbox_profile(app, "ada")
    first, second, estate, old_title, new_title = _two_reads_with_a_change(admin_client, profile_id)
    page = admin_client.get("/history/compare", params={"a": first, "b": second})
    assert page.status_code == 200
    assert _changes(page.text) == {estate: [("objekttitel", old_title, new_title)]}
    assert (
        "3 changed" not in page.text and "1 changed, 0 added, 0 removed, 3 unchanged" in page.text
    )
    assert 'data-testid="different-requests"' not in page.text
    raw = page.text.split('data-testid="raw-diff">', 1)[1].split("</pre>", 1)[0]
    assert new_title in raw and old_title in raw

    # "Compare with the previous send" finds the first read, skipping the modify between.
    detail = admin_client.get(f"/history/{second}").text
    assert f"/history/compare?b={second}&amp;previous=1" in detail
    previous = admin_client.get("/history/compare", params={"b": second, "previous": "1"})
    assert _changes(previous.text) == {estate: [("objekttitel", old_title, new_title)]}
    assert f'<option value="{first}" selected>' in previous.text


def test_the_same_answer_twice_and_a_first_send(admin_client: TestClient, app: FastAPI) -> None:
    profile_id = sandbox_profile(app, "ada")
    first = _send(admin_client, profile_id, READ)
    second = _send(admin_client, profile_id, READ)
    same = admin_client.get("/history/compare", params={"a": first, "b": second}).text
    assert 'data-testid="answers-same"' in same and _changes(same) == {}
    lonely = admin_client.get("/history/compare", params={"b": first, "previous": "1"})
    assert lonely.status_code == 200
    assert f"Entry #{first} is the first send of its request" in lonely.text
    chooser = admin_client.get("/history/compare")
    assert chooser.status_code == 200
    assert f'<option value="{second}"' in chooser.text and "record-diff" not in chooser.text
    admin_client.post("/account/preferences", data={"language": "de", "time_zone": "UTC"})
    german = admin_client.get("/history/compare", params={"a": first, "b": second}).text
    assert "Antworten vergleichen" in german and "Die Antworten sind gleich." in german


def test_entries_of_someone_else_are_404_and_change_nothing(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    alice = make_client("alice")
    bob = make_client("bob")
    mine = _send(alice, sandbox_profile(app, "alice"), READ)
    his = _send(bob, sandbox_profile(app, "bob"), READ)
    before = snapshot(app)
    queries: list[dict[str, str | int]] = [
        {"a": his, "b": mine},
        {"a": mine, "b": his},
        {"b": mine, "previous": "1"},
    ]
    for query in queries:
        for viewer in (bob, admin_client):
            answer = viewer.get("/history/compare", params=query)
            assert answer.status_code == 404, (query, answer.status_code)
            assert "not yours" in answer.text
    assert changed_tables(before, snapshot(app)) == []
    # A share link shows the entry to the team at /s/...; it opens no comparison to others.
    assert alice.post(f"/history/{mine}/share", headers={"HX-Request": "true"}).status_code == 200
    assert bob.get("/history/compare", params={"a": his, "b": mine}).status_code == 404
    assert alice.get("/history/compare", params={"a": mine, "b": mine}).status_code == 200
    assert bob.get("/history/compare", params={"a": "x", "b": his}).status_code == 422


def test_reads_sent_with_two_profiles_compare_their_answers(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    first = sandbox_profile(app, "ada")
    second = create_profile(admin_client, app, "Customer", token=DEMO_TOKEN, secret=DEMO_SECRET)
    # The same {{estate}} names another estate in each profile.
    for profile, estate in ((first, "1"), (second, "2")):
        form = {"name": "estate", "value": estate, "scope": "profile", "profile_id": str(profile)}
        assert admin_client.post("/variables", data=form).status_code == 303
    read = {"verb": "read", "resourcetype": "estate", "resourceid": "{{estate}}"}
    read["parameters"] = json.dumps({"data": ["Id", "ort"]})
    form = send_form(first, read) | {"other_profile_id": str(second)}
    answer = admin_client.post("/history/compare/send", data=form)
    assert answer.status_code == 303
    page = admin_client.get(answer.headers["location"]).text
    assert re.findall(r'data-testid="removed-record" data-key="(\d+)"', page) == ["1"]
    assert re.findall(r'data-testid="added-record" data-key="(\d+)"', page) == ["2"]
    assert 'data-testid="different-requests"' in page  # as sent, the resourceids differ

    bob = make_client("bob")
    sandbox_profile(app, "bob")
    before = snapshot(app)
    write = {"verb": "modify", "resourcetype": "estate", "resourceid": "1"}
    write["parameters"] = json.dumps({"data": {"ort": "Köln"}})
    other = {"other_profile_id": str(second)}
    refused = admin_client.post("/history/compare/send", data=send_form(first, write) | other)
    assert refused.status_code == 400 and "Only reads" in refused.text
    plain = {"verb": "read", "resourcetype": "estate", "parameters": "{}"}
    foreign = send_form(sandbox_profile(app, "bob"), plain) | {"other_profile_id": str(second)}
    assert bob.post("/history/compare/send", data=foreign).status_code == 404
    assert changed_tables(before, snapshot(app)) == []


def test_a_read_in_two_languages_shows_each_select_fields_labels(
    admin_client: TestClient, make_client: Callable[[str], TestClient], app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    read = {"verb": "read", "resourcetype": "estate", "resourceid": "1"}
    read["parameters"] = json.dumps({"data": ["Id", "objektart", "vermarktungsart", "ort"]})
    languages = {"language_a": "DEU", "language_b": "ENG"}
    answer = admin_client.post(
        "/history/compare/languages", data=send_form(profile, read, **languages)
    )
    assert answer.status_code == 303, answer.text
    page = html.unescape(admin_client.get(answer.headers["location"]).text)
    changed = re.findall(r'data-testid="field-change" data-path="([^"]+)"', page)
    assert sorted(changed) == ["objektart", "vermarktungsart"]  # labels; the town stays
    ids = re.findall(r"\d+", answer.headers["location"])
    entries = [admin_client.get(f"/api/history/{i}").json() for i in ids]
    sent = [e["request"][0]["parameters"] for e in entries]
    assert [(p["outputlanguage"], p["formatoutput"]) for p in sent] == [
        ("DEU", True),
        ("ENG", True),
    ]

    fields = {"verb": "get", "resourcetype": "fields", "parameters": "{}"}
    got = admin_client.post(
        "/history/compare/languages", data=send_form(profile, fields, **languages)
    )
    assert got.status_code == 303  # get fields takes `language`
    bob = make_client("bob")
    before = snapshot(app)
    users = {"verb": "read", "resourcetype": "user", "parameters": "{}"}
    refused = admin_client.post(
        "/history/compare/languages", data=send_form(profile, users, **languages)
    )
    assert refused.status_code == 400 and "picks the answer" in html.unescape(refused.text)
    nonsense = languages | {"language_b": "Klingon"}
    assert (
        admin_client.post(
            "/history/compare/languages", data=send_form(profile, read) | nonsense
        ).status_code
        == 422
    )
    foreign = send_form(profile, read, **languages)  # ada's profile
    assert bob.post("/history/compare/languages", data=foreign).status_code == 404
    assert changed_tables(before, snapshot(app)) == []
