"""In the browser: the composer's code panel (tabs, copy, download), the "Sent" tab of an
answer, and the signature X-ray, with axe-core on each."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from tests.e2e.e2e_support import htmx_settled

if TYPE_CHECKING:
    from tests.e2e.conftest import Ui

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"


def _axe_serious(page: Page) -> list[Any]:
    """Serious and critical axe-core violations of the page as it is now."""
    page.add_script_tag(url="/test-only/axe.min.js")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_code_panel_sent_tab_and_xray(logged_in: Page, ui: Ui, tmp_path: Path) -> None:
    page = logged_in
    # The CSP forbids inline scripts: axe-core is served from the page's own origin.
    page.route(
        "**/test-only/axe.min.js",
        lambda route: route.fulfill(path=AXE, content_type="text/javascript"),
    )
    ui.send(page)
    # The answer's "Sent" tab: the envelope with markers, the headers both ways.
    page.get_by_test_id("tab-wire").click()
    envelope = page.get_by_test_id("wire-envelope")
    expect(envelope).to_contain_text('"token": "<token>"')
    expect(envelope).to_contain_text("<HMAC v2, computed when sent>")
    expect(page.get_by_test_id("wire-response-headers")).to_contain_text("content-type")

    # The code panel: shell first, another language a click away, copy and download.
    page.get_by_test_id("composer-code").locator("summary").click()
    code = page.get_by_test_id("code-text")
    expect(code).to_contain_text("openssl dgst -sha256 -hmac")
    htmx_settled(page)  # the language tabs came with the panel: htmx must have taken them over
    page.get_by_test_id("code-lang-python").click()
    expect(code).to_contain_text("urllib.request")
    expect(page.get_by_test_id("code-lang-python")).to_have_attribute("aria-selected", "true")
    assert _axe_serious(page) == []
    with page.expect_download() as info:
        page.get_by_test_id("code-download").click()
    download = info.value
    assert download.suggested_filename == "onoffice_request.py"
    saved = tmp_path / "saved.py"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == code.text_content()
    assert DEMO_TOKEN not in saved.read_text() and DEMO_SECRET not in saved.read_text()

    # The X-ray: a stale request is named in seconds, no HMAC of the playground shown.
    stale = build_envelope(
        [ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"]})],
        token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(time.time()) - 900, hmac_version=2,
    )  # fmt: skip
    page.goto(ui.server.url("/xray"))
    page.get_by_label("The whole request body (JSON)").fill(json.dumps(stale))
    page.get_by_test_id("xray-check").click()
    diagnosis = page.get_by_test_id("xray-diagnosis")
    expect(diagnosis).to_contain_text("seconds behind the server clock")
    expect(diagnosis).to_contain_text("HMAC matches")
    assert _axe_serious(page) == []
