"""Team features in Chromium, beyond test_e2e_team.py: custody, protected re-sends, history links.

- A member who sends with a shared profile finds its token and secret on no page, fragment,
  export or error page, not even by typing the profile's edit address.
- A protected profile shared with the team asks the member before a modify, and asks again
  when the entry is re-sent from history.
- A link to a history entry shows the request and the answer to another member, and is gone
  once its creator revokes it from the link's own page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from playground.services import accounts
from playground.store.db import make_engine
from tests.e2e.e2e_support import (
    CANARY_SECRET,
    CANARY_SERVER_ENV,
    CANARY_TOKEN,
    Received,
    accept_confirms,
    create_sandbox_profile,
    htmx_settled,
)

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

# With `--dist loadgroup` one worker runs every test that needs this server (one start).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("canary_server")]
PASSWORD = "correct horse battery"


@pytest.fixture
def server_env() -> dict[str, str]:
    """The sandbox accepts the canaries: the shared profile holding them can send."""
    return CANARY_SERVER_ENV


@pytest.fixture
def member(browser: Browser, ui: Ui, database_url: str, logged_in: Page) -> Iterator[Page]:
    """Bob, a member, logged in in a browser context of his own (after the admin exists)."""
    engine = make_engine(database_url)
    with Session(engine) as db:
        accounts.create_user(db, username="bob", password=PASSWORD, is_admin=False)
    engine.dispose()
    context = browser.new_context()
    page = context.new_page()
    ui.log_in(page, "bob", PASSWORD)
    yield page
    context.close()


def _create_shared_profile(page: Page, server: LiveServer, name: str, *, protected: bool) -> None:
    """Create a sandbox profile with the canaries on the profiles page and share it."""
    accept_confirms(page)
    create_sandbox_profile(
        page, server.url("/profiles"), name, token=CANARY_TOKEN, secret=CANARY_SECRET,
        protected=protected,
    )  # fmt: skip
    card = page.get_by_test_id("profile").filter(has=page.get_by_role("heading", name=name))
    card.get_by_test_id("share-profile").click()
    expect(card.get_by_test_id("sharing")).to_have_text("shared with the team")


def test_a_member_finds_no_way_to_the_shared_profiles_token_or_secret(
    logged_in: Page, member: Page, live_server: LiveServer, ui: Ui
) -> None:
    _create_shared_profile(logged_in, live_server, "Team canary", protected=False)
    bob = member
    seen = Received(bob)

    bob.goto(live_server.url("/"))
    bob.get_by_label("Profile", exact=True).select_option(
        label="Team canary · sandbox · v2 · shared by ada"
    )
    ui.send(bob)
    expect(bob.locator("#response [data-testid=records] tbody tr").first).to_be_visible()
    seen.snapshot()
    [entry] = ui.history(bob)
    assert entry["ok"] and entry["profile_name"] == "Team canary"

    # Every place an entry can be read: detail page, JSON, download, the shared link.
    bob.goto(live_server.url(f"/history/{entry['id']}"))
    expect(bob.get_by_test_id("request-json")).to_be_visible()
    seen.snapshot()
    for path in (f"/api/history/{entry['id']}", f"/history/{entry['id']}/response.json"):
        export = bob.request.get(live_server.url(path))
        assert export.ok
        seen.bodies.append(export.text())
    bob.get_by_test_id("share-history").click()
    link = bob.get_by_test_id("share-url").input_value()
    bob.goto(link)
    expect(bob.get_by_test_id("share-title")).to_contain_text("History entry")
    seen.snapshot()

    # The profile's card: usable, not editable, neither token hint nor fingerprint.
    bob.goto(live_server.url("/profiles"))
    card = bob.get_by_test_id("profile").filter(has=bob.get_by_role("heading", name="Team canary"))
    expect(card.get_by_test_id("profile-owner")).to_have_text("Shared by ada")
    expect(card.get_by_test_id("token-masked")).to_have_count(0)
    expect(card.get_by_test_id("secret-fingerprint")).to_have_count(0)
    expect(card.get_by_role("link", name="Edit")).to_have_count(0)
    card.get_by_test_id("test-connection").click()
    expect(card.get_by_test_id("connection-check")).to_contain_text("Connected")
    seen.snapshot()

    # Typing the owner's edit address leads nowhere.
    profile_id = card.get_attribute("data-profile-id")
    assert profile_id
    answer = bob.goto(live_server.url(f"/profiles/{profile_id}"))
    assert answer is not None and answer.status == 404
    expect(bob.get_by_test_id("error")).to_contain_text("Not found")
    seen.snapshot()

    assert seen.unreadable == []
    assert len(seen.bodies) > 20
    for body in seen.bodies:
        assert CANARY_TOKEN not in body and CANARY_SECRET not in body
    log = live_server.log_text()
    assert "POST /send" in log
    assert CANARY_TOKEN not in log and CANARY_SECRET not in log


def test_a_shared_protected_profile_asks_the_member_before_a_modify_and_on_resend(
    logged_in: Page, member: Page, live_server: LiveServer, ui: Ui
) -> None:
    _create_shared_profile(logged_in, live_server, "Production", protected=True)
    bob = member
    bob.goto(live_server.url("/"))
    bob.get_by_label("Profile", exact=True).select_option(
        label="Production · sandbox · v2 · shared by ada · protected"
    )
    bob.locator("#verb-0").select_option("modify")
    bob.locator("#resourceid-0").fill("1")
    bob.get_by_label("Parameters").fill(json.dumps({"data": {"kaufpreis": 310000}}))
    bob.get_by_test_id("send").click()
    question = bob.locator("#response").get_by_test_id("confirm-protected")
    expect(question).to_contain_text("“Production” is a protected profile. Nothing was sent.")
    assert ui.history(bob) == []
    htmx_settled(bob)  # its "Send anyway" posts through htmx once htmx has taken it over
    question.get_by_test_id("send-anyway").click()
    expect(bob.locator("#response [data-testid=response]")).to_be_visible()
    [entry] = ui.history(bob)
    assert entry["calls"] == "modify estate"

    # Re-sending it from history asks again; nothing is sent before the answer.
    bob.goto(live_server.url(f"/history/{entry['id']}"))
    bob.get_by_test_id("resend").click()
    again = bob.locator("#response").get_by_test_id("confirm-protected")
    expect(again.get_by_test_id("protected-writes")).to_have_text("modify estate 1")
    assert len(ui.history(bob)) == 1
    htmx_settled(bob)
    again.get_by_test_id("send-anyway").click()
    expect(bob.locator("#response [data-testid=response]")).to_be_visible()
    entries = ui.history(bob)
    assert len(entries) == 2 and all(e["calls"] == "modify estate" for e in entries)


def test_a_history_link_shows_the_answer_to_a_member_until_its_creator_revokes_it(
    logged_in: Page, member: Page, live_server: LiveServer, ui: Ui
) -> None:
    ada = logged_in
    accept_confirms(ada)
    ui.pick_template(ada, "read estate", "Read estates")
    ui.send(ada)
    rows = ada.locator("#response [data-testid=records] tbody tr")
    expect(rows.first).to_be_visible()
    records = rows.count()
    [entry] = ui.history(ada)
    ada.goto(live_server.url(f"/history/{entry['id']}"))
    ada.get_by_test_id("share-history").click()
    link = ada.get_by_test_id("share-url").input_value()

    bob = member
    bob.goto(link)
    expect(bob.get_by_test_id("share-title")).to_contain_text(f"History entry #{entry['id']}")
    expect(bob.get_by_test_id("share-title")).to_contain_text("shared by ada")
    expect(bob.locator("#response [data-testid=records] tbody tr")).to_have_count(records)
    expect(bob.get_by_test_id("revoke-share")).to_have_count(0)  # not his to revoke

    ada.goto(link)
    ada.get_by_test_id("revoke-share").click()
    expect(ada).to_have_url(live_server.url("/shares"))
    expect(ada.get_by_test_id("share-status")).to_have_text("revoked")
    answer = bob.reload()
    assert answer is not None and answer.status == 404
    expect(bob.get_by_test_id("error")).to_contain_text("Not found")
    expect(bob.get_by_test_id("records")).to_have_count(0)
