"""Checks of saved requests in the browser: expectations set on the saved page, checked now."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from tests.client import TestClient
from tests.http.route_support import Objects, sandbox_profile
from tests.http.team_support import HX, READ_ESTATE, send_form

MakeClient = Callable[[str], TestClient]


def _saved(client: TestClient, app: FastAPI, username: str, name: str) -> int:
    """A team saved request reading three estates with the user's Sandbox profile."""
    form = send_form(sandbox_profile(app, username), READ_ESTATE, name=name, team="1")
    return int(client.post("/saved", data=form).headers["location"].rsplit("=", 1)[1])


def test_expectations_are_set_on_the_saved_page_and_checked_now(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    saved_id = _saved(admin_client, app, "ada", "Estates smoke")
    expect = {"expect_ok": "1", "expect_min_records": "3", "expect_field": "ort"}
    row = admin_client.post(f"/saved/{saved_id}/expectations", data=expect, headers=HX)
    assert row.status_code == 200
    assert "status OK, at least 3 record(s), field ort present" in row.text
    page = admin_client.get("/saved").text
    assert 'value="3"' in page and 'value="ort"' in page

    passed = admin_client.post(f"/saved/{saved_id}/check", headers=HX)
    assert passed.status_code == 200
    assert (
        ">passed<" in passed.text and "✓ at least 3 record(s): 3 record(s) came back" in passed.text
    )

    bad = {"expect_min_records": "4", "expect_field": "no_such_field"}
    assert admin_client.post(f"/saved/{saved_id}/expectations", data=bad).status_code == 303
    failed = admin_client.post(f"/saved/{saved_id}/check", headers=HX).text
    assert ">failed<" in failed and "✗ at least 4 record(s): 3 record(s) came back" in failed
    assert "✗ field no_such_field present: no record carries it" in failed
    assert "status OK" not in failed  # no longer expected

    plain = admin_client.post(f"/saved/{saved_id}/check")
    assert plain.status_code == 303 and plain.headers["location"].startswith("/history/")

    refused = admin_client.post(
        f"/saved/{saved_id}/expectations", data={"expect_min_records": "many"}, headers=HX
    )
    assert refused.status_code == 422 and "least number of records" in refused.text

    # Bob sees the team's request but may not use ada's private profile: no check, no send.
    bob = make_client("bob")
    verdict = bob.post(f"/saved/{saved_id}/check", headers=HX)
    assert verdict.status_code == 200 and "no profile you may use" in verdict.text
    bob_saved = Objects(app, bob, "bob").saved()
    assert admin_client.post(f"/saved/{bob_saved}/check", headers=HX).status_code == 404
