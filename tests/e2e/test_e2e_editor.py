"""The parameters editor: suggestions, checks before sending, keyboard use, no-JS, axe-core."""

from __future__ import annotations

import json
import re
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.e2e_support import htmx_settled

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveServer, Ui

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
READ_ESTATE = {"data": ["Id"], "listlimit": 5}
# A field as /fields.json gives it, for the generated 1,000-field catalogue.
KAUFPREIS: dict[str, Any] = {
    "label": "Purchase price",
    "type": "float",
    "length": None,
    "permitted": None,
    "default": None,
}


def editor(scope: Page | Locator) -> Locator:
    """The first action's parameters editor, by its accessible name."""
    return scope.get_by_role("textbox", name="Parameters").first


def set_parameters(page: Page, text: str) -> None:
    """Replace the editor's text (select all, then type the new text at once)."""
    box = editor(page)
    box.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(text)


@pytest.fixture
def composer(page: Page, ui: Ui) -> Page:
    """Logged in, the editor up on a read estate action (catalogues from the server)."""
    ui.set_up_first_account(page.request)
    page.goto(ui.server.url("/"))
    expect(editor(page)).to_be_visible()
    page.locator("#resourcetype-0").fill("estate")
    return page


def listbox(page: Page) -> Locator:
    return page.get_by_role("listbox")


def marked_warning(page: Page, text: str) -> Locator:
    """The underlined place of a warning in the first editor."""
    return page.locator("[data-action] .jsonarea mark.lint-warning", has_text=text).first


def problems(page: Page) -> Locator:
    """The first editor's warnings, listed in words under it."""
    return page.locator("[data-action] [data-problems]").first


def test_typing_in_the_data_list_offers_kaufpreis_and_the_keyboard_inserts_it(
    composer: Page,
) -> None:
    page = composer
    set_parameters(page, '{"data": []}')
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # inside the brackets
    page.keyboard.type('"kauf')
    option = listbox(page).get_by_role("option", name=re.compile("kaufpreis"))
    expect(option).to_be_visible()
    # Its label and type, as the account's field catalogue gives them.
    label = page.evaluate(
        """async () => { const p = document.getElementById("profile_id").value;
        const r = await fetch("/fields.json?profile=" + p + "&language=ENG");
        return (await r.json()).modules.estate.kaufpreis.label; }"""
    )
    expect(option).to_contain_text(label)
    page.keyboard.press("Enter")
    expect(listbox(page)).to_have_count(0)
    expect(page.locator("#parameters-0")).to_have_value('{"data": ["kaufpreis"]}')


def test_a_misspelt_field_is_flagged_with_the_nearest_name_before_sending(
    composer: Page, ui: Ui
) -> None:
    page = composer
    set_parameters(page, '{"data": ["kaufpries"]}')
    page.keyboard.press("Escape")
    # The warning is at the place (the name underlined) and in words under the editor.
    expect(marked_warning(page, "kaufpries")).to_be_visible()
    expect(problems(page)).to_contain_text("did you mean `kaufpreis`", ignore_case=True)
    assert ui.history(page) == []


def test_listlimit_above_500_is_flagged_but_still_sends(composer: Page, ui: Ui) -> None:
    page = composer
    set_parameters(page, '{"data": ["Id"], "listlimit": 1000}')
    expect(marked_warning(page, "1000")).to_be_visible()
    expect(problems(page)).to_contain_text("falls back to 20 above 500")
    ui.send(page)  # a warning never blocks a send
    [entry] = ui.history(page)
    assert entry["calls"] == "read estate"


def test_an_unknown_resourcetype_is_named_with_the_nearest_one(composer: Page) -> None:
    page = composer
    page.locator("#resourcetype-0").fill("estates")
    expect(page.get_by_test_id("resourcetype-hint")).to_contain_text(
        "did you mean `estate`", ignore_case=True
    )
    page.locator("#resourcetype-0").fill("estate")
    expect(page.get_by_test_id("resourcetype-hint")).to_be_empty()


def open_fields_browser(page: Page) -> Locator:
    """Open the composer's "Fields of the account" (loaded through the profile)."""
    page.get_by_text("Fields of the account").click()
    browser = page.get_by_test_id("fields-browser")
    expect(browser.get_by_test_id("field-list")).to_be_visible()
    # Its search form searches as you type once htmx has taken it over.
    htmx_settled(page)
    return browser


def search_fields(browser: Locator, query: str, absent: str) -> None:
    """Search the fields browser; wait until the list is narrowed (`absent` gone) and the
    browser that came with it (search field included) is taken over by htmx."""
    browser.get_by_label("Search fields").fill(query)
    expect(browser.get_by_role("button", name=absent, exact=True)).to_have_count(0)
    expect(browser.get_by_label("Search fields")).to_have_value(query)
    htmx_settled(browser.page)


def estate_field(browser: Locator, name: str) -> Locator:
    return browser.locator("details[data-module=estate]").get_by_role(
        "button", name=name, exact=True
    )


