"""Deleting asks first, also without JavaScript: a page with the question and its button."""

from __future__ import annotations

import re

from fastapi import FastAPI

from tests.client import TestClient
from tests.http.team_support import READ_ESTATE, create_profile, picker_ids, send_form


def _ask_then_delete(client: TestClient, action: str, question: str) -> None:
    """Post as the delete button does without JavaScript, then answer the page's question."""
    asked = client.post(action, data={"ask": "1"})
    assert asked.status_code == 200 and question in asked.text
    assert re.search(rf'<form method="post" action="{re.escape(action)}"', asked.text)
    assert '<input type="hidden" name="ask" value="0">' in asked.text
    done = client.post(action, data={"ask": "0"})
    assert done.status_code == 303


def test_each_delete_button_asks_first_and_deletes_only_on_yes(
    admin_client: TestClient, app: FastAPI
) -> None:
    profile_id = picker_ids(admin_client)[0]
    entry = admin_client.post("/send", data=send_form(profile_id, READ_ESTATE))
    entry_id = entry.headers["location"].rsplit("/", 1)[1]
    for page in ("/history", f"/history/{entry_id}"):
        assert '<input type="hidden" name="ask" value="1">' in admin_client.get(page).text
    question = f"Delete history entry #{entry_id} (read estate)?"
    asked = admin_client.post(f"/history/{entry_id}/delete", data={"ask": "1"})
    assert admin_client.get(f"/history/{entry_id}").status_code == 200  # asking deletes nothing
    assert question in asked.text
    _ask_then_delete(admin_client, f"/history/{entry_id}/delete", question)
    assert admin_client.get(f"/history/{entry_id}").status_code == 404

    doomed = create_profile(admin_client, app, "Doomed")
    assert '<input type="hidden" name="ask" value="1">' in admin_client.get("/profiles").text
    asked = admin_client.post(f"/profiles/{doomed}/delete", data={"ask": "1"})
    assert "Delete the profile “Doomed”?" in asked.text
    assert "Doomed" in admin_client.get("/profiles").text
    assert admin_client.post(f"/profiles/{doomed}/delete", data={"ask": "0"}).status_code == 303
    assert "Doomed" not in admin_client.get("/profiles").text

    form = {"name": "Keep me?", "profile_id": str(profile_id), "verb": "read"}
    saved = admin_client.post("/saved", data=form | {"resourcetype": "estate", "parameters": "{}"})
    saved_id = saved.headers["location"].rsplit("=", 1)[1]
    asked = admin_client.post(f"/saved/{saved_id}/delete", data={"ask": "1"})
    assert "Delete the saved request “Keep me?”?" in asked.text
    assert "Keep me?" in admin_client.get("/saved").text
    assert admin_client.post(f"/saved/{saved_id}/delete", data={"ask": "0"}).status_code == 303
    assert "Keep me?" not in admin_client.get("/saved").text


def test_a_missing_entry_gets_no_question_only_not_found(admin_client: TestClient) -> None:
    assert admin_client.post("/history/999999/delete", data={"ask": "1"}).status_code == 404
    assert admin_client.post("/profiles/999999/delete", data={"ask": "1"}).status_code == 404
    assert admin_client.post("/saved/999999/delete", data={"ask": "1"}).status_code == 404
