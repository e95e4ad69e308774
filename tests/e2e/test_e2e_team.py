"""Team features in Chromium: a shared profile, a protected profile, saved requests and links."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.services import accounts
from playground.store.db import make_engine
from tests.e2e.e2e_support import accept_confirms, create_sandbox_profile, follow, htmx_settled

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


def _add_member(database_url: str, username: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db:
        accounts.create_user(db, username=username, password=PASSWORD, is_admin=False)
    engine.dispose()


def _member_page(browser: Browser, ui: Ui, database_url: str, username: str) -> Page:
    _add_member(database_url, username)
    page = browser.new_context().new_page()
    ui.log_in(page, username, PASSWORD)
    return page


def _create_profile(page: Page, server: LiveServer, name: str, *, protected: bool) -> None:
    create_sandbox_profile(
        page, server.url("/profiles"), name, token=DEMO_TOKEN, secret=DEMO_SECRET,
        protected=protected,
    )  # fmt: skip


def test_an_admin_shares_a_profile_and_a_member_sends_with_it_without_seeing_it(
    logged_in: Page, live_server: LiveServer, ui: Ui, browser: Browser, database_url: str
) -> None:
    page = logged_in
    accept_confirms(page)
    _create_profile(page, live_server, "Team sandbox", protected=False)
    card = page.get_by_test_id("profile").filter(
        has=page.get_by_role("heading", name="Team sandbox")
    )
    card.get_by_test_id("share-profile").click()
    expect(card.get_by_test_id("sharing")).to_have_text("shared with the team")

    bob = _member_page(browser, ui, database_url, "bob")
    bob.get_by_label("Profile", exact=True).select_option(
        label="Team sandbox · sandbox · v2 · shared by ada"
    )
    ui.send(bob)
    expect(bob.locator("#response [data-testid=records] tbody tr").first).to_be_visible()
    [entry] = ui.history(bob)
    assert entry["ok"] and entry["profile_name"] == "Team sandbox"

    bob.goto(live_server.url("/profiles"))
    shared = bob.get_by_test_id("profile").filter(
        has=bob.get_by_role("heading", name="Team sandbox")
    )
    expect(shared.get_by_test_id("profile-owner")).to_have_text("Shared by ada")
    expect(shared.get_by_test_id("token-masked")).to_have_count(0)
    expect(shared.get_by_role("link", name="Edit")).to_have_count(0)
    shared.get_by_test_id("test-connection").click()
    expect(shared.get_by_test_id("connection-check")).to_contain_text("Connected")
    for path in ("/profiles", "/", "/history"):
        bob.goto(live_server.url(path))
        assert DEMO_SECRET not in bob.content()


def test_a_protected_profile_asks_before_a_modify(
    logged_in: Page, live_server: LiveServer, ui: Ui
) -> None:
    page = logged_in
    _create_profile(page, live_server, "Production", protected=True)
    page.goto(live_server.url("/"))
    page.get_by_label("Profile", exact=True).select_option(
        label="Production · sandbox · v2 · protected"
    )
    page.locator("#verb-0").select_option("modify")
    page.locator("#resourceid-0").fill("1")
    page.get_by_label("Parameters").fill(json.dumps({"data": {"kaufpreis": 250000}}))
    page.get_by_test_id("send").click()
    question = page.locator("#response").get_by_test_id("confirm-protected")
    expect(question).to_contain_text("“Production” is a protected profile. Nothing was sent.")
    expect(question.get_by_test_id("protected-writes")).to_have_text("modify estate 1")
    assert ui.history(page) == []

    htmx_settled(page)  # its "Send anyway" posts through htmx once htmx has taken it over
    question.get_by_test_id("send-anyway").click()
    expect(page.locator("#response [data-testid=response]")).to_be_visible()
    [entry] = ui.history(page)
    assert entry["calls"] == "modify estate" and entry["profile_name"] == "Production"


def test_a_saved_request_is_shared_by_link_and_the_link_stops_working_when_revoked(
    logged_in: Page, live_server: LiveServer, ui: Ui, browser: Browser, database_url: str
) -> None:
    page = logged_in
    accept_confirms(page)
    page.get_by_label("Parameters").fill(json.dumps({"data": ["Id", "ort"], "listlimit": 2}))
    page.get_by_label("Name", exact=True).fill("Two estates")
    page.get_by_test_id("save-team").check()
    page.get_by_test_id("save-new").click()
    expect(page.get_by_test_id("save-ok")).to_contain_text("Saved as “Two estates” (team).")
    expect(page.get_by_test_id("update-saved")).to_be_visible()

    page.goto(live_server.url("/saved"))
    row = page.get_by_test_id("saved-row").filter(has_text="Two estates")
    expect(row.get_by_test_id("saved-visibility")).to_have_text("team")
    row.get_by_test_id("share-saved").click()
    url = page.get_by_test_id("share-url").input_value()
    assert "/s/" in url

    bob = _member_page(browser, ui, database_url, "bob")
    bob.goto(url)
    expect(bob.get_by_test_id("share-title")).to_contain_text("Saved request “Two estates”")
    follow(bob, bob.get_by_test_id("open-share-in-composer"))
    expect(bob.locator("#resourcetype-0")).to_have_value("estate")
    assert json.loads(bob.locator("#parameters-0").input_value())["listlimit"] == 2
    ui.send(bob)
    expect(bob.locator("#response [data-testid=records] tbody tr")).to_have_count(2)

    page.goto(live_server.url("/shares"))
    page.get_by_test_id("share-row").get_by_role("button", name="Revoke").click()
    expect(page.get_by_test_id("share-status")).to_have_text("revoked")
    response = bob.goto(url)
    assert response is not None and response.status == 404
