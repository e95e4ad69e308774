"""Browser tests: Debian's Chromium, and the real `playground serve` in a subprocess."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    APIRequestContext,
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
)

from tests.db_support import empty_tables
from tests.e2e.e2e_support import follow
from tests.e2e.servers import LiveServer as LiveServer  # test modules name its type here
from tests.e2e.servers import ServerPool

CHROMIUM = "/usr/bin/chromium"
# Chromium keeps only the last --disable-features it is given, so the list below repeats
# the one Playwright passes (chromiumSwitches.ts, playwright-core 1.65) before adding its
# own. Each tab of today's Chromium preloads the address bar's suggestion popup (two WebUI
# pages, a renderer each) and keeps a spare renderer for the next tab: in a browser test
# that was most of Chromium's work, a quarter of the browser suite's CPU.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,"
    "HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,"
    "ThirdPartyStoragePartitioning,AvoidCorsURLLoaderRestartOnRedirect,"
    "TcpPortRandomizationWin,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,"
    "PreconnectToSearch"
)
UNUSED_FEATURES = "WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess"
# Playwright's own browser download does not work here, so pytest-playwright launches
# Debian's Chromium; these flags keep it quiet and working as root inside a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--disable-features={PLAYWRIGHT_DISABLED_FEATURES},{UNUSED_FEATURES}",
]
USERNAME = "ada"
PASSWORD = "correct horse battery"
# Playwright's 5 s default leaves little room on a loaded CI machine; a real failure
# still shows up quickly enough.
EXPECT_TIMEOUT_MS = 10_000

expect.set_options(timeout=EXPECT_TIMEOUT_MS)
# A failing test's report ends with what its server logged meanwhile (the last part).
LOG_TAIL_CHARS = 6_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the server's log to a failed test's report: CI output then tells why."""
    report: pytest.TestReport = yield
    server = getattr(item, "funcargs", {}).get("live_server")
    if report.failed and isinstance(server, LiveServer):
        report.sections.append(("server log", server.log_text()[-LOG_TAIL_CHARS:]))
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --slowmo, …) plus Debian's Chromium."""
    # Requesting the fixture's own name yields the plugin's definition, so its command
    # line options and per-test parametrization keep working; an executable_path or
    # args given there win over (or add to) the defaults here.
    extra_args = [a for a in browser_type_launch_args.get("args", []) if a not in CHROMIUM_ARGS]
    return {
        "executable_path": CHROMIUM,
        **browser_type_launch_args,
        "args": [*CHROMIUM_ARGS, *extra_args],
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """--base-url as pytest-playwright gives it, without its deprecated fixture."""
    # pytest-playwright 0.10 defines this fixture as a method of a plugin object, which
    # pytest 9 flags with PytestRemovedIn10Warning. The tests here use absolute URLs
    # (the servers listen on free ports), so only the option's value is kept.
    value = pytestconfig.getoption("--base-url", default=None) or pytestconfig.getini("base_url")
    return str(value) if value else None


# Recording options of pytest-playwright that need a browser context per test.
ARTIFACT_OPTIONS = ("--tracing", "--video", "--screenshot")


def _records_artifacts(config: pytest.Config) -> bool:
    """Whether the run records traces, videos or screenshots (a context per test, then)."""
    return any(config.getoption(name, default="off") != "off" for name in ARTIFACT_OPTIONS)


@pytest.fixture(scope="session")
def shared_context(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[BrowserContext]:
    """One browser context for the worker's tests: a new one costs Chromium about 0.4 s of
    CPU, a third of a short test's share. Tests that need other settings make their own."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


def _forget_everything(context: BrowserContext) -> None:
    """Leave the context as a new one starts: no pages, cookies, permissions or stored data.

    Its HTTP cache stays, as in a browser used every day; the playground's pages are
    no-store, only versioned static files are cached.
    """
    origins = [entry["origin"] for entry in context.storage_state()["origins"]]
    if origins:  # local storage (the composer's drafts), through any page of the context
        session = context.new_cdp_session(context.pages[0] if context.pages else context.new_page())
        for origin in origins:
            session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        session.detach()
    for page in context.pages:
        page.close()
    context.clear_cookies()
    context.clear_permissions()
    context.unroute_all()


@pytest.fixture
def context(request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """The test's browser context: the worker's shared one, emptied after each test (or
    pytest-playwright's own per test when it records traces, videos or screenshots)."""
    if _records_artifacts(request.config):
        yield request.getfixturevalue("new_context")()
        return
    shared: BrowserContext = request.getfixturevalue("shared_context")
    yield shared
    _forget_everything(shared)


@pytest.fixture
def server_env() -> dict[str, str]:
    """Extra PLAYGROUND_* variables for the test's server; a test module may override it."""
    return {}


@pytest.fixture(scope="session")
def server_pool(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[ServerPool]:
    """The session's servers; the browser suite runs on SQLite only."""
    pool = ServerPool(tmp_path_factory.mktemp("servers"), sqlite_template)
    try:
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture
def live_server(server_pool: ServerPool, server_env: dict[str, str]) -> LiveServer:
    """The real `playground serve` for these settings, its data emptied for this test."""
    # Starting a server per test was most of the suite's time. Between tests every row
    # goes (users, sessions, profiles, history, audit, throttling), so each test finds a
    # first-run playground; keys, settings and the sandbox's own records stay.
    server = server_pool.get(server_env)
    empty_tables(server.database_url)
    return replace(server, log_start=server.log_path.stat().st_size)


@pytest.fixture
def database_url(live_server: LiveServer) -> str:
    """The database of the test's server, for steps taken behind its back."""
    return live_server.database_url


# Test modules cannot import from a conftest at run time (importlib mode, no packages),
# so they reach these steps through the `ui` fixture and import the class for types only.
class Ui:
    """Steps a user takes in the browser, shared by the test modules."""

    def __init__(self, server: LiveServer) -> None:
        """Bind the steps to one server."""
        self.server = server

    def create_first_account(
        self, page: Page, username: str = USERNAME, password: str = PASSWORD
    ) -> None:
        """Fill the first-run form and wait until the composer greets the new user."""
        page.goto(self.server.url("/setup"))
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Password again").fill(password)
        follow(page, page.get_by_role("button", name="Create account"))
        expect(page).to_have_url(self.server.url("/"))
        expect(page.get_by_test_id("current-user")).to_contain_text(username)

    def set_up_first_account(self, request: APIRequestContext) -> None:
        """Post the first-run form without a page; the request's cookies log it in."""
        form: dict[str, str | float | bool] = {
            "username": USERNAME,
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        }
        answer = request.post(self.server.url("/setup"), form=form, max_redirects=0)
        assert answer.status == 303, answer.status

    def log_in(self, page: Page, username: str = USERNAME, password: str = PASSWORD) -> None:
        """Log in through the login form and wait until the composer shows the user."""
        page.goto(self.server.url("/login"))
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(password)
        follow(page, page.get_by_role("button", name="Log in"))
        expect(page).to_have_url(self.server.url("/"))
        expect(page.get_by_test_id("current-user")).to_contain_text(username)

    def pick_template(self, page: Page, query: str, title: str) -> str:
        """Search the template list, click a template; return the parameters it carries."""
        page.get_by_label("Search templates").fill(query)
        # The filtered list arrives by htmx after a short debounce: wait for it to
        # replace the full list (the address template is not a match) before clicking.
        expect(page.locator("[data-template]", has_text="Read addresses")).to_have_count(0)
        button = page.locator("[data-template]", has_text=title)
        expect(button).to_have_count(1)
        parameters = button.get_attribute("data-parameters")
        assert parameters
        button.click()
        return parameters

    def send(self, page: Page) -> None:
        """Press Send and wait until a new response panel is shown."""
        shown = page.locator("#response [data-testid=response]")
        before = shown.get_attribute("data-entry-id") if shown.count() else None
        address = page.url
        page.get_by_test_id("send").click()
        if before is None:
            expect(shown).to_be_visible()
        else:
            expect(shown).not_to_have_attribute("data-entry-id", before)
        # htmx answered in place: a plain form post would have left the composer.
        assert page.url == address, f"Send left the composer for {page.url}"

    def history(self, page: Page) -> list[dict[str, Any]]:
        """The user's history through the JSON API, sent with the page's session cookie."""
        response = page.request.get(self.server.url("/api/history"))
        assert response.ok, response.status
        entries: list[dict[str, Any]] = response.json()["entries"]
        return entries


@pytest.fixture
def ui(live_server: LiveServer) -> Ui:
    """The shared browser steps, bound to this test's server."""
    return Ui(live_server)


@pytest.fixture
def account(ui: Ui, playwright: Playwright) -> tuple[str, str]:
    """The first account, created through /setup by a throw-away client."""
    # Not the test's page, which starts logged out and logs in itself. The first-run
    # form has a browser test of its own (test_e2e_first_run.py).
    request = playwright.request.new_context()
    try:
        ui.set_up_first_account(request)
    finally:
        request.dispose()
    return USERNAME, PASSWORD


@pytest.fixture
def logged_in(page: Page, ui: Ui) -> Page:
    """The test's page, logged in as the first user (created through /setup), on the composer."""
    # First-run setup logs the new user in; the form itself has a browser test of its own,
    # so here it is posted by the page's request client, which shares the page's cookies.
    ui.set_up_first_account(page.request)
    page.goto(ui.server.url("/"))
    expect(page.get_by_test_id("current-user")).to_contain_text(USERNAME)
    return page
