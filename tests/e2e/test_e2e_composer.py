"""The composer: early JSON warning, Ctrl+Enter, and editing several actions."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e


def test_broken_json_is_flagged_before_sending_and_nothing_is_sent(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    page.get_by_label("Parameters").fill('{"data": ["Id",]}')
    # The browser's early warning, shown while typing, before any request.
    expect(page.get_by_test_id("parameters-error")).to_have_text(re.compile(r"^Invalid JSON"))
    expect(page.locator("#parameters-0")).to_have_attribute("aria-invalid", "true")

    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("send-error")).to_contain_text("Nothing was sent")
    # The server's own check puts its message at the field and keeps the typed text.
    expect(page.get_by_test_id("parameters-error")).to_have_text(re.compile(r"^Invalid JSON"))
    expect(page.locator("#parameters-0")).to_have_value('{"data": ["Id",]}')
    assert ui.history(page) == []


def test_ctrl_enter_in_the_parameters_sends(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    parameters = page.get_by_label("Parameters")
    parameters.fill(json.dumps({"data": ["Id", "ort"], "listlimit": 3}))
    parameters.press("Control+Enter")
    expect(page.locator("#response [data-testid=records] tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("recent-entry")).to_have_count(1)
    [entry] = ui.history(page)
    assert entry["ok"] and entry["calls"] == "read estate"


def test_actions_can_be_added_duplicated_moved_and_removed(logged_in: Page) -> None:
    page = logged_in
    actions = page.get_by_test_id("action")
    numbers = page.locator("[data-action-number]")
    first = actions.nth(0)
    first.get_by_label("Parameters (JSON object)").fill('{"data": ["Id"], "listlimit": 2}')

    page.get_by_role("button", name="+ Action").click()
    expect(actions).to_have_count(2)
    expect(numbers).to_have_text(["1", "2"])
    second = actions.nth(1)
    # The new action's fields are focused and empty, ready to type into.
    expect(second.get_by_label("Verb")).to_be_focused()
    second.get_by_label("Verb").select_option("get")
    second.get_by_label("Resourcetype").fill("fields")
    second.get_by_label("Parameters (JSON object)").fill('{"modules": ["estate"]}')

    second.get_by_role("button", name="Duplicate action").click()
    expect(actions).to_have_count(3)
    expect(numbers).to_have_text(["1", "2", "3"])
    third = actions.nth(2)
    expect(third.get_by_label("Verb")).to_have_value("get")
    expect(third.get_by_label("Resourcetype")).to_have_value("fields")
    # The form sends the textarea, which the editor keeps in step.
    expect(third.locator("textarea[name=parameters]")).to_have_value('{"modules": ["estate"]}')

    # Edit the copy so that removing it visibly removes that one and not the original.
    third.get_by_label("Resourcetype").fill("address")
    expect(second.get_by_label("Resourcetype")).to_have_value("fields")
    third.get_by_role("button", name="Remove action").click()
    expect(actions).to_have_count(2)
    expect(numbers).to_have_text(["1", "2"])
    expect(page.get_by_label("Resourcetype")).to_have_count(2)
    expect(actions.nth(1).get_by_label("Resourcetype")).to_have_value("fields")

    actions.nth(1).get_by_role("button", name="Move action up").click()
    expect(numbers).to_have_text(["1", "2"])
    expect(actions.nth(0).get_by_label("Resourcetype")).to_have_value("fields")
    expect(actions.nth(1).get_by_label("Resourcetype")).to_have_value("estate")
    # Labels follow the renumbered ids, so each still names its own field.
    expect(page.locator("#resourcetype-0")).to_have_value("fields")

    page.get_by_test_id("send").click()
    headings = page.locator("#response [data-testid=action-result] h3")
    expect(headings).to_have_text(
        [re.compile(r"^Action 1 · get fields"), re.compile(r"^Action 2 · read estate")]
    )
    expect(page.locator("#response").get_by_test_id("action-status")).to_have_text(
        [re.compile(r"\bOK$"), re.compile(r"\bOK$")]
    )
