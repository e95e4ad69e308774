"""The main journey: template, send, records, history, detail, open in composer, re-send."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.e2e_support import follow

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e


def test_read_estates_from_template_to_history_and_back(
    page: Page, ui: Ui, account: tuple[str, str]
) -> None:
    ui.log_in(page, *account)
    recent = page.get_by_test_id("recent")
    expect(recent).to_contain_text("Nothing sent yet.")
    # A property on window survives only as long as the document: if it is still there
    # after the send, the recent list was updated without a page load.
    page.evaluate("window.__e2eNoReload = true")

    parameters = ui.pick_template(page, "read estate", "Read estates")
    expect(page.locator("#resourcetype-0")).to_have_value("estate")
    expect(page.locator("#verb-0")).to_have_value("read")
    expect(page.locator("#parameters-0")).to_have_value(parameters)

    ui.send(page)
    response = page.locator("#response [data-testid=response]")
    expect(response.get_by_test_id("top-status")).to_have_text(re.compile(r"\bOK$"))
    expect(response.locator("[data-testid=records] tbody tr").first).to_be_visible()
    expect(response.get_by_test_id("cntabsolute")).to_have_text(re.compile(r"^[\d,]+ total$"))
    expect(recent.get_by_test_id("recent-entry")).to_have_count(1)
    expect(recent.get_by_test_id("recent-entry")).to_contain_text("read estate")
    assert page.evaluate("window.__e2eNoReload") is True

    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="History"))
    rows = page.get_by_test_id("history-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("read estate")
    expect(rows).to_contain_text("OK")

    follow(page, rows.get_by_role("link").first)
    expect(page).to_have_url(re.compile(r"/history/\d+$"))
    expect(page.get_by_test_id("request-json")).to_contain_text('"resourcetype": "estate"')
    expect(page.locator("[data-testid=records] tbody tr").first).to_be_visible()

    follow(page, page.get_by_test_id("open-in-composer"))
    expect(page).to_have_url(re.compile(r"/\?from=\d+$"))
    expect(page.get_by_test_id("action")).to_have_count(1)
    expect(page.locator("#verb-0")).to_have_value("read")
    expect(page.locator("#resourcetype-0")).to_have_value("estate")
    # History keeps the parsed parameters; the composer may lay them out differently.
    assert json.loads(page.locator("#parameters-0").input_value()) == json.loads(parameters)

    ui.send(page)
    expect(page.locator("#response [data-testid=records] tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("recent-entry")).to_have_count(2)

    entries = ui.history(page)
    assert len(entries) == 2
    assert all(e["ok"] and e["calls"] == "read estate" for e in entries)


def test_resend_from_the_history_detail_adds_an_entry(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    ui.pick_template(page, "read estate", "Read estates")
    ui.send(page)
    follow(page, page.locator("#response").get_by_role("link", name=re.compile(r"^Entry #\d+$")))
    expect(page).to_have_url(re.compile(r"/history/\d+$"))
    shown = page.locator("#response [data-testid=response]")
    first_id = shown.get_attribute("data-entry-id")
    assert first_id

    page.get_by_test_id("resend").click()
    expect(shown).not_to_have_attribute("data-entry-id", first_id)
    expect(shown.get_by_test_id("top-status")).to_have_text(re.compile(r"\bOK$"))
    expect(shown.locator("[data-testid=records] tbody tr").first).to_be_visible()
    new_id = shown.get_attribute("data-entry-id")
    # The new entry's own page, so the heading names the answer shown under it.
    expect(page).to_have_url(re.compile(rf"/history/{new_id}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"#{new_id}")

    entries = ui.history(page)
    assert sorted(str(e["id"]) for e in entries) == sorted([first_id, str(new_id)])
    assert all(e["ok"] for e in entries)
