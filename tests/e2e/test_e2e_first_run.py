"""First run: the first visitor creates the administrator and lands in the composer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

pytestmark = pytest.mark.e2e


def test_first_visit_leads_to_setup_and_the_new_account_is_logged_in(
    page: Page, live_server: LiveServer, ui: Ui
) -> None:
    # On start, `playground serve` said where to open it and who becomes the administrator.
    started = live_server.log_path.read_text(encoding="utf-8")
    assert f"The playground is up: open {live_server.url('/')} in a browser." in started
    assert "the first account created there becomes the administrator" in started

    page.goto(live_server.url("/"))
    expect(page).to_have_url(live_server.url("/setup"))
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()

    ui.create_first_account(page, "grace")

    expect(page.get_by_test_id("current-user")).to_have_text(re.compile(r"^grace · admin$"))
    expect(page.get_by_role("button", name=re.compile("^Send"))).to_be_visible()
    # The first-run page is gone once an account exists.
    page.goto(live_server.url("/setup"))
    expect(page).to_have_url(re.compile(r"/login$"))
