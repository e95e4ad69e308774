"""Typing into the parameters editor before its catalogues have arrived still gets suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e
# The page's own requests for /calls.json and /fields.json arrive two seconds late, as on a
# slow connection or a busy server; everything else is untouched.
LATE_CATALOGUES = """
const fetchNow = window.fetch;
window.fetch = (url, options) => /\\/(calls|fields)\\.json/.test(String(url))
  ? new Promise((wait) => setTimeout(wait, 2000)).then(() => fetchNow(url, options))
  : fetchNow(url, options);
"""


def test_suggestions_come_once_the_catalogues_arrive(page: Page, ui: Ui) -> None:
    ui.set_up_first_account(page.request)
    page.add_init_script(LATE_CATALOGUES)
    page.goto(ui.server.url("/"))
    editor = page.get_by_role("textbox", name="Parameters").first
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text('{"data": ["kauf')  # one input, before the catalogues are here

    option = page.get_by_role("listbox").get_by_role("option", name="kaufpreis")
    expect(option).to_be_visible()
