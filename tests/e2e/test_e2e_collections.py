"""Collections in Chromium: a folder made and filled from the keyboard, exported and imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_e2e_daily_use import AXE, LAPTOP, PHONE, _axe_serious

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

pytestmark = pytest.mark.e2e


def test_a_request_is_filed_from_the_keyboard_and_its_folder_goes_round_a_file(
    logged_in: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page = logged_in
    page.get_by_label("Parameters").fill(json.dumps({"data": ["Id"], "listlimit": 1}))
    page.get_by_label("Name", exact=True).fill("One estate")
    page.get_by_test_id("save-new").click()
    expect(page.get_by_test_id("save-ok")).to_contain_text("Saved as “One estate”")

    page.goto(live_server.url("/saved"))
    page.get_by_test_id("new-folder").locator("summary").click()
    page.get_by_label("Folder name").fill("Kunde Müller")
    page.keyboard.press("Enter")
    folder = page.get_by_test_id("folder").filter(has_text="Kunde Müller")
    expect(folder).to_contain_text("This folder is empty.")

    row = page.get_by_test_id("saved-row").filter(has_text="One estate")
    row.get_by_test_id("move-select").focus()
    page.keyboard.press("ArrowDown")  # from "Unfiled" to the folder, no mouse
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(folder.get_by_test_id("saved-row")).to_contain_text("One estate")

    with page.expect_download() as download:
        folder.get_by_test_id("export-folder").click()
    exported = tmp_path / "collection.json"
    download.value.save_as(exported)
    assert [r["name"] for r in json.loads(exported.read_text())["requests"]] == ["One estate"]

    page.get_by_test_id("import-collection").locator("summary").click()
    page.get_by_label("Collection file (JSON)").set_input_files(exported)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_test_id("import-done")).to_have_text(
        "Imported 1 request into the new private folder “Kunde Müller”."
    )
    page.goto(live_server.url("/saved"))
    expect(page.get_by_test_id("folder").filter(has_text="Kunde Müller")).to_have_count(2)

    # The page with its folders stays accessible and fits a phone (its tables scroll).
    page.route(
        "**/test-only/axe.min.js", lambda r: r.fulfill(path=AXE, content_type="text/javascript")
    )
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.goto(live_server.url("/saved"))
        assert _axe_serious(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]


def test_typing_a_folder_name_leaves_the_list_and_its_search_alone(
    browser: Browser, browser_context_args: dict[str, Any], ui: Ui
) -> None:
    # Its own context: the page's timers run on a clock the test moves (past the search's
    # 250 ms typing delay), which would stay installed in the shared context.
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.clock.install()
    ui.set_up_first_account(page.request)
    page.goto(ui.server.url("/saved"))
    searched: list[str] = []
    page.on("request", lambda r: searched.append(r.url) if "/saved?" in r.url else None)

    page.get_by_test_id("new-folder").locator("summary").click()
    page.get_by_label("Folder name").fill("Kunde Müller")
    page.clock.run_for(1000)
    # The search box still searches as you type; its request comes after any earlier one.
    with page.expect_request(lambda r: "q=Kunde" in r.url) as search:
        page.get_by_role("searchbox").fill("Kunde")
        page.clock.run_for(1000)
    assert searched == [search.value.url]  # no search (and redrawn list) for the folder name
    context.close()
