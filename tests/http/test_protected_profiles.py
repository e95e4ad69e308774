"""Protected profiles: writes need an explicit confirmation, enforced by the send service."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from playground.onoffice.actions import ActionRequest, Verb
from playground.services import send
from playground.store.models import User
from tests.client import TestClient
from tests.http.team_support import (
    HX,
    MODIFY_ESTATE,
    READ_ESTATE,
    create_profile,
    entries,
    events,
    profile,
    send_form,
)

MakeClient = Callable[[str], TestClient]
CREATE_ADDRESS = {"verb": "create", "resourcetype": "address", "parameters": '{"Name": "X"}'}


def _protected(client: TestClient, app: FastAPI, name: str = "Production") -> int:
    state = app.state.playground
    return create_profile(
        client, app, name, token=state.sandbox_token, secret=state.sandbox_secret, protected=True
    )


def test_the_protected_flag_is_stored_shown_and_can_be_cleared(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = _protected(admin_client, app)
    assert profile(app, pid).protected
    assert 'data-testid="protected-badge"' in admin_client.get("/profiles").text
    form = admin_client.get(f"/profiles/{pid}").text
    assert 'name="protected" value="1" data-testid="protected-checkbox" checked' in form
    assert "Production · sandbox · v2 · protected" in admin_client.get("/").text
    edit = {"name": "Production", "endpoint": "sandbox", "hmac_version": "2"}
    assert admin_client.post(f"/profiles/{pid}", data=edit).status_code == 303
    assert not profile(app, pid).protected


def test_a_write_needs_confirmation_and_nothing_is_sent_or_stored_without_it(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = _protected(admin_client, app)
    form = send_form(pid, READ_ESTATE, MODIFY_ESTATE, CREATE_ADDRESS)
    response = admin_client.post("/send", data=form, headers=HX)
    assert response.status_code == 409
    text = response.text
    assert "“Production” is a protected profile. Nothing was sent." in text
    assert "<li>modify estate 1</li>" in text and "<li>create address</li>" in text
    assert "read estate" not in text
    assert 'hx-post="/send" hx-include="#composer"' in text
    assert 'hx-vals=\'{"confirm_protected": "1"}\'' in text
    assert 'hx-target="#response"' in text
    assert entries(app) == [] and events(app, "send") == []

    confirmed = admin_client.post("/send", data=form | {"confirm_protected": "1"}, headers=HX)
    assert confirmed.status_code == 200 and 'data-testid="response"' in confirmed.text
    [entry] = entries(app)
    assert entry.verbs == " read modify create "
    [event] = events(app, "send")
    assert "protected profile confirmed" in event.summary


def test_reads_need_no_confirmation(admin_client: TestClient, app: FastAPI) -> None:
    pid = _protected(admin_client, app)
    get_fields = {"verb": "get", "resourcetype": "fields", "parameters": "{}"}
    response = admin_client.post("/send", data=send_form(pid, READ_ESTATE, get_fields), headers=HX)
    assert response.status_code == 200
    assert len(entries(app)) == 1


def test_an_unprotected_profile_sends_writes_at_once(
    admin_client: TestClient, app: FastAPI
) -> None:
    state = app.state.playground
    pid = create_profile(
        admin_client, app, "Test", token=state.sandbox_token, secret=state.sandbox_secret
    )
    response = admin_client.post("/send", data=send_form(pid, MODIFY_ESTATE), headers=HX)
    assert response.status_code == 200 and len(entries(app)) == 1


def test_a_plain_form_gets_the_composer_back_with_a_send_anyway_button(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = _protected(admin_client, app)
    response = admin_client.post("/send", data=send_form(pid, MODIFY_ESTATE))
    assert response.status_code == 409
    page = response.text
    assert 'id="composer"' in page and 'name="resourceid" value="1"' in page
    assert "kaufpreis" in page
    assert 'name="confirm_protected" value="1"' in page and 'data-testid="send-anyway"' in page
    assert f'<option value="{pid}" selected ' in page
    assert entries(app) == []
    confirmed = admin_client.post(
        "/send", data=send_form(pid, MODIFY_ESTATE, confirm_protected="1")
    )
    assert confirmed.status_code == 303 and len(entries(app)) == 1


def test_resending_a_write_from_history_needs_confirmation_too(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = _protected(admin_client, app)
    admin_client.post("/send", data=send_form(pid, MODIFY_ESTATE, confirm_protected="1"))
    [first] = entries(app)
    htmx = admin_client.post(f"/history/{first.id}/resend", headers=HX)
    assert htmx.status_code == 409
    assert f'hx-post="/history/{first.id}/resend"' in htmx.text and "hx-include" not in htmx.text
    plain = admin_client.post(f"/history/{first.id}/resend")
    assert plain.status_code == 409
    assert f'action="/history/{first.id}/resend"' in plain.text
    assert 'name="confirm_protected" value="1"' in plain.text
    assert len(entries(app)) == 1
    confirmed = admin_client.post(
        f"/history/{first.id}/resend", data={"confirm_protected": "1"}, headers=HX
    )
    assert confirmed.status_code == 200 and len(entries(app)) == 2


def test_a_member_using_a_shared_protected_profile_must_confirm(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    pid = _protected(admin_client, app)
    admin_client.post(f"/profiles/{pid}/share")
    bob = make_client("bob")
    assert bob.post("/send", data=send_form(pid, MODIFY_ESTATE), headers=HX).status_code == 409
    assert entries(app) == []
    form = send_form(pid, MODIFY_ESTATE, confirm_protected="1")
    assert bob.post("/send", data=form, headers=HX).status_code == 200
    assert len(entries(app)) == 1


@pytest.mark.anyio
async def test_the_send_service_itself_refuses_unconfirmed_writes(
    admin_client: TestClient, app: FastAPI
) -> None:
    pid = _protected(admin_client, app)
    state = app.state.playground
    delete = ActionRequest(verb=Verb.DELETE, resourcetype="estate", resourceid=1)
    do = ActionRequest(verb=Verb.DO, resourcetype="unlockProvision")
    with Session(state.engine) as db:
        user = db.exec(select(User).where(User.username == "ada")).one()
    with pytest.raises(send.ConfirmationRequired) as refused:
        await send.send(
            state.engine,
            user=user,
            profile_id=pid,
            actions=[delete, do],
            settings=state.settings,
            box=state.box,
            upstream=state.upstream,
        )
    assert refused.value.writes == ["delete estate 1", "do unlockProvision"]
    assert refused.value.profile_name == "Production"
    assert entries(app) == []
