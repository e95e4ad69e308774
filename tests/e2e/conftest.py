"""Browser tests: Debian's Chromium, and the real `playground serve` in a subprocess."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import APIRequestContext, Page, Playwright, expect

from tests.db_support import CHEAP_PASSWORD_ENV, copy_database, empty_tables
from tests.e2e.e2e_support import follow

CHROMIUM = "/usr/bin/chromium"
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
]
STARTUP_TIMEOUT = 20.0
SHUTDOWN_TIMEOUT = 10.0
USERNAME = "ada"
PASSWORD = "correct horse battery"
# Playwright's 5 s default leaves little room on a loaded CI machine; a real failure
# still shows up quickly enough.
EXPECT_TIMEOUT_MS = 10_000

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


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


@dataclass(frozen=True)
class LiveServer:
    """A running playground: where it listens, its database, and where its output goes."""

    base_url: str
    log_path: Path
    data_dir: Path
    database_url: str
    # Where the log stood when the current test began.
    log_start: int = 0

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return self.base_url + path

    def log_text(self) -> str:
        """What the server printed (stdout and stderr) since the current test began."""
        with self.log_path.open("rb") as log:
            log.seek(self.log_start)
            return log.read().decode("utf-8", errors="replace")


def _free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(port: int) -> bool:
    """Whether /healthz answers 200 (the app is up and its database answers)."""
    # Plain http.client: httpx builds an SSL context per call, and that CPU time would
    # be taken from the very server start-up being waited for.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:  # not listening yet, or too slow to answer this time
        return False
    finally:
        connection.close()


class PortTaken(Exception):
    """The chosen port was taken by another process before the server could bind it."""


def _ready(port: int, log_path: Path) -> bool:
    """Whether our server bound the port (it says so in its log) and /healthz answers."""
    # Without the log line, a 200 could come from another process that took the port
    # between _free_port() and the bind; uvicorn prints it at INFO, the default level.
    bound = f"Uvicorn running on http://127.0.0.1:{port}"
    return bound in log_path.read_text(errors="replace") and _healthy(port)


def _wait_until_healthy(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    """Poll /healthz until it answers; fail early, with the log, if the server exits."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not _ready(port, log_path):
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            if "address already in use" in log.lower():
                raise PortTaken(port)
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log}")
        if time.monotonic() > deadline:
            _stop(process)
            raise RuntimeError(f"the server did not answer /healthz within {STARTUP_TIMEOUT} s")
        # A short pause between polls, not a guess at the start-up time.
        time.sleep(0.05)


def _start_server(
    env: dict[str, str], cwd: Path, log_path: Path
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `playground serve` on a free port and wait until it is healthy."""
    command = [sys.executable, "-m", "playground.cli", "serve", "--host", "127.0.0.1"]
    # The port is chosen here and bound by the child, so another process could take it
    # in between: then try another one, a few times.
    for _attempt in range(3):
        port = _free_port()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*command, "--port", str(port)], env=env, cwd=cwd, stdout=log, stderr=log
            )
        try:
            _wait_until_healthy(process, port, log_path)
        except PortTaken:
            continue
        return process, port
    raise RuntimeError("no free port found for the server in 3 attempts")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the server to shut down (SIGTERM, graceful in uvicorn); kill it if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=SHUTDOWN_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def server_env() -> dict[str, str]:
    """Extra PLAYGROUND_* variables for the test's server; a test module may override it."""
    return {}


class ServerPool:
    """One running server per distinct server_env, started on first use, shared by tests."""

    def __init__(self, root: Path, template: Path) -> None:
        """Servers get their data dirs under `root` and a copy of the migrated `template`."""
        self.root = root
        self.template = template
        self.running: dict[tuple[tuple[str, str], ...], tuple[subprocess.Popen[bytes], LiveServer]]
        self.running = {}

    def get(self, server_env: dict[str, str]) -> LiveServer:
        """The server for these settings, started now if none runs yet."""
        key = tuple(sorted(server_env.items()))
        if key not in self.running:
            self.running[key] = self._start(server_env)
        process, server = self.running[key]
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{server.log_text()}")
        return server

    def _start(self, server_env: dict[str, str]) -> tuple[subprocess.Popen[bytes], LiveServer]:
        """Start `playground serve` with its own data dir and database."""
        home = self.root / f"server{len(self.running)}"
        home.mkdir()
        data_dir = home / "data"
        log_path = home / "server.log"
        database_url = copy_database(self.template, home / "playground.db")
        # Start from a clean slate: PLAYGROUND_* settings of the calling shell must not leak in.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
        env |= {
            "PLAYGROUND_DATA_DIR": str(data_dir),
            "PLAYGROUND_DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
            **CHEAP_PASSWORD_ENV,
            **server_env,
        }
        process, port = _start_server(env, home, log_path)
        url = f"http://127.0.0.1:{port}"
        return process, LiveServer(url, log_path, data_dir, database_url)

    def stop_all(self) -> None:
        """Stop every server of the pool."""
        for process, _server in self.running.values():
            _stop(process)


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
        page.get_by_test_id("send").click()
        if before is None:
            expect(shown).to_be_visible()
        else:
            expect(shown).not_to_have_attribute("data-entry-id", before)

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
