"""Planted credentials never reach the browser: not in pages, fragments, JSON, nor the log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.e2e_support import (
    CANARY_SECRET,
    CANARY_SERVER_ENV,
    CANARY_TOKEN,
    Received,
    follow,
)

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

# With `--dist loadgroup` one worker runs every test that needs this server (one start).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("canary_server")]

CANARIES = (CANARY_TOKEN, CANARY_SECRET)


@pytest.fixture
def server_env() -> dict[str, str]:
    """The sandbox accepts the canaries, so the user's sandbox profile holds them."""
    return CANARY_SERVER_ENV


def test_planted_credentials_never_reach_the_browser_or_the_log(
    logged_in: Page, live_server: LiveServer, ui: Ui
) -> None:
    assert len(CANARY_TOKEN) == 32 and len(CANARY_SECRET) == 64
    page = logged_in
    seen = Received(page)
    page.reload()  # the composer again, now with the listener attached
    seen.snapshot()

    # The main journey, with the canaries doing the signing.
    ui.pick_template(page, "read estate", "Read estates")
    ui.send(page)
    expect(page.locator("#response [data-testid=records] tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("recent-entry")).to_have_count(1)
    seen.snapshot()

    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="History"))
    expect(page.get_by_test_id("history-row")).to_have_count(1)
    seen.snapshot()
    follow(page, page.get_by_test_id("history-row").get_by_role("link").first)
    expect(page.get_by_test_id("request-json")).to_be_visible()
    seen.snapshot()
    shown = page.locator("#response [data-testid=response]")
    first_id = shown.get_attribute("data-entry-id")
    assert first_id
    page.get_by_test_id("resend").click()
    expect(shown).not_to_have_attribute("data-entry-id", first_id)
    seen.snapshot()
    follow(page, page.get_by_test_id("open-in-composer"))
    expect(page.locator("#resourcetype-0")).to_have_value("estate")
    ui.send(page)
    expect(page.get_by_test_id("recent-entry")).to_have_count(3)
    seen.snapshot()

    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Profiles"))
    sandbox = page.get_by_test_id("profile").filter(
        has=page.get_by_role("heading", name="Sandbox", exact=True)
    )
    sandbox.get_by_test_id("test-connection").click()
    expect(sandbox.get_by_test_id("connection-check")).to_contain_text("Connected")
    seen.snapshot()
    follow(page, sandbox.get_by_role("link", name="Edit"))
    expect(page.get_by_role("heading", name="Edit “Sandbox”")).to_be_visible()
    seen.snapshot()
    # A rejected edit (a blank name) must not echo the credentials typed into it.
    page.get_by_label("Name").fill("   ")
    page.get_by_label("Token").fill(CANARY_TOKEN)
    page.get_by_label("Secret").fill(CANARY_SECRET)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Give the profile a name")).to_be_visible()
    seen.snapshot()

    entries = ui.history(page)
    assert len(entries) == 3 and all(e["ok"] for e in entries)
    assert seen.unreadable == []
    assert len(seen.bodies) > 20
    # Positive control: the profile pages were captured, with the token's last four only.
    assert any("•" * 8 + CANARY_TOKEN[-4:] in body for body in seen.bodies)
    for body in seen.bodies:
        for canary in CANARIES:
            assert canary not in body
    log = live_server.log_text()
    assert "POST /send" in log  # the log is captured at all
    for canary in CANARIES:
        assert canary not in log
