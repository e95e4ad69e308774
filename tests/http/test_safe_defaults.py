"""Safe defaults: which profile the composer opens with, guarded profiles, credential shapes."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.settings import Settings
from tests.client import TestClient
from tests.http.team_support import HX, READ_ESTATE, create_profile, entries, send_form

SELECTED = re.compile(r'<option value="(\d*)" selected')


def _selected(page: str) -> str:
    """The value of the profile picker's selected option."""
    found: list[str] = SELECTED.findall(page)
    assert len(found) == 1, found
    return found[0]


def _profile_form(name: str, **fields: str) -> dict[str, str]:
    return {"name": name, "endpoint": "sandbox", "hmac_version": "2"} | fields


def _guarded(client: TestClient, app: FastAPI, name: str, **flags: str) -> int:
    """A sandbox profile with the given flags ("protected", "confirm_all") ticked."""
    state = app.state.playground
    data = _profile_form(name, token=state.sandbox_token, secret=state.sandbox_secret)
    response = client.post("/profiles", data=data | dict.fromkeys(flags, "1"))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("=", 1)[1])


def test_the_composer_opens_with_the_profile_last_sent_with_never_an_unchosen_protected_one(
    admin_client: TestClient, app: FastAPI
) -> None:
    sandbox = _selected(admin_client.get("/").text)  # the ready sandbox profile
    production = _guarded(admin_client, app, "Production", protected="1")
    # A protected profile sorts first, but nobody chose it: the composer keeps to the sandbox.
    page = admin_client.get("/").text
    assert _selected(page) == sandbox
    assert re.search(r'data-testid="protected-band" hidden', page)
    # Sending (a read) with production makes it the profile of the next composer, with its band.
    assert admin_client.post("/send", data=send_form(production, READ_ESTATE)).status_code == 303
    page = admin_client.get("/").text
    assert _selected(page) == str(production)
    band = re.search(r'data-testid="protected-band">\s*<strong data-band-name>([^<]*)<', page)
    assert band is not None and band.group(1) == "Production"
    # And back: the last send decides, so one send with the sandbox returns the default to it.
    assert admin_client.post("/send", data=send_form(int(sandbox), READ_ESTATE)).status_code == 303
    assert _selected(admin_client.get("/").text) == sandbox


def test_with_only_guarded_profiles_and_no_send_yet_the_composer_asks_which(
    admin_client: TestClient, app: FastAPI
) -> None:
    for view_id in re.findall(r'data-profile-id="(\d+)"', admin_client.get("/profiles").text):
        assert admin_client.post(f"/profiles/{view_id}/delete").status_code == 303
    _guarded(admin_client, app, "Production", protected="1")
    _guarded(admin_client, app, "Careful", confirm_all="1")
    page = admin_client.get("/").text
    assert _selected(page) == ""
    assert '<option value="" selected>Choose a profile</option>' in page
    # Nothing chosen, nothing sent: the form names what is missing.
    answer = admin_client.post("/send", data=send_form(0, READ_ESTATE) | {"profile_id": ""})
    assert answer.status_code == 422 and "Choose a profile to send with." in answer.text


def test_confirm_every_send_asks_before_a_read_and_sends_it_once_confirmed(
    admin_client: TestClient, app: FastAPI
) -> None:
    careful = _guarded(admin_client, app, "Careful", confirm_all="1")
    assert 'data-testid="confirm-all-badge"' in admin_client.get("/profiles").text
    edit_form = admin_client.get(f"/profiles/{careful}").text
    assert 'name="confirm_all" value="1" data-testid="confirm-all-checkbox" checked' in edit_form
    asked = admin_client.post("/send", data=send_form(careful, READ_ESTATE), headers=HX)
    assert asked.status_code == 409
    assert "“Careful” asks before every send. Nothing was sent." in asked.text
    assert "<li>read estate</li>" in asked.text
    assert entries(app) == []
    confirmed = send_form(careful, READ_ESTATE, confirm_protected="1")
    sent = admin_client.post("/send", data=confirmed, headers=HX)
    assert sent.status_code == 200 and 'data-testid="response"' in sent.text
    assert len(entries(app)) == 1


@pytest.mark.parametrize(
    ("token", "secret", "message"),
    [
        ("abc123", DEMO_SECRET, "The token is too short: onOffice tokens have 32 characters, "
         "this one has 6."),
        (DEMO_TOKEN, "xyz", "The secret is too short: onOffice secrets have 64 characters, "
         "this one has 3."),
        (DEMO_TOKEN + "0", DEMO_SECRET, "The token is too long: onOffice tokens have 32 "
         "characters, this one has 33."),
        ("ä" * 32, DEMO_SECRET, "The token may hold only letters, digits and punctuation"),
        (DEMO_TOKEN, DEMO_SECRET[:40] + " " + DEMO_SECRET[41:], "The secret may hold only"),
    ],
)  # fmt: skip
def test_credentials_not_shaped_like_onoffice_ones_are_refused_with_the_reason(
    admin_client: TestClient, token: str, secret: str, message: str
) -> None:
    data = _profile_form("Nonsense", token=token, secret=secret)
    answer = admin_client.post("/profiles", data=data)
    assert answer.status_code == 422
    assert message in answer.text.replace("&#39;", "'")
    assert "Nonsense" not in admin_client.get("/profiles").text.split('id="form-heading"')[0]


def test_the_sandbox_credentials_pass_and_a_misshapen_sandbox_setting_is_named_at_start() -> None:
    Settings(sandbox_token=DEMO_TOKEN, sandbox_secret=DEMO_SECRET)
    with pytest.raises(ValidationError, match="PLAYGROUND_SANDBOX_SECRET: The secret is too short"):
        Settings(sandbox_token=DEMO_TOKEN, sandbox_secret="short")


def test_saving_a_profile_confirms_it_by_name(admin_client: TestClient, app: FastAPI) -> None:
    created = admin_client.post(
        "/profiles",
        data=_profile_form("Staging", token=DEMO_TOKEN, secret=DEMO_SECRET),
        follow_redirects=True,
    )
    assert "Profile “Staging” created." in created.text
    pid = create_profile(admin_client, app, "Other")
    updated = admin_client.post(
        f"/profiles/{pid}", data=_profile_form("Other renamed"), follow_redirects=True
    )
    assert "Changes to “Other renamed” saved." in updated.text
    assert "created." not in admin_client.get("/profiles").text
