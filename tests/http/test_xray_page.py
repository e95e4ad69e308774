"""Signature X-ray over HTTP: owners and members get diagnoses in words, never the expected
HMAC, the secret or the token; a profile one may not use is not found; a user is limited to
a number of checks a minute."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope
from playground.services import xray
from tests.client import TestClient
from tests.http.team_support import HX, PLANTED_SECRET, PLANTED_TOKEN, create_profile

READ = ActionRequest(Verb.READ, "estate", "", "", {"data": ["Id"], "listlimit": 2})


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The sandbox accepts the planted credentials (the team profile holds them)."""
    return {"sandbox_token": PLANTED_TOKEN, "sandbox_secret": PLANTED_SECRET}


def _body(*, timestamp: int | None = None, version: int = 2) -> dict[str, Any]:
    """A body signed with the planted credentials, as an integrator's code would send it."""
    stamp = int(time.time()) if timestamp is None else timestamp
    return build_envelope(
        [READ], token=PLANTED_TOKEN, secret=PLANTED_SECRET, timestamp=stamp,
        hmac_version=2 if version == 2 else 1,
    )  # fmt: skip


def _check(client: TestClient, profile_id: int, body: object, **headers: str) -> Any:
    """Post a body to the X-ray."""
    form = {"profile_id": str(profile_id), "body": json.dumps(body)}
    return client.post("/xray", data=form, headers=headers)


def _findings(page: str) -> str:
    """The diagnosis part of a page."""
    assert 'data-testid="xray-diagnosis"' in page, page
    return page.split('data-testid="xray-diagnosis"', 1)[1]


def test_the_owner_learns_a_valid_request_is_right(admin_client: TestClient, app: FastAPI) -> None:
    """Nothing wrong found, the HMAC matches, the signed string shows the token masked."""
    profile_id = create_profile(admin_client, app, "Team")
    page = admin_client.get("/xray").text
    assert f'<option value="{profile_id}"' in page
    result = _check(admin_client, profile_id, _body(), **HX)
    assert result.status_code == 200
    found = _findings(result.text)
    assert "Nothing wrong found" in found and "HMAC matches" in found
    assert "&lt;token&gt;estateurn:onoffice-de-ns:smart:2.5:smartml:action:read" in found


def test_a_member_with_a_shared_profile_gets_diagnoses_but_no_oracle(
    admin_client: TestClient, app: FastAPI, make_client: Callable[[str], TestClient]
) -> None:
    """Stale timestamp and v1-labelled-v2 are named; no expected HMAC, secret, token or hint."""
    profile_id = create_profile(admin_client, app, "Team")
    assert admin_client.post(f"/profiles/{profile_id}/share").status_code == 303
    bob = make_client("bob")
    stale = _body(timestamp=int(time.time()) - 600)
    v1 = _body(version=1)
    v1["request"]["actions"][0]["hmac_version"] = 2
    wrong = _body()
    expected = wrong["request"]["actions"][0]["hmac"]
    wrong["request"]["actions"][0]["hmac"] = "A" * 43 + "="
    pages = [_check(bob, profile_id, body).text for body in (stale, v1, wrong)]
    assert "seconds behind the server clock" in _findings(pages[0])
    assert "This is an HMAC v1, but &#34;hmac_version&#34; says 2" in _findings(pages[1])
    assert "The HMAC does not match" in _findings(pages[2])
    for page in pages:
        assert PLANTED_TOKEN not in page and PLANTED_SECRET not in page
        assert expected not in page
        assert PLANTED_TOKEN[-4:] not in page  # the owner's hint is not shown to a member


def test_a_wrong_token_is_named_for_the_owner_with_the_hint(
    admin_client: TestClient, app: FastAPI
) -> None:
    """The owner sees which token the profile has (its last characters only)."""
    profile_id = create_profile(admin_client, app, "Team")
    body = _body()
    body["token"] = "Z" * 32
    page = _check(admin_client, profile_id, body).text
    assert (
        f"not the token of the profile &#34;Team&#34; (that one ends in …{PLANTED_TOKEN[-4:]})"
        in page
    )


def test_fields_instead_of_a_body(admin_client: TestClient, app: FastAPI) -> None:
    """The separate fields, with the actionid shortened to its verb."""
    profile_id = create_profile(admin_client, app, "Team")
    action = _body()["request"]["actions"][0]
    form = {
        "profile_id": str(profile_id), "token": PLANTED_TOKEN,
        "timestamp": str(action["timestamp"]), "resourcetype": "estate", "actionid": "read",
        "hmac": action["hmac"], "hmac_version": "2",
    }  # fmt: skip
    page = admin_client.post("/xray", data=form).text
    assert "The actionid must be the full URN" in _findings(page)
    assert PLANTED_TOKEN not in page


def test_someone_elses_profile_is_not_found_and_empty_input_is_refused(
    admin_client: TestClient, app: FastAPI, make_client: Callable[[str], TestClient]
) -> None:
    """404 for a private profile of another user; 422 with a message for nothing pasted."""
    profile_id = create_profile(admin_client, app, "Private")
    bob = make_client("bob")
    assert _check(bob, profile_id, _body()).status_code == 404
    empty = admin_client.post("/xray", data={"profile_id": str(profile_id), "body": " "})
    assert empty.status_code == 422
    assert "Paste the request body" in empty.text


def test_checks_are_limited_per_user(
    admin_client: TestClient, app: FastAPI, make_client: Callable[[str], TestClient]
) -> None:
    """Past the limit of the minute: 429 with Retry-After; another user is not affected."""
    profile_id = create_profile(admin_client, app, "Team")
    assert admin_client.post(f"/profiles/{profile_id}/share").status_code == 303
    answers = [_check(admin_client, profile_id, {}) for _ in range(xray.PER_MINUTE + 1)]
    assert [a.status_code for a in answers[:-1]] == [200] * xray.PER_MINUTE
    assert answers[-1].status_code == 429
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert "Too many diagnoses this minute" in answers[-1].text
    assert _check(make_client("bob"), profile_id, {}).status_code == 200


def test_the_diagnosis_speaks_the_readers_language(admin_client: TestClient, app: FastAPI) -> None:
    """A German browser gets the diagnosis in German, the seconds still counted."""
    profile_id = create_profile(admin_client, app, "Team")
    body = _body(timestamp=int(time.time()) - 600)
    page = _check(admin_client, profile_id, body, **{"Accept-Language": "de"}).text
    assert "Sekunden hinter der Serveruhr" in _findings(page)
    assert "Signatur-Röntgen" in page


@pytest.mark.parametrize("levels", [100, 5_000, 99_000])  # within the 200,000 characters
def test_a_body_nested_beyond_reason_is_named_not_a_500(
    admin_client: TestClient, app: FastAPI, levels: int
) -> None:
    profile_id = create_profile(admin_client, app, "Team")
    body = '{"request": {"actions": [' + "[" * levels + "]" * levels + "]}}"
    form = {"profile_id": str(profile_id), "body": body}
    result = admin_client.post("/xray", data=form, headers=HX)
    assert result.status_code == 200, result.status_code
    assert "The body is nested more than 80 levels deep." in _findings(result.text)
