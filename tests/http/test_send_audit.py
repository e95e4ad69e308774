"""Every send is audited: user, profile, endpoint, calls and statuses, never parameters."""

from __future__ import annotations

import json

from fastapi import FastAPI

from tests.client import TestClient
from tests.http.team_support import HX, create_profile, events, send_form

SECRET_PLACE = "Geheimstadt-4711"


def test_a_send_is_audited_with_calls_and_statuses_but_no_parameters(
    admin_client: TestClient, app: FastAPI
) -> None:
    state = app.state.playground
    pid = create_profile(
        admin_client, app, "Audit me", token=state.sandbox_token, secret=state.sandbox_secret
    )
    read = {
        "verb": "read",
        "resourcetype": "estate",
        "parameters": json.dumps(
            {"data": ["Id"], "filter": {"ort": [{"op": "=", "val": SECRET_PLACE}]}}
        ),
    }
    fields = {"verb": "get", "resourcetype": "fields", "parameters": '{"modules": ["estate"]}'}
    assert admin_client.post("/send", data=send_form(pid, read, fields), headers=HX).is_success
    [event] = events(app, "send")
    assert event.username == "ada" and event.address == "testclient"
    summary = event.summary
    assert '"Audit me" (sandbox)' in summary
    assert "read estate, get fields" in summary
    assert "status 200/0" in summary and "actions 0 0" in summary
    assert "access token" not in summary and "flow run" not in summary
    assert SECRET_PLACE not in summary and "filter" not in summary and "Id" not in summary
    assert state.sandbox_token not in summary and state.sandbox_secret not in summary


def test_a_rejected_send_records_the_error_codes(admin_client: TestClient, app: FastAPI) -> None:
    state = app.state.playground
    pid = create_profile(
        admin_client, app, "Wrong secret", token=state.sandbox_token, secret="wrong" * 12 + "sec."
    )
    read = {"verb": "read", "resourcetype": "estate", "parameters": '{"data": ["Id"]}'}
    admin_client.post("/send", data=send_form(pid, read), headers=HX)
    [event] = events(app, "send")
    assert "Wrong secret" in event.summary and "137" in event.summary
    assert "wrongwrong" not in event.summary
