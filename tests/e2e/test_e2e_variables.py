"""Variables in Chromium: defined on their page, checked in the composer while typing, sent."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.e2e_support import follow

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e


def test_the_composer_shows_values_flags_unknown_names_and_history_keeps_both_forms(
    logged_in: Page, ui: Ui
) -> None:
    page = logged_in
    page.goto(ui.server.url("/variables"))
    page.get_by_label("Name", exact=True).fill("estate")
    page.get_by_label("Value", exact=True).fill("1")
    page.get_by_role("button", name="Save variable").click()
    expect(page.locator("[data-testid=variable-row][data-name=estate]")).to_be_visible()

    page.goto(ui.server.url("/"))
    page.locator("#verb-0").select_option("read")
    page.locator("#resourcetype-0").fill("estate")
    page.locator("#resourceid-0").fill("{{estate}}")
    page.get_by_label("Parameters").fill('{"data": ["Id", "{{nowhere}}"]}')
    usage = page.locator("#variable-usage")
    expect(usage.locator("[data-testid=variable-known][data-name=estate]")).to_contain_text(
        "= 1 (yours)"
    )
    expect(usage.locator("[data-testid=variable-unknown][data-name=nowhere]")).to_be_visible()

    page.get_by_test_id("send").click()
    expect(
        page.locator("#composer, #response").get_by_text(
            re.compile(r"Unknown variable\(s\): \{\{nowhere\}\}")
        )
    ).to_be_visible()
    assert ui.history(page) == []

    page.get_by_label("Parameters").fill('{"data": ["Id", "ort"]}')
    expect(usage.locator("[data-testid=variable-unknown]")).to_have_count(0)
    ui.send(page)
    follow(page, page.locator("#response").get_by_role("link", name=re.compile(r"^Entry #\d+$")))
    expect(page.get_by_test_id("request-json")).to_contain_text('"resourceid": "1"')
    expect(page.get_by_test_id("written-request")).to_contain_text("{{estate}}")
