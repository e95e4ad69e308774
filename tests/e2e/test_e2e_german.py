"""A German journey: a browser that asks for German gets the composer, the templates, an
error explanation and the history in German."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.e2e_support import follow

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e


@pytest.fixture
def german_page(browser: Browser, ui: Ui) -> Iterator[Page]:
    """A page of a browser set to German (Accept-Language: de-DE), logged in as a new admin."""
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        ui.set_up_first_account(page.request)
        yield page
    finally:
        context.close()


def test_german_composer_templates_error_and_history(german_page: Page, ui: Ui) -> None:
    page = german_page
    page.goto(ui.server.url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_test_id("send")).to_contain_text("Senden")
    expect(page.get_by_role("navigation", name="Hauptmenü")).to_contain_text("Verlauf")

    # German words find the templates: "Immobilie lesen" is read estate.
    page.get_by_label("Vorlagen durchsuchen").fill("Immobilie lesen")
    expect(page.locator("[data-template][data-key=read-address]")).to_have_count(0)
    template = page.locator("[data-template][data-key=read-estate]")
    expect(template).to_have_count(1)
    template.click()
    ui.send(page)
    answer = page.locator("#response [data-testid=response]")
    expect(answer.get_by_test_id("cntabsolute")).to_have_text(re.compile(r"^[\d.]+ insgesamt$"))

    page.locator("#parameters-0").fill(json.dumps({"data": ["Id", "kaufpreiss"]}))
    ui.send(page)
    expect(answer.get_by_test_id("action-error")).to_contain_text(
        "Ein Feldname in data, filter oder sortby existiert in diesem Modul nicht."
    )

    follow(page, page.get_by_role("link", name="Verlauf", exact=True))
    expect(page.get_by_role("heading", name="Verlauf", level=1)).to_be_visible()
    expect(page.get_by_test_id("history-row")).to_have_count(2)
    expect(page.get_by_role("columnheader", name="Zeit")).to_be_visible()
