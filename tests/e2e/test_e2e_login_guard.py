"""The login's guards in Chromium: throttling after wrong passwords; no login from elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, Route, expect

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

# With `--dist loadgroup` one worker runs every test that needs this server (one start).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("login_guard_server")]
USERNAME = "ada"
PASSWORD = "correct horse battery"
MAX_FAILURES = 3
WRONG = "Wrong user name or password."
LOCKED = "Too many failed attempts for this user name from here."
EVIL_SITE = "http://evil.example/"


@pytest.fixture
def server_env() -> dict[str, str]:
    """Refuse logins after three failures, with no slow-down delay before that."""
    return {
        "PLAYGROUND_LOGIN_MAX_FAILURES": str(MAX_FAILURES),
        "PLAYGROUND_LOGIN_SLOW_AFTER": "1",
        "PLAYGROUND_LOGIN_DELAY_SECONDS": "0",
        "PLAYGROUND_LOGIN_LOCK_MINUTES": "15",
    }


def _try(page: Page, server: LiveServer, username: str, password: str) -> int:
    """Fill and send the login form once; the status of the answer."""
    page.goto(server.url("/login"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Log in").click()
    status: int = answer.value.status
    return status


def test_repeated_wrong_passwords_lock_the_login_with_a_clear_message(
    logged_in: Page, live_server: LiveServer, browser: Browser
) -> None:
    admin = logged_in  # a session from before the failures: it keeps working
    context = browser.new_context()
    try:
        page = context.new_page()
        for attempt in range(1, MAX_FAILURES):
            assert _try(page, live_server, USERNAME, f"wrong guess {attempt}") == 401
            expect(page.get_by_role("alert")).to_have_text(WRONG)
        assert _try(page, live_server, USERNAME, "wrong guess again") == 429
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(LOCKED)
        expect(alert).to_contain_text("Please try again in 15 minutes.")

        # Even the right password is refused now, with the same message, and no session starts.
        assert _try(page, live_server, USERNAME, PASSWORD) == 429
        expect(page.get_by_role("alert")).to_contain_text(LOCKED)
        expect(page).to_have_url(live_server.url("/login"))
        page.goto(live_server.url("/"))
        expect(page).to_have_url(live_server.url("/login?next=%2F"))
    finally:
        context.close()

    # The admin, still logged in, finds the failures and the refusal in the audit log.
    admin.goto(live_server.url("/admin/audit?kind=login.failed"))
    expect(admin.get_by_test_id("audit-row")).to_have_count(MAX_FAILURES)
    admin.goto(live_server.url("/admin/audit?kind=login.refused"))
    expect(admin.get_by_test_id("audit-row")).to_have_count(1)


def test_a_login_form_on_another_site_cannot_log_the_browser_in(
    page: Page, live_server: LiveServer, ui: Ui, account: tuple[str, str]
) -> None:
    username, password = account
    # A page on another site with a login form aimed at the playground (login CSRF): the
    # browser would carry the attacker's credentials and come back logged in as them.
    form = (
        f'<form method="post" action="{live_server.url("/login")}">'
        f'<input name="username" value="{username}"><input name="password" value="{password}">'
        '<button type="submit">Win a prize</button></form>'
    )

    def evil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=form)

    page.route(EVIL_SITE, evil)
    page.goto(EVIL_SITE)
    with page.expect_response(live_server.url("/login")) as answer:
        page.get_by_role("button", name="Win a prize").click()
    assert answer.value.status == 403
    expect(page.get_by_test_id("error")).to_contain_text("Request refused")
    page.goto(live_server.url("/"))
    expect(page).to_have_url(live_server.url("/login?next=%2F"))

    # The playground's own login form still works in the same browser.
    ui.log_in(page, username, password)