def test_the_fields_browser_inserts_a_field_into_data_or_as_a_filter(composer: Page) -> None:
    page = composer
    set_parameters(page, json.dumps(READ_ESTATE))
    browser = open_fields_browser(page)
    # By its German label while the labels show in English: Wohnfläche is wohnflaeche.
    expect(browser.get_by_label("Labels")).to_have_value("ENG")
    search_fields(browser, "Wohnfläche", absent="kaufpreis")
    choice = page.get_by_role("group", name="Insert a field into")
    expect(choice.get_by_role("radio", name="data")).to_be_checked()
    estate_field(browser, "wohnflaeche").click()
    inserted = {"data": ["Id", "wohnflaeche"], "listlimit": 5}
    expect(page.locator("#parameters-0")).to_have_value(json.dumps(inserted, indent=2))
    expect(editor(page)).to_have_value(re.compile('"wohnflaeche"'))
    # As a filter, chosen with the keyboard; the choice stays when the list is searched.
    choice.get_by_role("radio", name="data").focus()
    page.keyboard.press("ArrowDown")
    filter_choice = choice.get_by_role("radio", name="a new filter entry")
    expect(filter_choice).to_be_checked()
    search_fields(browser, "purchase price", absent="wohnflaeche")
    expect(filter_choice).to_be_checked()
    estate_field(browser, "kaufpreis").focus()
    page.keyboard.press("Enter")
    inserted["filter"] = {"kaufpreis": [{"op": "=", "val": ""}]}
    expect(page.locator("#parameters-0")).to_have_value(json.dumps(inserted, indent=2))
    expect(editor(page)).to_be_focused()


def test_typing_on_while_a_field_search_is_under_way_keeps_every_character(
    composer: Page,
) -> None:
    # A search runs a moment after typing stops; one slow to answer used to come back over
    # what was typed meanwhile: the field showed the old words and the next search used them.
    browser = open_fields_browser(composer)
    held: list[Route] = []
    composer.route(
        "**/fields?*", lambda route: held.append(route) if not held else route.continue_()
    )
    search = browser.get_by_label("Search fields")
    with composer.expect_request(lambda r: "q=kauf" in r.url):
        search.press_sequentially("kauf")
    search.press_sequentially("preis")  # while the search for "kauf" is under way
    expect(estate_field(browser, "kaufpreis")).to_be_visible()
    with suppress(PlaywrightError):  # a search given up for a newer one cannot go on
        held[0].continue_()
    expect(estate_field(browser, "verkauft")).to_have_count(0)
    htmx_settled(composer)
    expect(search).to_have_value("kaufpreis")
    expect(estate_field(browser, "verkauft")).to_have_count(0)


def test_an_unknown_field_answer_offers_the_nearest_names_and_one_click_fixes_it(
    composer: Page, ui: Ui
) -> None:
    page = composer
    set_parameters(page, '{"data": ["Id", "kaufpries"], "listlimit": 2}')
    # The field list is loaded through the profile (the editor fetches it; opening the
    # fields browser does too), so the server knows the names to suggest.
    open_fields_browser(page)
    expect(marked_warning(page, "kaufpries")).to_be_visible()
    ui.send(page)
    expect(page.get_by_test_id("action-status")).to_contain_text(re.compile("14[13]"))
    unknown = page.get_by_test_id("unknown-field")
    expect(unknown).to_contain_text("kaufpries")
    fix = unknown.get_by_role("button", name="kaufpreis", exact=True)
    expect(fix).to_be_visible()
    fix.click()
    expect(page.locator("#parameters-0")).to_have_value(
        '{"data": ["Id", "kaufpreis"], "listlimit": 2}'
    )
    expect(marked_warning(page, "kaufpries")).to_have_count(0)
    expect(problems(page)).to_be_hidden()
    ui.send(page)
    expect(page.get_by_test_id("action-status")).not_to_contain_text(re.compile("14[13]"))
    expect(page.get_by_test_id("unknown-field")).to_have_count(0)


# A server of its own (these settings are the defaults), so no field list is cached yet.
FRESH_CACHE_ENV = {"PLAYGROUND_LOG_LEVEL": "INFO"}


@pytest.mark.parametrize("server_env", [FRESH_CACHE_ENV])
def test_without_a_field_list_the_panel_offers_to_load_it_then_names_the_nearest(
    browser: Browser, live_server: LiveServer, ui: Ui
) -> None:
    # Without JavaScript nothing loads the field list behind the user's back.
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        ui.set_up_first_account(page.request)

        def send_misspelt() -> Locator:
            page.goto(live_server.url("/"))
            page.get_by_label("Resourcetype").fill("estate")
            page.get_by_label("Parameters (JSON object)").fill('{"data": ["Id", "kaufpries"]}')
            page.get_by_test_id("send").click()
            unknown = page.get_by_test_id("unknown-field")
            expect(unknown).to_contain_text("kaufpries")
            return unknown

        unknown = send_misspelt()
        expect(unknown.get_by_role("button")).to_have_count(0)
        unknown.get_by_role("link", name="Load the field list").click()
        expect(page.get_by_test_id("fields-browser")).to_be_visible()
        expect(page.get_by_role("button", name="kaufpreis", exact=True).first).to_be_visible()
        unknown = send_misspelt()
        expect(unknown.get_by_role("button", name="kaufpreis", exact=True)).to_be_visible()
        expect(unknown.get_by_role("link", name="Load the field list")).to_have_count(0)
    finally:
        context.close()


