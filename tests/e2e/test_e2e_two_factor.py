"""Two-factor sign-in in Chromium: set it up from the account page, then sign in with a code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from playground.services.two_factor import code_at, step_of
from tests.e2e.e2e_support import follow

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"  # the first account's, as in tests/e2e/conftest.py


def test_setting_up_two_factor_and_signing_in_with_a_code(
    logged_in: Page, live_server: LiveServer
) -> None:
    page = logged_in
    page.goto(live_server.url("/account"))
    follow(page, page.get_by_test_id("two-factor-link"))
    follow(page, page.get_by_role("button", name="Set up two-factor sign-in"))
    expect(page.get_by_test_id("two-factor-qr").locator("svg")).to_be_visible()
    secret = (page.get_by_test_id("two-factor-secret").text_content() or "").strip()
    step = step_of(datetime.now(UTC))
    page.get_by_label("Code from the app").fill(code_at(secret, step))
    follow(page, page.get_by_role("button", name="Turn on"))
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    follow(page, page.get_by_role("link", name="I have kept them"))
    expect(page.get_by_test_id("two-factor-on")).to_be_visible()
    assert secret not in page.content()

    # Signing in again: the password leads to the code form, not into the playground.
    follow(page, page.get_by_role("button", name="Log out"))
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Log in"))
    expect(page).to_have_url(live_server.url("/login/code?next=%2F"))
    assert page.goto(live_server.url("/history")) is not None
    expect(page).to_have_url(live_server.url("/login?next=%2Fhistory"))  # nothing opens yet
    page.goto(live_server.url("/login/code"))
    # The code that turned it on is spent; the app's next one is accepted.
    page.get_by_label("Code").fill(code_at(secret, step + 1))
    follow(page, page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(live_server.url("/"))
    expect(page.get_by_test_id("current-user")).to_contain_text("ada")
