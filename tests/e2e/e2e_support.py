"""Browser helpers shared by several e2e modules: canaries, dialogs, profiles, received answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from playwright.sync_api import Dialog, Locator, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

CANARY_TOKEN = "CANARYtoken" + "0123456789abcdefWXYZ9"
CANARY_SECRET = "CANARYsecret" + "0123456789abcdef" * 3 + "s3cr"
# The sandbox accepts the canaries, so profiles holding them can send; DEBUG, so that
# anything the server might log about a request is in the log. The canary modules share
# one server through these settings.
CANARY_SERVER_ENV = {
    "PLAYGROUND_SANDBOX_TOKEN": CANARY_TOKEN,
    "PLAYGROUND_SANDBOX_SECRET": CANARY_SECRET,
    "PLAYGROUND_LOG_LEVEL": "DEBUG",
}


@contextmanager
def next_page(page: Page) -> Iterator[None]:
    """Around an action that loads a new page: return once that page has loaded."""
    # Acting on the new page earlier races its scripts: a click on a form htmx has not
    # taken over yet posts it as a plain form, and typing before htmx listens is lost.
    # A click or an URL check returns as soon as the new page has begun to arrive, and a
    # "load" event may still be due from the page before, so the old document is marked
    # and the wait is for an unmarked one that has loaded (htmx has processed it by then).
    page.evaluate("window.__e2eLeft = true")
    yield
    page.wait_for_function("() => !window.__e2eLeft && document.readyState === 'complete'")


def follow(page: Page, target: Locator) -> None:
    """Click a link or button that loads a new page; return once that page has loaded."""
    with next_page(page):
        target.click()


# htmx takes over what it swapped in (binds its hx-* attributes, fires htmx:load) only
# when the swap settles, 20 ms later: until then a click on a new hx-post button does
# nothing and typing into a new search field sends no search. It marks the request, the
# swap and the new content with these classes until it is done with them.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def htmx_settled(page: Page) -> None:
    """Wait until htmx has settled what it swapped in, so the new controls work."""
    page.wait_for_function(f"() => !document.querySelector({json.dumps(HTMX_BUSY)})")


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
    follow(page, page.get_by_role("button", name="Create profile"))
    # The list again, with the confirmation naming the new profile.
    expect(page).to_have_url(re.compile(re.escape(profiles_url) + r"\?created=\d+$"))
    expect(page.get_by_test_id("profile-notice")).to_contain_text(name)


class Received:
    """Every answer a browser page received (headers, and the body of text), plus its DOM."""

    def __init__(self, page: Page) -> None:
        """Start receiving the page's requests: each is fetched here, kept, then handed on."""
        self.bodies: list[str] = []
        self.unreadable: list[str] = []
        self.page = page
        # Reading a body from the "response" event races the page: once it navigates,
        # Chromium forgets the bodies of its requests (an hx-trigger="load" request, say).
        # Fetching through a route keeps the body before the browser even sees it.
        page.route("**/*", self._keep)

    def _keep(self, route: Route) -> None:
        """Fetch the request, keep its headers and text body, and fulfil it with that answer."""
        # An exception in a route handler would surface far from its cause: note it instead.
        try:
            # Redirects go back to the browser unfollowed, so it follows them itself.
            response = route.fetch(max_redirects=0)
            self.bodies.append(json.dumps(response.headers))
            if re.match(r"text/|application/json", response.headers.get("content-type", "")):
                self.bodies.append(response.text())
        except PlaywrightError as exc:
            self.unreadable.append(f"{route.request.url}: {exc.message}")
            with suppress(PlaywrightError):
                route.abort()
            return
        # The page may have gone on meanwhile and no longer want it; its body is kept anyway.
        with suppress(PlaywrightError):
            route.fulfill(response=response)

    def snapshot(self) -> None:
        """Keep the current DOM, with whatever htmx swapped in."""
        self.bodies.append(self.page.content())