def test_the_editor_works_with_the_keyboard_only(composer: Page) -> None:
    page = composer
    page.locator("#identifier-0").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Format")).to_be_focused()
    page.keyboard.press("Tab")  # into the editor
    expect(editor(page)).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type('{"listlimit": 3}')
    page.keyboard.press("Tab")  # indents inside the editor: focus stays
    expect(editor(page)).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # Escape then Tab leaves it
    expect(editor(page)).not_to_be_focused()
    value = page.locator("#parameters-0").input_value()
    assert json.loads(value) == {"listlimit": 3}


def test_without_javascript_the_form_still_sends(
    browser: Browser, live_server: LiveServer, ui: Ui
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        ui.set_up_first_account(page.request)
        page.goto(live_server.url("/"))
        area = page.get_by_label("Parameters (JSON object)")
        expect(area).to_have_js_property("tagName", "TEXTAREA")
        page.get_by_label("Resourcetype").fill("estate")
        area.fill(json.dumps({"data": ["Id"], "listlimit": 2}))
        page.get_by_test_id("send").click()
        expect(page.locator("[data-testid=records] tbody tr")).to_have_count(2)
        assert [e["calls"] for e in ui.history(page)] == ["read estate"]
    finally:
        context.close()


def test_no_csp_violation_and_axe_finds_nothing_serious(composer: Page) -> None:
    page = composer
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI), true);"
    )
    page.reload()
    expect(editor(page)).to_be_visible()
    set_parameters(page, '{"data": ["kauf')
    expect(listbox(page)).to_be_visible()  # the editor open, suggestions showing
    # The CSP forbids inline scripts: serve axe-core from the page's own origin instead.
    page.route(
        "**/test-only/axe.min.js",
        lambda route: route.fulfill(path=AXE, content_type="text/javascript"),
    )
    page.add_script_tag(url="/test-only/axe.min.js")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert [m for m in messages if "Content Security Policy" in m] == []
    assert page.evaluate("() => window.__csp") == []


# From the next key event to the listbox inserted, placed and painted, timed in the page.
TIME_NEXT_LISTBOX = """() => {
  window.__latency = null;
  document.addEventListener("keydown", () => {
    const t0 = performance.now();
    const tick = () => {
      const box = document.querySelector("[data-action] .jsonarea [role=listbox]:not([hidden])");
      const r = box && box.getBoundingClientRect();
      if (r && r.top > 0 && r.height > 0) window.__latency = performance.now() - t0;
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, { once: true, capture: true });
}"""


def generated_catalogue(count: int) -> dict[str, Any]:
    fields = {
        f"feld{i:04d}": {
            "label": f"Feld {i}",
            "type": "varchar",
            "length": 80,
            "permitted": None,
            "default": None,
        }
        for i in range(count - 1)
    }
    fields["kaufpreis"] = KAUFPREIS
    return {
        "profile_id": 1,
        "language": "ENG",
        "fetched_at": "2024-01-01T00:00:00Z",
        "modules": {"estate": fields},
    }


def test_suggestions_from_a_1000_field_catalogue(page: Page, ui: Ui) -> None:
    # A controlled catalogue of 1,000 fields instead of the sandbox's account.
    page.route(
        re.compile(r"/fields\.json"), lambda route: route.fulfill(json=generated_catalogue(1000))
    )
    ui.set_up_first_account(page.request)
    page.goto(ui.server.url("/"))
    expect(editor(page)).to_be_visible()
    page.locator("#resourcetype-0").fill("estate")
    set_parameters(page, '{"data": ["fe"]}')
    expect(page.locator("#parameters-0")).to_have_value('{"data": ["fe"]}')
    timings = []
    for _ in range(5):
        page.keyboard.press("Escape")
        editor(page).click()
        page.keyboard.press("End")
        for _ in range(3):
            page.keyboard.press("ArrowLeft")  # right after "fe
        # In the page: from the key event to the listbox inserted, placed and painted.
        page.evaluate(TIME_NEXT_LISTBOX)
        page.keyboard.type("l")
        expect(listbox(page)).to_be_visible()
        page.wait_for_function("() => window.__latency !== null")
        timings.append(float(page.evaluate("() => window.__latency")))
        page.keyboard.press("Backspace")
    timings.sort()
    # Printed for the record (run with -s); a timing is no pass/fail criterion on a shared
    # machine. What must hold is checked above: each key press got its listbox of
    # suggestions from the 1,000-field catalogue.
    print(
        f"\nsuggestion latency, 1,000 fields: best {timings[0]:.1f} ms, median {timings[2]:.1f} ms,"
        f" worst {timings[-1]:.1f} ms (target 50 ms)"
    )
