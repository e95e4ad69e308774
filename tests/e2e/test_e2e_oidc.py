"""Sign-in with OpenID Connect in Chromium, against a real provider (oidc-provider on Node)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.e2e_support import follow

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer

# With `--dist loadgroup` one worker starts the provider and this server once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("oidc_server")]
PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc"
CLIENT_SECRET = "browser-test-client-secret-0123456789"
START_TIMEOUT = 30.0


@pytest.fixture(scope="session")
def oidc_issuer() -> Iterator[str]:
    """The provider (tests/oidc/provider.mjs) on a free port; its issuer URL."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("tests/oidc/node_modules is missing: run `make oidc` first")
    process = subprocess.Popen(
        ["node", "provider.mjs"],
        cwd=PROVIDER_DIR,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed once it listens
        if not first:
            pytest.fail(f"the OpenID provider exited with {process.wait(START_TIMEOUT)}")
        yield str(json.loads(first)["issuer"])
    finally:
        process.terminate()
        process.wait(START_TIMEOUT)


@pytest.fixture
def server_env(oidc_issuer: str) -> dict[str, str]:
    """The playground in OpenID Connect mode; the provider's group makes admins."""
    return {
        "PLAYGROUND_AUTH_MODE": "oidc",
        "PLAYGROUND_OIDC_ISSUER": oidc_issuer,
        "PLAYGROUND_OIDC_CLIENT_ID": "playground",
        "PLAYGROUND_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "PLAYGROUND_OIDC_SCOPES": "openid profile email groups",
        "PLAYGROUND_OIDC_ADMIN_GROUP": "playground-admins",
    }


def test_an_admin_signs_in_at_the_provider_uses_the_composer_and_signs_out(
    page: Page, live_server: LiveServer, oidc_issuer: str
) -> None:
    login_page = re.compile(re.escape(live_server.url("/login")) + r"(\?next=%2F)?$")
    page.goto(live_server.url("/"))
    expect(page).to_have_url(login_page)
    follow(page, page.get_by_role("link", name="Sign in with your organisation's account"))

    # The provider's own pages: its login form, then its consent.
    assert page.url.startswith(oidc_issuer)
    page.locator("input[name=login]").fill("ada")
    page.locator("input[name=password]").fill("any password")
    follow(page, page.get_by_role("button", name="Sign-in"))
    follow(page, page.get_by_role("button", name="Continue"))

    # Back in the playground: signed in as an admin, on the composer.
    expect(page).to_have_url(live_server.url("/"))
    expect(page.get_by_test_id("current-user")).to_have_text("ada · admin")
    expect(page.get_by_role("link", name="Admin", exact=True)).to_be_visible()
    expect(page.locator("form#composer")).to_be_visible()

    # Signing out ends the session here and at the provider (which asks first).
    follow(page, page.get_by_role("button", name="Log out"))
    assert page.url.startswith(oidc_issuer)
    follow(page, page.get_by_role("button", name="Yes, sign me out"))
    back = re.escape(live_server.url("/login?signed_out=1"))
    expect(page).to_have_url(re.compile(back + "(&state=[^&]+)?$"))
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(live_server.url("/"))
    expect(page).to_have_url(login_page)
    # The client secret went to the provider's token endpoint only, never into the log.
    assert CLIENT_SECRET not in live_server.log_text()
