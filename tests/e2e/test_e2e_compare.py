"""Comparing answers in Chromium: two reads around a modify show exactly the changed estate."""

from __future__ import annotations

import json
import re
import secrets
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from tests.e2e.e2e_support import accept_confirms, create_sandbox_profile, follow, next_page

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e
READ = {"data": ["Id", "objekttitel", "ort", "kaufpreis"], "listlimit": 5}


def _compose(page: Page, verb: str, parameters: object, resourceid: str = "") -> None:
    """Set the composer's single action."""
    page.locator("#verb-0").select_option(verb)
    page.locator("#resourcetype-0").fill("estate")
    page.locator("#resourceid-0").fill(resourceid)
    page.get_by_label("Parameters").fill(json.dumps(parameters))


def _first_estate(page: Page, ui: Ui) -> tuple[str, str]:
    """The id and title of the first estate in the answer just shown."""
    entry = page.locator("#response [data-testid=response]").get_attribute("data-entry-id")
    answer = page.request.get(ui.server.url(f"/history/{entry}/response.json"))
    record = answer.json()["response"]["results"][0]["data"]["records"][0]
    return str(record["id"]), str(record["elements"]["objekttitel"])


def _option(page: Page, select: str, name: str) -> str:
    """The value of the profile picker's option for the profile of that name."""
    option = page.locator(f"{select} option", has_text=re.compile(rf"^{name} ·"))
    value = option.get_attribute("value")
    assert value
    return value


def _reset_sandbox(page: Page, ui: Ui) -> None:
    """Put the sandbox's estates back for the tests that share this server."""
    accept_confirms(page)
    page.goto(ui.server.url("/admin/users"))
    reset = page.get_by_test_id("sandbox-reset")
    reset.get_by_role("button", name="Reset sandbox data").click()
    expect(page.get_by_test_id("sandbox-reset-done")).to_be_visible()


def test_two_reads_around_a_modify_show_exactly_that_estates_changed_fields(
    logged_in: Page, ui: Ui
) -> None:
    page = logged_in
    try:
        _compose(page, "read", READ)
        ui.send(page)
        estate, old_title = _first_estate(page, ui)
        new_title = f"Compared {secrets.token_hex(4)}"

        _compose(page, "modify", {"data": {"objekttitel": new_title}}, resourceid=estate)
        ui.send(page)
        status = page.locator("#response [data-testid=response]").get_by_test_id("top-status")
        expect(status).to_have_text(re.compile(r"\bOK$"))
        _compose(page, "read", READ)
        ui.send(page)

        response = page.locator("#response")
        follow(page, response.get_by_role("link", name=re.compile(r"^Entry #\d+$")))
        follow(page, page.get_by_test_id("compare-previous"))
        expect(page).to_have_url(re.compile(r"/history/compare\?b=\d+&previous=1$"))

        changed = page.get_by_test_id("changed-record")
        expect(changed).to_have_count(1)
        expect(changed).to_have_attribute("data-key", estate)
        fields = changed.get_by_test_id("field-change")
        expect(fields).to_have_count(1)
        expect(fields).to_have_attribute("data-path", "objekttitel")
        expect(fields.get_by_test_id("old-value")).to_have_text(old_title)
        expect(fields.get_by_test_id("new-value")).to_have_text(new_title)
        expect(page.get_by_test_id("diff-counts")).to_have_text(
            "1 changed, 0 added, 0 removed, 4 unchanged"
        )
        expect(page.get_by_test_id("added-record")).to_have_count(0)
        expect(page.get_by_test_id("removed-record")).to_have_count(0)

        raw = page.get_by_test_id("raw-diff")
        expect(raw).to_be_hidden()
        page.get_by_test_id("tab-raw").click()
        expect(raw).to_be_visible()
        expect(raw.locator("ins")).to_contain_text([new_title])
        expect(raw.locator("del")).to_contain_text([old_title])
    finally:
        _reset_sandbox(page, ui)


def test_reads_sent_with_two_profiles_open_their_comparison(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    create_sandbox_profile(
        page, ui.server.url("/profiles"), "Customer", token=DEMO_TOKEN, secret=DEMO_SECRET,
        protected=False,
    )  # fmt: skip
    page.goto(ui.server.url("/"))
    page.locator("#profile_id").select_option(_option(page, "#profile_id", "Sandbox"))
    _compose(page, "read", READ)
    page.get_by_test_id("compare-profiles").locator("summary").click()
    page.locator("#other_profile_id").select_option(_option(page, "#other_profile_id", "Customer"))
    with next_page(page):
        page.get_by_test_id("send-twice").click()
    expect(page).to_have_url(re.compile(r"/history/compare\?a=\d+&b=\d+$"))
    expect(page.get_by_test_id("compare-summary")).to_contain_text("Customer")
    expect(page.get_by_test_id("answers-same")).to_be_visible()
    assert [e["profile_name"] for e in ui.history(page)] == ["Customer", "Sandbox"]
