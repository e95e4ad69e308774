"""Sending from the composer: validation before anything is sent, signing, recording."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from markupsafe import escape
from sqlmodel import Session, select

from playground.onoffice.catalogue import find_template
from playground.store.models import HistoryEntry
from tests.client import TestClient

HX = {"HX-Request": "true"}


def sandbox_profile_id(client: TestClient) -> int:
    """The id of the user's ready-made sandbox profile."""
    match = re.search(r'<option value="(\d+)"[^>]*>Sandbox ·', client.get("/").text)
    assert match
    return int(match.group(1))


def send_form(profile_id: int, *actions: dict[str, str]) -> dict[str, list[str]]:
    """Form fields for actions, as the composer posts them (parallel lists)."""
    names = ("verb", "resourcetype", "resourceid", "identifier", "parameters")
    form = {name: [a.get(name, "") for a in actions] for name in names}
    return form | {"profile_id": [str(profile_id)]}


READ_ESTATE = {
    "verb": "read",
    "resourcetype": "estate",
    "parameters": json.dumps({"data": ["Id", "kaufpreis", "ort"], "listlimit": 5}),
}


def entries(app: FastAPI) -> list[HistoryEntry]:
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(HistoryEntry)))


def test_send_read_estate_shows_a_records_table(admin_client: TestClient, app: FastAPI) -> None:
    pid = sandbox_profile_id(admin_client)
    form = send_form(pid, READ_ESTATE)
    response = admin_client.post("/send", data=form, headers=HX)
    assert response.status_code == 200, response.text
    assert response.headers["HX-Trigger"] == "history-changed"
    assert '<th scope="col">kaufpreis</th>' in response.text
    assert response.text.count("<tr><td>") == 5
    [entry] = entries(app)
    assert entry.ok and entry.verbs == " read " and entry.resourcetypes == " estate "
    stored = json.loads(entry.request_json)
    assert stored == [
        {
            "verb": "read",
            "resourcetype": "estate",
            "resourceid": "",
            "identifier": "",
            "parameters": {"data": ["Id", "kaufpreis", "ort"], "listlimit": 5},
        }
    ]


def test_two_actions_show_two_results_in_order(admin_client: TestClient) -> None:
    pid = sandbox_profile_id(admin_client)
    fields = {"verb": "get", "resourcetype": "fields", "parameters": '{"modules": ["estate"]}'}
    form = send_form(pid, READ_ESTATE, fields)
    text = admin_client.post("/send", data=form, headers=HX).text
    first, second = text.index("Action 1 · read estate"), text.index("Action 2 · get fields")
    assert first < second


def test_invalid_json_is_reported_at_the_field_and_nothing_is_stored(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = sandbox_profile_id(admin_client)
    broken = READ_ESTATE | {"parameters": '{"data": ["Id",]}'}
    form = send_form(pid, READ_ESTATE, broken)
    response = admin_client.post("/send", data=form, headers=HX)
    assert response.status_code == 422
    assert "Nothing was sent" in response.text
    assert (
        'id="parameters-error-1" data-json-error data-testid="parameters-error">Invalid JSON'
        in response.text
    )
    assert str(escape('{"data": ["Id",]}')) in response.text
    assert entries(app) == []


def test_parameters_must_be_an_object_and_the_verb_known(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = sandbox_profile_id(admin_client)
    bad = [READ_ESTATE | {"parameters": "[1, 2]"}, READ_ESTATE | {"verb": "fetch"}]
    form = send_form(pid, *bad)
    response = admin_client.post("/send", data=form)
    assert response.status_code == 422
    assert "Parameters must be a JSON object" in response.text
    assert "Unknown verb &#39;fetch&#39;" in response.text
    assert entries(app) == []


def test_a_plain_form_send_redirects_to_the_history_entry(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = sandbox_profile_id(admin_client)
    form = send_form(pid, READ_ESTATE)
    response = admin_client.post("/send", data=form)
    assert response.status_code == 303
    [entry] = entries(app)
    assert response.headers["location"] == f"/history/{entry.id}"
    assert "kaufpreis" in admin_client.get(response.headers["location"]).text


def test_sending_with_someone_elses_profile_answers_404(
    admin_client: TestClient, make_client: object, app: FastAPI
) -> None:
    pid = sandbox_profile_id(admin_client)
    bob = make_client("bob")  # type: ignore[operator]
    form = send_form(pid, READ_ESTATE)
    assert bob.post("/send", data=form, headers=HX).status_code == 404
    assert entries(app) == []


def test_a_send_without_csrf_token_is_refused(admin_client: TestClient, app: FastAPI) -> None:
    pid = sandbox_profile_id(admin_client)
    del admin_client.headers["X-CSRF-Token"]
    form = send_form(pid, READ_ESTATE)
    assert admin_client.post("/send", data=form).status_code == 403
    assert entries(app) == []


def test_a_sandbox_error_is_explained(admin_client: TestClient) -> None:
    pid = sandbox_profile_id(admin_client)
    unknown = {"verb": "read", "resourcetype": "estate", "parameters": '{"data": ["nope"]}'}
    form = send_form(pid, unknown)
    text = admin_client.post("/send", data=form, headers=HX).text
    assert 'data-testid="action-status">error' in text


def test_the_composer_starts_with_a_sendable_read_estates_action(admin_client: TestClient) -> None:
    page = admin_client.get("/").text
    assert 'name="resourcetype" value="estate"' in page
    assert "&#34;listlimit&#34;: 20" in page


def test_a_call_the_sandbox_does_not_carry_out_is_shown_as_simulated(
    admin_client: TestClient,
) -> None:
    template = find_template("do-sendmail")
    assert template is not None
    sendmail = {
        "verb": "do",
        "resourcetype": "sendmail",
        "parameters": json.dumps(dict(template.parameters)),
    }
    read = admin_client.post(
        "/send", data=send_form(sandbox_profile_id(admin_client), READ_ESTATE), headers=HX
    )
    assert 'data-testid="simulated"' not in read.text  # a real answer carries no mark
    answer = admin_client.post(
        "/send", data=send_form(sandbox_profile_id(admin_client), sendmail), headers=HX
    )
    assert answer.status_code == 200
    assert 'data-testid="simulated"' in answer.text
    note = re.search(r'data-testid="simulated-note">([^<]*)<', answer.text)
    assert note and note.group(1).startswith("Simulated: the sandbox does not send")
