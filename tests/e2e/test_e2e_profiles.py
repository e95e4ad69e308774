"""Profiles: "Test connection" explains a wrong secret in words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from playground.sandbox import DEMO_TOKEN
from tests.e2e.e2e_support import follow

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e

WRONG_SECRET = "wrong-secret-" + "0123456789abcdef" * 3 + "xyz"


def test_a_wrong_secret_is_explained_by_test_connection(
    logged_in: Page, live_server: LiveServer
) -> None:
    assert len(WRONG_SECRET) == 64
    page = logged_in
    page.goto(live_server.url("/profiles"))
    page.get_by_label("Name").fill("Wrong secret")
    page.get_by_label("Endpoint").select_option(label="Built-in sandbox")
    # The sandbox's real token, so that only the secret is wrong.
    page.get_by_label("Token").fill(DEMO_TOKEN)
    page.get_by_label("Secret").fill(WRONG_SECRET)
    follow(page, page.get_by_role("button", name="Create profile"))

    expect(page).to_have_url(re.compile(re.escape(live_server.url("/profiles?created=")) + r"\d+$"))
    expect(page.get_by_test_id("profile-notice")).to_contain_text("Profile “Wrong secret” created.")
    card = page.get_by_test_id("profile").filter(
        has=page.get_by_role("heading", name="Wrong secret")
    )
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("token-masked")).to_have_text(re.compile(DEMO_TOKEN[-4:] + "$"))
    card.get_by_test_id("test-connection").click()
    check = card.get_by_test_id("connection-check")
    expect(check).to_contain_text("137")
    expect(check).to_contain_text(re.compile(r"\bsecret\b", re.IGNORECASE))

    # The ready-made sandbox profile, by contrast, connects.
    sandbox = page.get_by_test_id("profile").filter(
        has=page.get_by_role("heading", name="Sandbox", exact=True)
    )
    sandbox.get_by_test_id("test-connection").click()
    expect(sandbox.get_by_test_id("connection-check")).to_contain_text("Connected")
