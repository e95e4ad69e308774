"""Browser helpers shared by several e2e modules: dialogs, profiles, received answers."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Dialog, Page, Response, expect
from playwright.sync_api import Error as PlaywrightError


def accept_confirms(page: Page) -> None:
    """Say yes to the page's confirmation dialogs."""

    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.on("dialog", accept)


def create_sandbox_profile(
    page: Page, profiles_url: str, name: str, *, token: str, secret: str, protected: bool
) -> None:
    """Create a profile for the built-in sandbox on the profiles page."""
    page.goto(profiles_url)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Endpoint").select_option(label="Built-in sandbox")
    page.get_by_label("Token").fill(token)
    page.get_by_label("Secret").fill(secret)
    if protected:
        page.get_by_test_id("protected-checkbox").check()
    page.get_by_role("button", name="Create profile").click()
    expect(page).to_have_url(profiles_url)


class Received:
    """Every text answer a browser page received (with headers), plus its DOM on request."""

    def __init__(self, page: Page) -> None:
        """Start listening on the page."""
        self.bodies: list[str] = []
        self.unreadable: list[str] = []
        self.page = page
        page.on("response", self._keep)

    def _keep(self, response: Response) -> None:
        """Keep the headers and, for text, the body of an answer."""
        self.bodies.append(json.dumps(response.headers))
        kind = response.headers.get("content-type", "")
        # Redirects have no body to read.
        if 300 <= response.status < 400 or not re.match(r"text/|application/json", kind):
            return
        # An exception in an event handler would surface far from its cause: note it instead.
        try:
            self.bodies.append(response.text())
        except PlaywrightError as exc:
            self.unreadable.append(f"{response.url}: {exc.message}")

    def snapshot(self) -> None:
        """Keep the current DOM, with whatever htmx swapped in."""
        self.bodies.append(self.page.content())
