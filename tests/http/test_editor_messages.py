"""The parameters editor's texts reach the browser in the reader's language."""

from __future__ import annotations

import json
import re

from tests.client import TestClient

EDITOR_MESSAGES = re.compile(
    r'<script type="application/json" id="editor-messages">(.*?)</script>', re.S
)
PLACEHOLDER = re.compile(r"\{\w+\}")


def editor_messages(client: TestClient, language: str) -> dict[str, str]:
    """The JSON the composer page hands to static/editor.js."""
    page = client.get("/", headers={"Accept-Language": language}).text
    match = EDITOR_MESSAGES.search(page)
    assert match is not None
    messages: dict[str, str] = json.loads(match.group(1))
    return messages


def test_the_editor_warns_in_german_with_the_same_placeholders(admin_client: TestClient) -> None:
    english = editor_messages(admin_client, "en")
    assert all(text == key for key, text in english.items())
    german = editor_messages(admin_client, "de")
    assert german.keys() == english.keys()
    assert german["Unknown field `{name}` in {module}."] == "Unbekanntes Feld `{name}` in {module}."
    for key, text in german.items():
        assert text != key, key
        # The script fills these in; a translation that loses one would show a raw brace.
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(key)), key
