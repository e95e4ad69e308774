"""User administration in Chromium: a one-time password shown once, used in a second browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.e2e_support import accept_confirms, follow

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "bobs own long password"


def test_an_admin_creates_a_member_who_logs_in_with_the_one_time_password(
    logged_in: Page, live_server: LiveServer, ui: Ui, browser: Browser
) -> None:
    admin = logged_in
    accept_confirms(admin)
    follow(admin, admin.get_by_role("navigation", name="Main").get_by_role("link", name="Admin"))
    expect(admin).to_have_url(live_server.url("/admin/users"))
    admin.get_by_label("User name", exact=True).fill("bob")
    admin.get_by_label("Role", exact=True).select_option("member")
    expect(admin.get_by_label("Password", exact=True)).to_have_value("")  # empty: generate one
    follow(admin, admin.get_by_role("button", name="Create user"))

    expect(admin.get_by_role("heading", name="User bob created")).to_be_visible()
    shown = admin.get_by_test_id("one-time-password")
    expect(shown).to_be_visible()
    one_time_password = (shown.text_content() or "").strip()
    assert len(one_time_password) >= 12
    # Its copy button puts it on the clipboard.
    admin.context.grant_permissions(["clipboard-read", "clipboard-write"])
    admin.get_by_test_id("copy-one-time-password").click()
    expect(admin.get_by_test_id("copy-one-time-password")).to_have_text("Copied")
    assert admin.evaluate("navigator.clipboard.readText()") == one_time_password
    follow(admin, admin.get_by_role("link", name="Back to users"))
    row = admin.get_by_test_id("user-row").filter(has_text="bob")
    expect(row.get_by_test_id("user-role")).to_have_text("member")
    expect(row.get_by_test_id("user-state")).to_have_text("active")
    # Shown once: neither the list nor a reload of it shows the password again.
    admin.reload()
    assert one_time_password not in admin.content()

    # Bob, in a browser of his own, logs in with it and finds no admin pages.
    bob_context = browser.new_context()
    try:
        bob = bob_context.new_page()
        # The one-time password opens only his account page, which asks for his own first.
        bob.goto(live_server.url("/login"))
        bob.get_by_label("User name").fill("bob")
        bob.get_by_label("Password").fill(one_time_password)
        follow(bob, bob.get_by_role("button", name="Log in"))
        expect(bob).to_have_url(live_server.url("/account"))
        expect(bob.get_by_test_id("must-change-password")).to_be_visible()
        expect(bob.get_by_test_id("account-role")).to_have_text("member")
        bob.get_by_label("Current password").fill(one_time_password)
        bob.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        bob.get_by_label("New password again").fill(NEW_PASSWORD)
        follow(bob, bob.get_by_role("button", name="Change password"))
        expect(bob.get_by_test_id("password-changed")).to_be_visible()
        expect(bob.get_by_test_id("must-change-password")).to_have_count(0)

        # Then he finds the composer, and no admin pages.
        bob.goto(live_server.url("/"))
        nav = bob.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Composer")).to_be_visible()
        expect(nav.get_by_role("link", name="Admin")).to_have_count(0)
        answer = bob.goto(live_server.url("/admin/users"))
        assert answer is not None and answer.status == 403
        expect(bob.get_by_test_id("error")).to_contain_text("Only administrators may do this.")

        # The admin disables bob: his open session ends at once.
        row.get_by_role("button", name="Disable").click()
        expect(row.get_by_test_id("user-state")).to_have_text("disabled")
        bob.goto(live_server.url("/history"))
        expect(bob).to_have_url(live_server.url("/login?next=%2Fhistory"))
        bob.get_by_label("User name").fill("bob")
        bob.get_by_label("Password").fill(NEW_PASSWORD)
        bob.get_by_role("button", name="Log in").click()
        expect(bob.get_by_role("alert")).to_have_text("Wrong user name or password.")
    finally:
        bob_context.close()
