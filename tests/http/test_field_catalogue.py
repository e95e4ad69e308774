"""The account's field catalogue: fetched through the profile, cached, refreshed, shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.services import fields as fields_service
from playground.services import send as send_service
from playground.store.models import HistoryEntry
from tests.client import TestClient
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, create_profile, rows, send_form

MakeClient = Callable[[str], TestClient]


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages of every get fields request that went upstream, in order."""
    seen: list[str] = []
    real = send_service.forward_exchange

    async def counting(profile: Any, actions: Any, **kwargs: Any) -> Any:
        seen.append(actions[0].parameters["language"])
        return await real(profile, actions, **kwargs)

    monkeypatch.setattr(fields_service, "forward_exchange", counting)
    return seen


def _fields(client: TestClient, profile: int, language: str = "ENG") -> Any:
    return client.get("/fields.json", params={"profile": profile, "language": language})


def test_the_field_list_comes_from_the_account_in_the_asked_language(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    english = _fields(admin_client, profile, "ENG")
    assert english.status_code == 200
    body = english.json()
    assert body["profile_id"] == profile and body["language"] == "ENG"
    assert body["fetched_at"].endswith("Z")
    assert {"estate", "address", "searchcriteria"} <= set(body["modules"])
    price = body["modules"]["estate"]["kaufpreis"]
    assert price["label"] == "Purchase price" and price["type"] == "float"
    marketing = body["modules"]["estate"]["vermarktungsart"]
    assert marketing["permitted"]["kauf"] and marketing["default"] == "kauf"
    german = _fields(admin_client, profile, "DEU").json()
    assert german["modules"]["estate"]["kaufpreis"]["label"] == "Kaufpreis"


def test_the_list_is_fetched_once_then_cached_until_refreshed_or_expired(
    admin_client: TestClient, app: FastAPI, fetches: list[str]
) -> None:
    profile = sandbox_profile(app, "ada")
    for _ in range(3):
        assert _fields(admin_client, profile).status_code == 200
    assert fetches == ["ENG"]
    form = {"profile": str(profile), "language": "ENG"}
    refreshed = admin_client.post("/fields/refresh", data=form, headers=HX)
    assert refreshed.status_code == 200 and 'data-insert-field="kaufpreis"' in refreshed.text
    assert fetches == ["ENG", "ENG"]
    plain = admin_client.post("/fields/refresh", data=form)
    assert plain.status_code == 303 and plain.headers["location"] == "/"
    assert len(fetches) == 3
    cache = app.state.playground.fields
    now = cache.clock()
    cache.clock = lambda: now + 61 * 60  # past PLAYGROUND_FIELDS_CACHE_MINUTES' default
    assert _fields(admin_client, profile).status_code == 200
    assert len(fetches) == 4


def test_bad_profiles_get_clear_answers(
    admin_client: TestClient, app: FastAPI, make_client: MakeClient
) -> None:
    assert admin_client.get("/fields.json").status_code == 422
    bob_profile = sandbox_profile(app, "ada")
    bob = make_client("bob")
    refused = _fields(bob, bob_profile)
    assert refused.status_code == 404 and "not yours" in refused.json()["error"]
    assert bob.get("/fields", params={"profile": bob_profile}).status_code == 404
    refresh = {"profile": str(bob_profile), "language": "ENG"}
    assert bob.post("/fields/refresh", data=refresh).status_code == 404
    assert _fields(admin_client, bob_profile, "FRA").status_code == 422


def test_a_refused_fetch_says_what_to_check(admin_client: TestClient, app: FastAPI) -> None:
    wrong = create_profile(admin_client, app, "Wrong secret", token=DEMO_TOKEN, secret="x" * 64)
    answer = _fields(admin_client, wrong)
    assert answer.status_code == 502
    error = answer.json()["error"]
    assert "137" in error and "secret" in error
    page = admin_client.get("/fields", params={"profile": wrong}, headers=HX)
    assert page.status_code == 502 and 'data-testid="fields-error"' in page.text


def _shared_with_bob(
    admin_client: TestClient, app: FastAPI, make_client: MakeClient
) -> tuple[int, TestClient]:
    """A sandbox profile of the admin's, shared with the team, and a member's client."""
    shared = create_profile(admin_client, app, "Team account", token=DEMO_TOKEN, secret=DEMO_SECRET)
    assert admin_client.post(f"/profiles/{shared}/share").status_code == 303
    return shared, make_client("bob")


def test_a_member_gets_a_shared_profiles_fields(
    admin_client: TestClient, app: FastAPI, make_client: MakeClient
) -> None:
    shared, bob = _shared_with_bob(admin_client, app, make_client)
    answer = _fields(bob, shared)
    assert answer.status_code == 200 and "kaufpreis" in answer.json()["modules"]["estate"]
    assert admin_client.post(f"/profiles/{shared}/unshare").status_code == 303
    assert _fields(bob, shared).status_code == 404  # served from the cache to users only


def test_the_browser_finds_fields_by_name_and_by_either_languages_label(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    page = admin_client.get("/fields", params={"profile": profile, "language": "ENG"})
    assert page.status_code == 200
    assert 'data-insert-field="kaufpreis" data-module="estate"' in page.text
    by_german = admin_client.get(
        "/fields", params={"profile": profile, "language": "ENG", "q": "Kaufpreis"}, headers=HX
    )
    assert 'data-insert-field="kaufpreis"' in by_german.text
    assert 'data-insert-field="ort"' not in by_german.text
    by_english = admin_client.get(
        "/fields", params={"profile": profile, "language": "DEU", "q": "purchase price"}
    )
    assert 'data-insert-field="kaufpreis"' in by_english.text
    # The composer opens it with its own name for the profile.
    opened = admin_client.get("/fields", params={"profile_id": profile}, headers=HX)
    assert f'<option value="{profile}" selected>' in opened.text


def _send(client: TestClient, profile: int, verb: str, rtype: str, params: object) -> str:
    action = {"verb": verb, "resourcetype": rtype, "parameters": json.dumps(params)}
    answer = client.post("/send", data=send_form(profile, action), headers=HX)
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def test_a_get_fields_answer_reads_as_a_list_not_a_wide_table(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    panel = _send(admin_client, profile, "get", "fields", {"labels": True, "modules": ["estate"]})
    assert 'data-testid="field-list"' in panel and 'data-testid="records"' not in panel
    assert 'data-insert-field="kaufpreis" data-module="estate"' in panel
    assert "Kaufpreis" in panel


def test_nested_values_show_as_indented_json(admin_client: TestClient, app: FastAPI) -> None:
    profile = sandbox_profile(app, "ada")
    panel = _send(admin_client, profile, "read", "basicsettings", {
        "data": {"basicData": {"characteristicsCi": ["logo", "color"]}}
    })  # fmt: skip
    assert "<td><details><summary>" in panel
    assert '<pre class="json">{\n' in panel


def test_an_unknown_field_offers_the_nearest_names_once_the_list_is_loaded(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile = sandbox_profile(app, "ada")
    wrong = {"data": ["Id", "kaufpries"]}
    before = _send(admin_client, profile, "read", "estate", wrong)
    assert "Unknown field <code>kaufpries</code>" in before
    assert f'href="/fields?profile={profile}">Load the field list' in before
    assert _fields(admin_client, profile).status_code == 200
    after = _send(admin_client, profile, "read", "estate", wrong)
    assert 'data-fix-field="kaufpries" data-fix-to="kaufpreis"' in after
    bad_filter = {"data": ["Id"], "filter": {"Kaufpreis": [{"op": ">", "val": 1}]}}
    fixed_case = _send(admin_client, profile, "read", "estate", bad_filter)
    assert 'data-fix-field="Kaufpreis" data-fix-to="kaufpreis"' in fixed_case


def test_hints_come_only_from_a_field_list_the_profile_would_fetch_now(
    admin_client: TestClient, app: FastAPI, make_client: MakeClient
) -> None:
    shared, bob = _shared_with_bob(admin_client, app, make_client)
    assert _fields(bob, shared).status_code == 200
    wrong = {"data": ["Id", "kaufpries"]}
    hint = 'data-fix-field="kaufpries" data-fix-to="kaufpreis"'
    assert hint in _send(bob, shared, "read", "estate", wrong)
    entry = rows(app, HistoryEntry)[-1].id
    assert hint in bob.get(f"/history/{entry}").text
    # Unshared: bob keeps his history entry, but no longer sees the account's field names.
    assert admin_client.post(f"/profiles/{shared}/unshare").status_code == 303
    page = bob.get(f"/history/{entry}")
    assert page.status_code == 200 and "Unknown field <code>kaufpries</code>" in page.text
    assert hint not in page.text
    # Changed (here the signing version): the list fetched before does not speak for it.
    edit = {"name": "Team account", "endpoint": "sandbox", "hmac_version": "1"}
    assert admin_client.post(f"/profiles/{shared}", data=edit).status_code == 303
    changed = _send(admin_client, shared, "read", "estate", wrong)
    assert "Unknown field <code>kaufpries</code>" in changed and hint not in changed
    assert _fields(admin_client, shared, "DEU").status_code == 200
    assert hint in _send(admin_client, shared, "read", "estate", wrong)


def test_calls_json_lists_each_calls_parameters(admin_client: TestClient) -> None:
    body = admin_client.get("/calls.json").json()
    read_estate = body["calls"]["read estate"]
    assert read_estate["module"] == "estate" and read_estate["paging"] is True
    assert {"data", "filter", "sortby", "listoffset", "estatelanguage"} <= set(
        read_estate["parameters"]
    )
    assert body["calls"]["get estatepictures"]["module"] is None
    assert body["calls"]["read task"]["paging"] is False  # tasks take no listoffset
    assert "not like" in body["operators"] and body["max_listlimit"] == 500
    assert "estate" in body["resourcetypes"]["read"]


def test_templates_are_found_by_german_words_and_link_their_docs(
    admin_client: TestClient,
) -> None:
    found = admin_client.get("/templates", params={"q": "Bilder"}, headers=HX).text
    assert 'data-key="get-estatepictures"' in found
    docs = "https://apidoc.onoffice.de/actions/informationen-abfragen/auf-homepage-"
    assert f'href="{docs}' in found and 'rel="noopener" target="_blank"' in found
    composer = admin_client.get("/").text
    assert "data-fields-details" in composer and 'href="/fields"' in composer
