"""Layout and keyboard: a narrow window stacks the panels; login works with the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

pytestmark = pytest.mark.e2e


def test_a_narrow_window_stacks_request_above_response(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    page.set_viewport_size({"width": 420, "height": 900})
    request_panel = page.get_by_role("region", name="Request", exact=True)
    response_panel = page.get_by_role("region", name="Response", exact=True)
    ui.pick_template(page, "read estate", "Read estates")
    send = page.get_by_test_id("send")
    # Reachable: Playwright scrolls it into view and checks nothing covers it.
    send.click()
    expect(response_panel.locator("[data-testid=records] tbody tr").first).to_be_visible()

    request_box = request_panel.bounding_box()
    response_box = response_panel.bounding_box()
    assert request_box and response_box
    assert response_box["y"] >= request_box["y"] + request_box["height"]
    # Stacked, not squeezed side by side: both panels fit in the window's width.
    for box in (request_box, response_box):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420
    send_box = send.bounding_box()
    assert send_box and send_box["x"] >= 0 and send_box["x"] + send_box["width"] <= 420
    # No sideways scrolling of the page as a whole.
    assert page.evaluate("document.documentElement.scrollWidth") <= 420


def test_the_login_form_works_with_tab_and_enter_only(
    page: Page, live_server: LiveServer, account: tuple[str, str]
) -> None:
    username, password = account
    page.goto(live_server.url("/login"))
    # The user name field has autofocus, so typing starts there.
    expect(page.get_by_label("User name")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Log in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url("/"))
    expect(page.get_by_test_id("current-user")).to_contain_text(username)
