"""History: listing, filters, detail, re-send, delete, isolation and the JSON API."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from fastapi import FastAPI
from sqlmodel import Session, select

from playground.store.models import HistoryEntry
from tests.client import TestClient

HX = {"HX-Request": "true"}


def _send(client: TestClient, verb: str, resourcetype: str, parameters: object) -> int:
    match = re.search(r'<option value="(\d+)"[^>]*>Sandbox ·', client.get("/").text)
    assert match
    form = {
        "profile_id": match.group(1),
        "verb": verb,
        "resourcetype": resourcetype,
        "parameters": json.dumps(parameters),
    }
    response = client.post("/send", data=form)
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def _listed_ids(client: TestClient, query: str = "") -> list[int]:
    text = client.get("/history" + query, headers=HX).text
    return [int(i) for i in re.findall(r'id="history-row-(\d+)"', text)]


def test_history_lists_newest_first_and_filters(admin_client: TestClient) -> None:
    estate = _send(admin_client, "read", "estate", {"data": ["Id"], "listlimit": 1})
    address = _send(admin_client, "read", "address", {"data": ["KdNr"], "listlimit": 1})
    failed = _send(admin_client, "read", "estate", {"data": ["no_such_field"]})
    assert _listed_ids(admin_client) == [failed, address, estate]
    assert _listed_ids(admin_client, "?resourcetype=address") == [address]
    assert _listed_ids(admin_client, "?verb=read&outcome=error") == [failed]
    assert _listed_ids(admin_client, "?outcome=ok") == [address, estate]
    assert _listed_ids(admin_client, "?q=KdNr") == [address]
    assert _listed_ids(admin_client, "?q=100%25") == []


def test_detail_shows_the_unsigned_request_and_the_answer(admin_client: TestClient) -> None:
    entry_id = _send(admin_client, "read", "estate", {"data": ["Id", "ort"], "listlimit": 2})
    page = admin_client.get(f"/history/{entry_id}").text
    assert "&#34;ort&#34;" in page or '"ort"' in page
    request_json = page.split('data-testid="request-json">', 1)[1].split("</pre>", 1)[0]
    assert "hmac" not in request_json and "timestamp" not in request_json
    assert "token" not in request_json
    assert '<th scope="col">ort</th>' in page


def test_resend_signs_afresh_and_records_a_new_entry(
    admin_client: TestClient, app: FastAPI
) -> None:
    entry_id = _send(admin_client, "read", "estate", {"data": ["Id"], "listlimit": 3})
    response = admin_client.post(f"/history/{entry_id}/resend", headers=HX)
    assert response.status_code == 200
    assert 'data-testid="top-status">200' in response.text
    with Session(app.state.playground.engine) as db:
        rows = db.exec(select(HistoryEntry).order_by(HistoryEntry.id)).all()  # type: ignore[arg-type]
    assert len(rows) == 2 and rows[1].ok and rows[1].request_json == rows[0].request_json


def test_open_in_composer_fills_the_actions(admin_client: TestClient) -> None:
    entry_id = _send(admin_client, "get", "fields", {"modules": ["address"]})
    page = admin_client.get(f"/?from={entry_id}").text
    assert 'name="resourcetype" value="fields"' in page
    assert "&#34;address&#34;" in page


def test_delete_one_and_delete_all(admin_client: TestClient) -> None:
    first = _send(admin_client, "read", "estate", {"listlimit": 1})
    second = _send(admin_client, "read", "estate", {"listlimit": 1})
    response = admin_client.post(
        f"/history/{first}/delete", headers=HX | {"HX-Target": f"history-row-{first}"}
    )
    assert response.status_code == 200 and response.text == ""
    assert _listed_ids(admin_client) == [second]
    assert admin_client.post("/history/delete-all").status_code == 303
    assert _listed_ids(admin_client) == []


def test_another_users_entries_answer_404(
    admin_client: TestClient, make_client: Callable[[str], TestClient]
) -> None:
    entry_id = _send(admin_client, "read", "estate", {"listlimit": 1})
    bob = make_client("bob")
    for path in (
        f"/history/{entry_id}",
        f"/history/{entry_id}/response.json",
        f"/api/history/{entry_id}",
        f"/?from={entry_id}",
    ):
        assert bob.get(path).status_code == 404, path
    assert bob.post(f"/history/{entry_id}/resend").status_code == 404
    assert bob.post(f"/history/{entry_id}/delete").status_code == 404
    assert _listed_ids(bob) == []
    bob.post("/history/delete-all")
    assert _listed_ids(admin_client) == [entry_id]


def test_json_api_and_download_agree_with_the_page(admin_client: TestClient) -> None:
    entry_id = _send(admin_client, "read", "address", {"data": ["Name"], "listlimit": 2})
    listing = admin_client.get("/api/history").json()["entries"]
    assert listing[0]["id"] == entry_id and listing[0]["calls"] == "read address"
    detail = admin_client.get(f"/api/history/{entry_id}").json()
    assert detail["request"][0]["parameters"] == {"data": ["Name"], "listlimit": 2}
    download = admin_client.get(f"/history/{entry_id}/response.json")
    assert "attachment" in download.headers["content-disposition"]
    assert json.loads(download.text) == json.loads(detail["response_body"])


def test_paging_continues_where_the_page_ended(admin_client: TestClient, app: FastAPI) -> None:
    from playground.services import history

    _send(admin_client, "read", "estate", {"listlimit": 1})
    with Session(app.state.playground.engine) as db:
        template = db.exec(select(HistoryEntry)).one()
        for _ in range(history.PAGE_SIZE + 5):
            db.add(HistoryEntry(**template.model_dump(exclude={"id"})))
        db.commit()
    first = _listed_ids(admin_client)
    assert len(first) == history.PAGE_SIZE
    second = _listed_ids(admin_client, f"?before={first[-1]}")
    assert len(second) == 6 and not set(first) & set(second)


def test_search_matches_every_word_case_insensitively(admin_client: TestClient) -> None:
    estate = _send(admin_client, "read", "estate", {"data": ["Id", "ort"], "listlimit": 1})
    address = _send(admin_client, "read", "address", {"data": ["Ort"], "listlimit": 1})
    assert _listed_ids(admin_client, "?q=ORT") == [address, estate]
    assert _listed_ids(admin_client, "?q=ort+address") == [address]
    assert _listed_ids(admin_client, "?q=%22Id%22+ort") == [estate]
    assert _listed_ids(admin_client, "?q=no-such-word") == []


def test_search_finds_error_codes_and_survives_odd_input(admin_client: TestClient) -> None:
    failed = _send(admin_client, "read", "estate", {"data": ["no_such_field"]})
    _send(admin_client, "read", "estate", {"listlimit": 1})
    assert _listed_ids(admin_client, "?q=143") == [failed]
    for odd in ('"', 'a"b OR c', "*", "NEAR(", "%_", "x"):
        response = admin_client.get("/history", params={"q": odd}, headers=HX)
        assert response.status_code == 200, odd
